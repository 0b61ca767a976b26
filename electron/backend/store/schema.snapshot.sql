CREATE INDEX audit_log_by_subject ON audit_log (subject);

CREATE INDEX explanation_runs_by_label ON explanation_runs (label);

CREATE INDEX explanation_runs_by_model ON explanation_runs (model_id);

CREATE INDEX explanation_runs_by_row ON explanation_runs (row_index);

CREATE INDEX explanation_runs_by_score ON explanation_runs (score);

CREATE INDEX merged_rows_by_row ON merged_rows (table_name, row_id);

CREATE TABLE annotations (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES explanation_runs (id),
  version    INTEGER NOT NULL CHECK (version >= 1),
  verdict    TEXT NOT NULL CHECK (verdict IN ('trusted', 'not-trusted', 'follow-up')),
  rationale  TEXT NOT NULL,
  tags_json  TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (run_id, version)
) STRICT;

CREATE TABLE audit (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  title        TEXT NOT NULL,
  purpose      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  tool_version TEXT NOT NULL
, require_signatures INTEGER NOT NULL DEFAULT 0 CHECK (require_signatures IN (0, 1))) STRICT;

CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject      TEXT NOT NULL,
  details_json TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE comparison_studies (
  id               INTEGER PRIMARY KEY,
  title            TEXT NOT NULL,
  model_a_id       INTEGER NOT NULL REFERENCES models (id),
  model_b_id       INTEGER NOT NULL REFERENCES models (id),
  dataset_id       INTEGER NOT NULL REFERENCES datasets (id),
  train_dataset_id INTEGER REFERENCES datasets (id),
  selection_json   TEXT NOT NULL,
  rows_json        TEXT NOT NULL,
  explain_key      TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  CHECK (model_a_id <> model_b_id)
) STRICT;

CREATE TABLE datasets (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  columns_json TEXT NOT NULL,
  row_count    INTEGER NOT NULL,
  added_at     TEXT NOT NULL,
  UNIQUE (sha256, path)
) STRICT;

CREATE TABLE explanation_runs (
  id                 INTEGER PRIMARY KEY,
  model_id           INTEGER NOT NULL REFERENCES models (id),
  dataset_id         INTEGER REFERENCES datasets (id),
  train_dataset_id   INTEGER REFERENCES datasets (id),
  row_index          INTEGER,
  modality           TEXT NOT NULL CHECK (modality IN ('tabular', 'text', 'image')),
  instance_json      TEXT NOT NULL,
  params_json        TEXT NOT NULL,
  seed               INTEGER NOT NULL,
  prediction_json    TEXT NOT NULL,
  runs_json          TEXT NOT NULL,
  stability_json     TEXT,
  label              INTEGER,
  label_name         TEXT,
  score              REAL NOT NULL,
  local_prediction   REAL NOT NULL,
  model_prediction   REAL NOT NULL,
  total_ms           REAL NOT NULL,
  inference_ms       REAL NOT NULL,
  tool_version       TEXT NOT NULL,
  created_at         TEXT NOT NULL
) STRICT;

CREATE TABLE log_signatures (
  seq         INTEGER PRIMARY KEY REFERENCES audit_log (seq),
  fingerprint TEXT NOT NULL REFERENCES reviewer_keys (fingerprint),
  -- Ed25519 over the entry's hash (its 64 hex characters), base64.
  signature   TEXT NOT NULL
) STRICT;

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

