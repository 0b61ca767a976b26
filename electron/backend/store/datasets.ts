import { resolve } from 'node:path';
import type { DatasetRecord } from '../../../shared/domain/audit';
import { appendLog } from './auditLog';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

interface DbDatasetRow {
  id: number;
  path: string;
  sha256: string;
  columns_json: string;
  row_count: number;
  added_at: string;
}

/** Registers a data file by path and content; the same file with the same bytes is the same record. */
export function registerDataset(
  db: Db,
  dataset: { path: string; sha256: string; columns: string[]; rowCount: number },
  actor: string,
): DatasetRecord {
  return db
    .transaction(() => {
      const path = resolve(dataset.path);
      const known = db.prepare('SELECT * FROM datasets WHERE sha256 = ? AND path = ?').get(dataset.sha256, path) as
        DbDatasetRow | undefined;
      if (known) return toRecord(known);
      const id = Number(
        db
          .prepare('INSERT INTO datasets (path, sha256, columns_json, row_count, added_at) VALUES (?, ?, ?, ?, ?)')
          .run(path, dataset.sha256, JSON.stringify(dataset.columns), dataset.rowCount, new Date().toISOString())
          .lastInsertRowid,
      );
      appendLog(db, actor, 'dataset.registered', `dataset:${id}`, {
        table: 'datasets',
        id,
        digest: rowDigest(db, 'datasets', id),
        sha256: dataset.sha256,
      });
      return getDataset(db, id)!;
    })
    .immediate();
}

/** One dataset of the audit, or null. */
export function getDataset(db: Db, id: number): DatasetRecord | null {
  const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DbDatasetRow | undefined;
  return row ? toRecord(row) : null;
}

export function listDatasets(db: Db): DatasetRecord[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY id').all() as DbDatasetRow[]).map(toRecord);
}

function toRecord(r: DbDatasetRow): DatasetRecord {
  return {
    id: r.id,
    path: r.path,
    sha256: r.sha256,
    columns: JSON.parse(r.columns_json) as DatasetRecord['columns'],
    rowCount: r.row_count,
    addedAt: r.added_at,
  };
}
