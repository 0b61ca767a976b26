import { sha256 } from './canonical';
import type { Db } from './openAudit';
import { RECORDED_TABLES, type RecordedTable } from './rowDigest';

/**
 * What a merged audit holds of its sources, shared by `merge` (which writes it) and `verify` (which checks
 * it): the tables copied, parents first, each row's references, and the digests that tie a copied row to
 * the source entry that recorded it.
 */

/** The tables a merge copies, parents first (the audit row is the target's own; sources are not nested). */
export const MERGED_TABLES: readonly RecordedTable[] = RECORDED_TABLES.filter(
  (t) => t !== 'audit' && t !== 'merged_sources',
);

/** One line of merged_rows: where a source row went. */
export interface MergedRow {
  table_name: string;
  source_row_id: number;
  row_id: number;
  /** The source entry that last recorded the row when it was copied; null when it was matched instead. */
  source_seq: number | null;
}

/** The order merged_rows are digested in, the same in JavaScript as in SQL (ORDER BY table_name, source_row_id). */
export function byTableAndSourceId(a: MergedRow, b: MergedRow): number {
  if (a.table_name !== b.table_name) return a.table_name < b.table_name ? -1 : 1;
  return a.source_row_id - b.source_row_id;
}

/** SHA-256 over a source's row map, in byTableAndSourceId order: recorded in merged_sources, checked by verify. */
export function rowsDigest(rows: Iterable<MergedRow>): string {
  const lines: string[] = [];
  for (const r of rows) lines.push(JSON.stringify([r.table_name, r.source_row_id, r.row_id, r.source_seq]));
  return sha256(lines.join('\n'));
}

/** Each column of a table that refers to another recorded table's row, read from the schema (never from input). */
export function referencesOf(db: Db, table: RecordedTable): Map<string, RecordedTable> {
  const out = new Map<string, RecordedTable>();
  for (const fk of db.prepare(`SELECT "from", "table" FROM pragma_foreign_key_list('${table}')`).all() as {
    from: string;
    table: string;
  }[])
    if ((RECORDED_TABLES as readonly string[]).includes(fk.table)) out.set(fk.from, fk.table as RecordedTable);
  return out;
}

/**
 * A row's digest as it was in its source: its own id and every reference mapped back through `sourceIdOf`,
 * then hashed as rowDigest hashes a row. Null when a reference has no source counterpart.
 */
export function sourceDigest(
  row: Record<string, unknown>,
  sourceId: number,
  references: Map<string, RecordedTable>,
  sourceIdOf: (table: RecordedTable, id: number) => number | undefined,
): string | null {
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (column === 'id') values.push(sourceId);
    else if (value !== null && references.has(column)) {
      const mapped = sourceIdOf(references.get(column)!, Number(value));
      if (mapped === undefined) return null;
      values.push(mapped);
    } else values.push(value);
  }
  return sha256(JSON.stringify(values));
}