CREATE TABLE merged_rows (
  source_id     INTEGER NOT NULL REFERENCES merged_sources (id),
  table_name    TEXT NOT NULL,
  source_row_id INTEGER NOT NULL,
  row_id        INTEGER NOT NULL,
  source_seq    INTEGER,
  PRIMARY KEY (source_id, table_name, source_row_id)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE models (
  id            INTEGER PRIMARY KEY,
  family        TEXT NOT NULL,
  version_label TEXT NOT NULL,
  path          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL UNIQUE,
  info_json     TEXT NOT NULL,
  profile_json  TEXT NOT NULL,
  added_at      TEXT NOT NULL,
  UNIQUE (family, version_label)
) STRICT;

CREATE TABLE reviewer_keys (
  id          INTEGER PRIMARY KEY,
  reviewer    TEXT NOT NULL,
  -- SHA-256 of the public key's SPKI DER encoding, hex.
  fingerprint TEXT NOT NULL UNIQUE,
  -- The public key, SPKI DER, base64.
  public_key  TEXT NOT NULL,
  added_at    TEXT NOT NULL
) STRICT;

CREATE TABLE run_checks (
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL UNIQUE REFERENCES explanation_runs (id),
  kernel_shap_json TEXT,
  agreement_json   TEXT,
  sweep_json       TEXT,
  CHECK ((kernel_shap_json IS NULL) = (agreement_json IS NULL)),
  CHECK (kernel_shap_json IS NOT NULL OR sweep_json IS NOT NULL)
) STRICT;

CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE study_annotations (
  id         INTEGER PRIMARY KEY,
  study_id   INTEGER NOT NULL REFERENCES comparison_studies (id),
  version    INTEGER NOT NULL CHECK (version >= 1),
  verdict    TEXT NOT NULL CHECK (verdict IN ('trusted', 'not-trusted', 'follow-up')),
  rationale  TEXT NOT NULL,
  tags_json  TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (study_id, version)
) STRICT;

CREATE TABLE study_rows (
  id            INTEGER PRIMARY KEY,
  study_id      INTEGER NOT NULL REFERENCES comparison_studies (id),
  row_index     INTEGER NOT NULL,
  run_a_id      INTEGER NOT NULL REFERENCES explanation_runs (id),
  run_b_id      INTEGER NOT NULL REFERENCES explanation_runs (id),
  compared_json TEXT NOT NULL,
  UNIQUE (study_id, row_index)
) STRICT;

CREATE TRIGGER annotations_append_only_delete BEFORE DELETE ON annotations
BEGIN SELECT RAISE (ABORT, 'annotations are append-only: a change is a new version'); END;

CREATE TRIGGER annotations_append_only_update BEFORE UPDATE ON annotations
BEGIN SELECT RAISE (ABORT, 'annotations are append-only: a change is a new version'); END;

CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit row never changes'); END;

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit row never changes'); END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER log_signatures_append_only_delete BEFORE DELETE ON log_signatures
BEGIN SELECT RAISE (ABORT, 'signatures are append-only'); END;

CREATE TRIGGER log_signatures_append_only_update BEFORE UPDATE ON log_signatures
BEGIN SELECT RAISE (ABORT, 'signatures are append-only'); END;

CREATE TRIGGER merged_log_append_only_delete BEFORE DELETE ON merged_log
BEGIN SELECT RAISE (ABORT, 'merged logs are append-only'); END;

CREATE TRIGGER merged_log_append_only_update BEFORE UPDATE ON merged_log
BEGIN SELECT RAISE (ABORT, 'merged logs are append-only'); END;

CREATE TRIGGER merged_rows_append_only_delete BEFORE DELETE ON merged_rows
BEGIN SELECT RAISE (ABORT, 'merged rows are append-only'); END;

CREATE TRIGGER merged_rows_append_only_update BEFORE UPDATE ON merged_rows
BEGIN SELECT RAISE (ABORT, 'merged rows are append-only'); END;

CREATE TRIGGER merged_sources_append_only_delete BEFORE DELETE ON merged_sources
BEGIN SELECT RAISE (ABORT, 'merged sources are append-only'); END;

CREATE TRIGGER merged_sources_append_only_update BEFORE UPDATE ON merged_sources
BEGIN SELECT RAISE (ABORT, 'merged sources are append-only'); END;

CREATE TRIGGER reviewer_keys_append_only_delete BEFORE DELETE ON reviewer_keys
BEGIN SELECT RAISE (ABORT, 'reviewer keys are append-only'); END;

CREATE TRIGGER reviewer_keys_append_only_update BEFORE UPDATE ON reviewer_keys
BEGIN SELECT RAISE (ABORT, 'reviewer keys are append-only'); END;

CREATE TRIGGER study_annotations_append_only_delete BEFORE DELETE ON study_annotations
BEGIN SELECT RAISE (ABORT, 'study annotations are append-only: a change is a new version'); END;

CREATE TRIGGER study_annotations_append_only_update BEFORE UPDATE ON study_annotations
BEGIN SELECT RAISE (ABORT, 'study annotations are append-only: a change is a new version'); END;

CREATE TRIGGER study_rows_append_only_update BEFORE UPDATE ON study_rows
BEGIN SELECT RAISE (ABORT, 'study rows are append-only'); END;
