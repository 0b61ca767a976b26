-- What a run was checked against beside its own seeds: KernelSHAP of the same instance with, per label,
-- its agreement with LIME (method both), and the kernel-width sweep that chose the width (kernel width
-- auto). At most one row per run, written in the run's transaction and recorded in the audit log as the
-- run is; a run without checks has no row here.
CREATE TABLE run_checks (
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL UNIQUE REFERENCES explanation_runs (id),
  kernel_shap_json TEXT,
  agreement_json   TEXT,
  sweep_json       TEXT,
  CHECK ((kernel_shap_json IS NULL) = (agreement_json IS NULL)),
  CHECK (kernel_shap_json IS NOT NULL OR sweep_json IS NOT NULL)
) STRICT;
