-- Merged audits (lime-workbench merge): shards explained apart, brought into one audit. Each source's own
-- log is kept whole with its signatures, and each copied row is mapped to the source row and the source
-- entry that recorded it, so a merged run or verdict is still vouched for by the entry — and the reviewer's
-- signature — that recorded it where it was made. The merge entry of this audit's chain records each row
-- of merged_sources (the source's head, its number of entries and signatures, a digest of its row map).

CREATE TABLE merged_sources (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  -- The source file's SHA-256 when it was merged.
  sha256      TEXT NOT NULL,
  head_seq    INTEGER NOT NULL,
  head_hash   TEXT NOT NULL UNIQUE,
  entries     INTEGER NOT NULL,
  signatures  INTEGER NOT NULL,
  -- SHA-256 over the source's merged_rows in order: a changed map changes it.
  rows_digest TEXT NOT NULL,
  merged_at   TEXT NOT NULL
) STRICT;
CREATE TRIGGER merged_sources_append_only_update BEFORE UPDATE ON merged_sources
BEGIN SELECT RAISE (ABORT, 'merged sources are append-only'); END;
CREATE TRIGGER merged_sources_append_only_delete BEFORE DELETE ON merged_sources
BEGIN SELECT RAISE (ABORT, 'merged sources are append-only'); END;

-- A source's audit log as it was, entry for entry, with the signature each entry carried there.
CREATE TABLE merged_log (
  source_id    INTEGER NOT NULL REFERENCES merged_sources (id),
  seq          INTEGER NOT NULL,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject      TEXT NOT NULL,
  details_json TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  fingerprint  TEXT,
  signature    TEXT,
  PRIMARY KEY (source_id, seq),
  CHECK ((fingerprint IS NULL) = (signature IS NULL))
) STRICT, WITHOUT ROWID;
CREATE TRIGGER merged_log_append_only_update BEFORE UPDATE ON merged_log
BEGIN SELECT RAISE (ABORT, 'merged logs are append-only'); END;
CREATE TRIGGER merged_log_append_only_delete BEFORE DELETE ON merged_log
BEGIN SELECT RAISE (ABORT, 'merged logs are append-only'); END;

-- Where each source row went: copied (source_seq: the source entry that last recorded it), or matched to a
-- row already here (a model or dataset of the same SHA-256, a reviewer key of the same fingerprint, a
-- duplicate run: source_seq NULL).
CREATE TABLE merged_rows (
  source_id     INTEGER NOT NULL REFERENCES merged_sources (id),
  table_name    TEXT NOT NULL,
  source_row_id INTEGER NOT NULL,
  row_id        INTEGER NOT NULL,
  source_seq    INTEGER,
  PRIMARY KEY (source_id, table_name, source_row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX merged_rows_by_row ON merged_rows (table_name, row_id);
CREATE TRIGGER merged_rows_append_only_update BEFORE UPDATE ON merged_rows
BEGIN SELECT RAISE (ABORT, 'merged rows are append-only'); END;
CREATE TRIGGER merged_rows_append_only_delete BEFORE DELETE ON merged_rows
BEGIN SELECT RAISE (ABORT, 'merged rows are append-only'); END;
