import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { LIMITS, quote } from '../../../shared/contract/limits';
import { RecentlyUsed } from './recentlyUsed';
import { decodeUtf8 } from './utf8';

/** A CSV file with a header row, cells as text. */
export interface CsvTable {
  path: string;
  header: string[];
  rows: string[][];
  /** SHA-256 of the file's bytes (of the text, for a table parsed from memory). */
  sha256: string;
}

/**
 * Tables parsed lately, by content digest and path. The app reads the same CSV for every explanation a
 * reviewer asks for: parsing breast_cancer's two files took 5 ms of each 7 ms preparation, and its garbage
 * slowed the worker's explanation beside it. A file is read and hashed every time, so it is only ever
 * answered with the table of exactly its bytes. At most 16 MB of CSV is kept: parsed, a table of short
 * cells takes several times its file (a string per cell), and the app's main process keeps it.
 */
const recent = new RecentlyUsed<CsvTable>(4, 16 * 1024 * 1024);

/**
 * Reads a CSV with a header; refuses a missing, empty or ragged file with a message naming the line. The
 * table is shared with later reads of the same bytes (kept in `recent`): callers must not change it.
 */
export async function readCsv(path: string): Promise<CsvTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkbenchError('not-found', `${path}: expected a CSV file, found no such file`);
    throw invalidInput(path, 'a readable CSV file', (error as Error).message);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = `${sha256}\u0000${path}`;
  const known = recent.get(key);
  if (known) return known;
  const table = { ...parseCsv(decodeUtf8(bytes, path), path), sha256 };
  recent.set(key, table, bytes.length);
  return table;
}

/** Parses CSV text (RFC 4180, UTF-8 BOM allowed). */
export function parseCsv(text: string, path: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  } catch (error) {
    throw invalidInput(path, 'CSV text', `a parse error (${(error as Error).message.slice(0, 200)})`);
  }
  if (records.length === 0) throw invalidInput(path, 'a CSV with a header row', 'an empty file');
  const [header, ...rows] = records;
  // Before anything per column: a hostile header would otherwise make every later step slow.
  if (header.length > LIMITS.columns)
    throw invalidInput(path, `a CSV of at most ${LIMITS.columns} columns`, `${header.length} in its header`);
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (!name) throw invalidInput(path, 'a name for every column in the header', `column ${i + 1} unnamed`);
    if (seen.has(name)) throw invalidInput(path, 'distinct column names', `${quote(name)} twice`);
    seen.add(name);
  }
  for (const [i, row] of rows.entries()) {
    if (row.length !== names.length) {
      throw invalidInput(`${path} row ${i} (line ${i + 2})`, `${names.length} cells like the header`, `${row.length}`);
    }
  }
  return { path, header: names, rows, sha256: createHash('sha256').update(text).digest('hex') };
}
