import type Database from 'better-sqlite3';
import type { AuditLogEntry } from '../../../shared/domain/audit';
import { canonicalJson, sha256 } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);

interface DbLogRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** The hash of an entry: SHA-256 over the previous hash and the entry's stored fields. */
export function entryHash(row: Omit<DbLogRow, 'hash'>): string {
  return sha256(`${row.prev_hash}\n${JSON.stringify([row.seq, row.at, row.actor, row.action, row.subject, row.details_json])}`);
}

/**
 * Appends an entry chained to the last one. Call inside an IMMEDIATE transaction, so the last entry
 * cannot change between reading it and writing after it.
 */
export function appendLog(db: Database.Database, actor: string, action: string, subject: string, details: Record<string, unknown>): AuditLogEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor,
    action,
    subject,
    details_json: canonicalJson(details),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(row);
  db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details_json, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash)').run({ ...row, hash });
  return toEntry({ ...row, hash });
}

/** Every entry in order. */
export function readLog(db: Database.Database): AuditLogEntry[] {
  return (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as DbLogRow[]).map(toEntry);
}

/** Checks the chain link by link; each message names the entry that breaks it. */
export function verifyChain(db: Database.Database): string[] {
  const failures: string[] = [];
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<DbLogRow>) {
    if (row.seq !== expectedSeq) failures.push(`audit log: entry ${expectedSeq} is missing (the next is ${row.seq})`);
    if (row.prev_hash !== prev) failures.push(`audit log entry ${row.seq} (${row.action} ${row.subject}): its link to the previous entry does not match`);
    if (entryHash(row) !== row.hash) failures.push(`audit log entry ${row.seq} (${row.action} ${row.subject}): its content does not match its hash (edited after it was written)`);
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return failures;
}

function toEntry(row: DbLogRow): AuditLogEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details: JSON.parse(row.details_json), prevHash: row.prev_hash, hash: row.hash };
}
