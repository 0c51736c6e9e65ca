-- 0005: PLACEHOLDER on the pgspeed branch only. Version 0005 is reserved for the enrich branch's migration, and
-- the runner wants versions without gaps; at merge this file is deleted in favour of the enrich branch's 0005 (and
-- the generated module and schema snapshot regenerated). It changes nothing.
SELECT 1;
