-- Reviewers' Ed25519 keys and the signatures they put on audit log entries. A signature covers an entry's
-- hash, so it vouches for the entry and, through the chain, for every entry before it. Signatures live
-- beside the log (the hash cannot cover a signature of itself). Both tables are append-only.

ALTER TABLE audit ADD COLUMN require_signatures INTEGER NOT NULL DEFAULT 0 CHECK (require_signatures IN (0, 1));

CREATE TABLE reviewer_keys (
  id          INTEGER PRIMARY KEY,
  reviewer    TEXT NOT NULL,
  -- SHA-256 of the public key's SPKI DER encoding, hex.
  fingerprint TEXT NOT NULL UNIQUE,
  -- The public key, SPKI DER, base64.
  public_key  TEXT NOT NULL,
  added_at    TEXT NOT NULL
) STRICT;
CREATE TRIGGER reviewer_keys_append_only_update BEFORE UPDATE ON reviewer_keys
BEGIN SELECT RAISE (ABORT, 'reviewer keys are append-only'); END;
CREATE TRIGGER reviewer_keys_append_only_delete BEFORE DELETE ON reviewer_keys
BEGIN SELECT RAISE (ABORT, 'reviewer keys are append-only'); END;

CREATE TABLE log_signatures (
  seq         INTEGER PRIMARY KEY REFERENCES audit_log (seq),
  fingerprint TEXT NOT NULL REFERENCES reviewer_keys (fingerprint),
  -- Ed25519 over the entry's hash (its 64 hex characters), base64.
  signature   TEXT NOT NULL
) STRICT;
CREATE TRIGGER log_signatures_append_only_update BEFORE UPDATE ON log_signatures
BEGIN SELECT RAISE (ABORT, 'signatures are append-only'); END;
CREATE TRIGGER log_signatures_append_only_delete BEFORE DELETE ON log_signatures
BEGIN SELECT RAISE (ABORT, 'signatures are append-only'); END;

-- The audit's own row (title, purpose, creation, whether verdicts must be signed) is recorded in the chain
-- from this version on, and never changes.
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit row never changes'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit row never changes'); END;
