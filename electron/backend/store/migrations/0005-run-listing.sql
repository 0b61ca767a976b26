-- Review at scale: the runs list filters by label and sorts by fidelity or row in SQL, a page at a time,
-- over audits of 100,000 runs. Indexes only: no row changes, so no digest does.
CREATE INDEX explanation_runs_by_label ON explanation_runs (label);
CREATE INDEX explanation_runs_by_score ON explanation_runs (score);
CREATE INDEX explanation_runs_by_row ON explanation_runs (row_index);
-- A run's verdict history looks up who signed each entry by the entry's subject.
CREATE INDEX audit_log_by_subject ON audit_log (subject);
