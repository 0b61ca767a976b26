import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { entryHash, GENESIS_HASH, type DbLogRow } from '../../electron/backend/store/auditLog';
import { canonicalJson } from '../../electron/backend/store/canonical';
import { RECORDED_TABLES, rowDigest, type RecordedTable } from '../../electron/backend/store/rowDigest';
import { tempDir } from './audit';
import { cli, type CliResult } from './cli';
import { fixture } from './fixtures';

// What the audit tests share (test/cli/integrity.test.ts, signedEntries.test.ts, encryptedAudit.test.ts): audit files
// written by the real command, and the edits a forger who knows the formats makes with SQLite directly.

/** A fresh user-data folder per test, so keys never leak between tests. */
export function session() {
  const dir = tempDir('lw-integrity-');
  const env = { [DATA_DIR_ENV]: join(dir, 'data') };
  const run = (args: string[]) => cli(args, { env });
  return { dir, env, run, store: join(dir, 'review.lwa') };
}

export const EXPLAIN = (store: string, rows = '0-1') => [
  'explain',
  fixture('breast_cancer_rf.onnx'),
  '--data',
  fixture('breast_cancer.test.csv'),
  '--label-column',
  'label',
  '--rows',
  rows,
  '--num-samples',
  '300',
  '--store',
  store,
];
export const ANNOTATE = (store: string, run: string, ...who: string[]) => [
  'annotate',
  '--store',
  store,
  '--run',
  run,
  '--verdict',
  'trusted',
  '--rationale',
  'texture and concavity, as expected',
  ...who,
];

/** The anchor a writing command printed on stderr. */
export function headFrom(r: CliResult): string {
  const m = /audit head (\d+:[0-9a-f]{64})/.exec(r.stderr);
  if (!m) throw new Error(`no head on stderr: ${r.stderr}`);
  return m[1];
}

export function ok(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}${r.stdout}`);
  return r;
}

/**
 * A forger who knows the formats (they are in the source): drops the append-only triggers, edits, then
 * recomputes every row digest and the whole chain and puts the triggers back exactly as they were. The
 * file alone then looks untouched; only something from outside it can tell.
 */
export function reseal(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  edit(db);
  let prev = GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as DbLogRow[]) {
    const details = JSON.parse(row.details_json) as { table?: RecordedTable; id?: number; digest?: string };
    if (details.table && RECORDED_TABLES.includes(details.table) && typeof details.id === 'number')
      details.digest = rowDigest(db, details.table, details.id) ?? details.digest;
    const next = { ...row, details_json: canonicalJson(details), prev_hash: prev };
    const hash = entryHash(next);
    db.prepare('UPDATE audit_log SET details_json = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
      next.details_json,
      prev,
      hash,
      row.seq,
    );
    prev = hash;
  }
  for (const t of triggers) db.exec(t.sql);
  db.close();
}

/** Raw SQL on a copy of the file, triggers dropped for the edit and (unless told) put back. */
export function tamper(path: string, sql: string, restoreTriggers = true): void {
  const db = new Database(path);
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  db.exec(sql);
  if (restoreTriggers) for (const t of triggers) db.exec(t.sql);
  db.close();
}

/** An audit with two runs and a verdict on run 1, written by the command line. */
export async function reviewedAudit(s: ReturnType<typeof session>, ...who: string[]) {
  ok(await s.run(EXPLAIN(s.store)));
  const annotated = ok(await s.run(ANNOTATE(s.store, '1', ...(who.length ? who : ['--reviewer', 'ana']))));
  return headFrom(annotated);
}
