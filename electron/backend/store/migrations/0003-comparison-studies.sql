-- A version review: two models over the same rows of one dataset, each row explained under both with the
-- same parameters and seed. `selection_json` says how the rows were chosen (a range, a list, a cohort
-- filter, an SP-LIME pick) and `rows_json` which they are; `explain_key` is the canonical JSON of what every
-- run is explained with (dataset, training data, label column, parameters), so another study with the same
-- key reuses its runs.
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

-- One finished row of a study: its run under each model. Written when both runs are saved, so a cancelled
-- study keeps its finished rows and a resumed one explains only the rest. `compared_json` holds what the
-- study's summary reads of the two runs (each side's prediction, the label both explain, and that
-- explanation's weight per input), so a summary of thousands of rows never parses the runs again.
CREATE TABLE study_rows (
  id            INTEGER PRIMARY KEY,
  study_id      INTEGER NOT NULL REFERENCES comparison_studies (id),
  row_index     INTEGER NOT NULL,
  run_a_id      INTEGER NOT NULL REFERENCES explanation_runs (id),
  run_b_id      INTEGER NOT NULL REFERENCES explanation_runs (id),
  compared_json TEXT NOT NULL,
  UNIQUE (study_id, row_index)
) STRICT;

-- Verdicts on a study, kept like a run's: each change a new version, nothing overwritten.
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
CREATE TRIGGER study_annotations_append_only_update BEFORE UPDATE ON study_annotations
BEGIN SELECT RAISE (ABORT, 'study annotations are append-only: a change is a new version'); END;
CREATE TRIGGER study_annotations_append_only_delete BEFORE DELETE ON study_annotations
BEGIN SELECT RAISE (ABORT, 'study annotations are append-only: a change is a new version'); END;
CREATE TRIGGER study_rows_append_only_update BEFORE UPDATE ON study_rows
BEGIN SELECT RAISE (ABORT, 'study rows are append-only'); END;
