-- 0006: an enrichment callback finds its contact in one index probe.
-- Never edit this file once applied anywhere: add 0007_….sql instead (docs/migrations.md).

-- POST /webhooks/enrichment updates the contact WHERE last_enrichment_id = $1 AND enrichment_status = 'in_progress'.
-- Without an index on the id, that went through contacts_enrichment_status_idx and filtered every in-progress
-- contact: a callback cost O(contacts in flight), and a batch of n callbacks O(n²), the shape of the incident this
-- project exists for. Partial: contacts never sent for enrichment have no id.
CREATE INDEX contacts_last_enrichment_id_idx ON contacts (last_enrichment_id) WHERE last_enrichment_id IS NOT NULL;
