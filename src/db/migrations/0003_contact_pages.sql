-- 0003: contact extraction. Which pages of a domain were chosen for contacts and how fetching each went, the
-- domain-level contact card, and on each contact where on its page it was read and the page's phone numbers.
-- Never edit this file once applied anywhere: add 0004_….sql instead (docs/migrations.md).

-- A run started with --contacts ends with a contact extraction job for its domain.
ALTER TABLE crawl_runs ADD COLUMN with_contacts boolean NOT NULL DEFAULT false;

-- One page chosen for contact extraction: from the inventory (scored by its URL), the home page, and for a domain
-- without a sitemap a contact-like link of its home page or a well-known contact path. Re-extraction updates the row.
CREATE TABLE contact_pages (
  domain_id bigint NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (octet_length(url) BETWEEN 1 AND 2048),
  page_id bigint REFERENCES pages (id) ON DELETE SET NULL,
  selected_by text NOT NULL CHECK (selected_by IN ('home', 'inventory', 'home-link', 'well-known')),
  score numeric NOT NULL DEFAULT 0,
  reasons text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'fetched', 'failed', 'skipped')),
  http_status integer CHECK (http_status BETWEEN 100 AND 599),
  final_url text,
  charset text,
  region text,
  emails integer NOT NULL DEFAULT 0 CHECK (emails >= 0),
  phones integer NOT NULL DEFAULT 0 CHECK (phones >= 0),
  socials integer NOT NULL DEFAULT 0 CHECK (socials >= 0),
  -- Why the page gave nothing: a stable code (SS_ERR_…) and a message.
  error_code text,
  error_message text,
  selected_at timestamptz NOT NULL DEFAULT now(),
  fetched_at timestamptz,
  PRIMARY KEY (domain_id, url)
);

-- The domain's contact card: the best address of each type, every phone and social profile, the people named.
CREATE TABLE domain_contact_cards (
  domain_id bigint PRIMARY KEY REFERENCES domains (id) ON DELETE CASCADE,
  -- {"SERVICE": "info@…", "CORPORATE": "jane.doe@…", "FREE": "…@gmail.com", "UNKNOWN": "…"}
  best_emails jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(best_emails) = 'object'),
  -- [{"e164": "+49…", "kind": "phone", "sourceUrl": "…"}]
  phones jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(phones) = 'array'),
  -- {"linkedin": ["https://www.linkedin.com/company/…"], …}
  socials jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(socials) = 'object'),
  -- [{"name": "…", "role": "…", "email": "…", "phone": "…"}]
  people jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(people) = 'array'),
  email_count integer NOT NULL DEFAULT 0 CHECK (email_count >= 0),
  has_gmail boolean NOT NULL DEFAULT false,
  pages_fetched integer NOT NULL DEFAULT 0 CHECK (pages_fetched >= 0),
  pages_failed integer NOT NULL DEFAULT 0 CHECK (pages_failed >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where on its page the address was read (mailto, text, json-ld, cfemail, …), and the page's phone numbers (E.164).
ALTER TABLE contacts
  ADD COLUMN found_in text[] NOT NULL DEFAULT '{}',
  ADD COLUMN phones text[] NOT NULL DEFAULT '{}';
