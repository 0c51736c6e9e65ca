-- 0004: PLACEHOLDER on the pgspeed branch only. Version 0004 is reserved for the api branch's migration, and the
-- runner wants versions without gaps; at merge this file is deleted in favour of the api branch's 0004 (and the
-- generated module and schema snapshot regenerated). It changes nothing.
SELECT 1;
