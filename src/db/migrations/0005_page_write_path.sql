-- 0005: what every page insert paid for and nothing read (docs/decisions/0014-page-batches-by-copy.md).
-- Never edit this file once applied anywhere: add 0006_….sql instead (docs/migrations.md).

-- A foreign key is checked row by row: each inserted page ran one query per key on the referenced row (and took a
-- share lock on it), four keys, which cost the crawl's upsert more server time than the insert itself. The keys are
-- replaced by triggers that keep every rule they enforced but run once per statement: a batch of 5,000 pages checks
-- its one domain once.
--  * pages.domain_id: an inserted page's domain must exist, and is locked FOR KEY SHARE as the key's check locked
--    it (a domain cannot be deleted under pages being written to it); a page moved to another domain is checked
--    the same way; deleting a domain deletes its pages (the key's ON DELETE CASCADE). Same SQLSTATE (23503) and
--    constraint name as the key's violation.
--  * the three provenance pointers (which file and which runs listed the page) keep their ON DELETE SET NULL.
--    Their values come from rows the same job has just read or written, and no code deletes runs or sitemap files,
--    so they are not checked on insert.
ALTER TABLE pages
  DROP CONSTRAINT pages_domain_id_fkey,
  DROP CONSTRAINT pages_sitemap_file_id_fkey,
  DROP CONSTRAINT pages_last_crawl_run_id_fkey,
  DROP CONSTRAINT pages_first_crawl_run_id_fkey;

CREATE FUNCTION pages_check_domains() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted bigint;
BEGIN
  FOR wanted IN SELECT DISTINCT domain_id FROM new_pages LOOP
    PERFORM 1 FROM domains WHERE id = wanted FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insert or update on table "pages" violates foreign key constraint "pages_domain_id_fkey"'
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'pages_domain_id_fkey', TABLE = 'pages',
          DETAIL = format('Key (domain_id)=(%s) is not present in table "domains".', wanted);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER pages_check_domains AFTER INSERT ON pages
  REFERENCING NEW TABLE AS new_pages FOR EACH STATEMENT EXECUTE FUNCTION pages_check_domains();

CREATE FUNCTION pages_check_moved_domain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM domains WHERE id = NEW.domain_id FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "pages" violates foreign key constraint "pages_domain_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'pages_domain_id_fkey', TABLE = 'pages',
        DETAIL = format('Key (domain_id)=(%s) is not present in table "domains".', NEW.domain_id);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER pages_check_moved_domain BEFORE UPDATE OF domain_id ON pages
  FOR EACH ROW WHEN (NEW.domain_id IS DISTINCT FROM OLD.domain_id) EXECUTE FUNCTION pages_check_moved_domain();

CREATE FUNCTION pages_follow_deleted_domains() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pages p USING deleted_domains d WHERE p.domain_id = d.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER domains_delete_pages AFTER DELETE ON domains
  REFERENCING OLD TABLE AS deleted_domains FOR EACH STATEMENT EXECUTE FUNCTION pages_follow_deleted_domains();

CREATE FUNCTION pages_forget_sitemap_files() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE pages p SET sitemap_file_id = NULL FROM deleted_files f WHERE p.sitemap_file_id = f.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER sitemap_files_forget_pages AFTER DELETE ON sitemap_files
  REFERENCING OLD TABLE AS deleted_files FOR EACH STATEMENT EXECUTE FUNCTION pages_forget_sitemap_files();

-- A run's pages are its domain's: (domain_id, …) finds them through UNIQUE (domain_id, url) without an index of
-- their own.
CREATE FUNCTION pages_forget_crawl_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE pages p SET last_crawl_run_id = NULL FROM deleted_runs r WHERE p.domain_id = r.domain_id AND p.last_crawl_run_id = r.id;
  UPDATE pages p SET first_crawl_run_id = NULL FROM deleted_runs r WHERE p.domain_id = r.domain_id AND p.first_crawl_run_id = r.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER crawl_runs_forget_pages AFTER DELETE ON crawl_runs
  REFERENCING OLD TABLE AS deleted_runs FOR EACH STATEMENT EXECUTE FUNCTION pages_forget_crawl_runs();

-- Indexes no query reads, each updated on every insert: a domain's pages by last_seen or by page_type are found
-- through UNIQUE (domain_id, url) (export, replay, gone detection and contact selection all start from the
-- domain), and a run's pages are counted within its domain (RUN_PAGE_COUNTS_SQL). pages_sitemap_file_idx stays: a
-- file that answers 304 marks its pages seen by it.
DROP INDEX pages_domain_last_seen_idx;
DROP INDEX pages_domain_page_type_idx;
DROP INDEX pages_last_crawl_run_idx;
