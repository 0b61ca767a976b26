import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { VerifyReport } from '../../../shared/domain/audit';
import { readLog, verifyChain } from './auditLog';
import type { Db } from './openAudit';
import { RECORDED_TABLES, rowDigest, type RecordedTable } from './rowDigest';

/**
 * Checks an audit: SQLite's integrity check, the audit log's hash chain, every recorded row against the
 * digest its log entry holds (and every row has one), and every model file against its recorded SHA-256.
 */
export async function verifyAudit(db: Db, options: { checkModelFiles?: boolean } = {}): Promise<VerifyReport> {
  const failures: VerifyReport['failures'] = [];
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (!(integrity.length === 1 && integrity[0] === 'ok')) for (const message of integrity) failures.push({ kind: 'integrity', message: `integrity check: ${message}` });
  for (const message of verifyChain(db)) failures.push({ kind: 'log', message });
  const log = readLog(db);
  // A row may be recorded more than once (a model's profile edited): it must match its latest entry.
  const vouched = new Map<string, { table: RecordedTable; id: number; seq: number; digest: unknown }>();
  for (const entry of log) {
    const { table, id, digest } = entry.details as { table?: RecordedTable; id?: number; digest?: string };
    if (table && RECORDED_TABLES.includes(table) && typeof id === 'number') vouched.set(`${table}:${id}`, { table, id, seq: entry.seq, digest });
  }
  for (const { table, id, seq, digest } of vouched.values()) {
    const actual = rowDigest(db, table, id);
    if (actual === null) failures.push({ kind: 'content', message: `${table} row ${id}: recorded by audit log entry ${seq}, but missing` });
    else if (actual !== digest) failures.push({ kind: 'content', message: `${table} row ${id}: changed since audit log entry ${seq} recorded it` });
  }
  for (const table of RECORDED_TABLES) {
    for (const { id } of db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]) {
      if (!vouched.has(`${table}:${id}`)) failures.push({ kind: 'content', message: `${table} row ${id}: not recorded in the audit log (added behind the app's back)` });
    }
  }
  if (options.checkModelFiles ?? true) {
    for (const m of db.prepare('SELECT id, family, version_label, path, sha256 FROM models ORDER BY id').all() as { id: number; family: string; version_label: string; path: string; sha256: string }[]) {
      const actual = await fileSha256(m.path);
      const name = `model ${m.id} (${m.family} ${m.version_label}) at ${m.path}`;
      if (actual === null) failures.push({ kind: 'model-file', message: `${name}: the file is missing` });
      else if (actual !== m.sha256) failures.push({ kind: 'model-file', message: `${name}: the file changed since it was registered (SHA-256 ${actual.slice(0, 12)}…, recorded ${m.sha256.slice(0, 12)}…)` });
    }
  }
  return { ok: failures.length === 0, integrity, logEntries: log.length, headHash: log.at(-1)?.hash ?? null, failures };
}

async function fileSha256(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}
