-- 0004: API keys for the HTTP service. A key is shown once when created and only its SHA-256 hash is kept, so a
-- leaked database (or backup) gives no usable key; a request is matched by hashing what it presents and looking the
-- hash up, which compares nothing secret byte by byte in JavaScript.
-- Never edit this file once applied anywhere: add 0005_….sql instead (docs/migrations.md).

CREATE TABLE api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- What `sitescout keys revoke <name>` names it by; unique even after revocation, so logs stay unambiguous.
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 64),
  -- The key's first characters (`ss_AbCd1234`), for recognising a key in `keys list` without storing it.
  prefix text NOT NULL CHECK (char_length(prefix) BETWEEN 1 AND 16),
  -- SHA-256 of the whole key, hex.
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Updated at most once a minute per key, so authentication costs one indexed read per request.
  last_used_at timestamptz,
  revoked_at timestamptz
);
