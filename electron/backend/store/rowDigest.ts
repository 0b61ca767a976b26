import type Database from 'better-sqlite3-multiple-ciphers';
import { sha256 } from './canonical';

/** Tables whose rows the audit log vouches for; names come from this list only, never from input. */
export const RECORDED_TABLES = [
  'audit',
  'reviewer_keys',
  'models',
  'datasets',
  'explanation_runs',
  'run_checks',
  'annotations',
  'comparison_studies',
  'study_rows',
  'study_annotations',
  'merged_sources',
] as const;
export type RecordedTable = (typeof RECORDED_TABLES)[number];

const SELECT_ROW: Record<RecordedTable, string> = {
  audit: 'SELECT * FROM audit WHERE id = ?',
  reviewer_keys: 'SELECT * FROM reviewer_keys WHERE id = ?',
  models: 'SELECT * FROM models WHERE id = ?',
  datasets: 'SELECT * FROM datasets WHERE id = ?',
  explanation_runs: 'SELECT * FROM explanation_runs WHERE id = ?',
  run_checks: 'SELECT * FROM run_checks WHERE id = ?',
  annotations: 'SELECT * FROM annotations WHERE id = ?',
  comparison_studies: 'SELECT * FROM comparison_studies WHERE id = ?',
  study_rows: 'SELECT * FROM study_rows WHERE id = ?',
  study_annotations: 'SELECT * FROM study_annotations WHERE id = ?',
  merged_sources: 'SELECT * FROM merged_sources WHERE id = ?',
};

/** SHA-256 of a row's stored values, every column in order: a later edit of the row changes it. */
export function rowDigest(db: Database.Database, table: RecordedTable, id: number): string | null {
  const row = db.prepare(SELECT_ROW[table]).get(id) as Record<string, unknown> | undefined;
  return row ? sha256(JSON.stringify(Object.values(row))) : null;
}
