import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditLogEntry } from '../../../shared/domain/audit';
import type { Signer } from '../keys/reviewerKeys';
import { canonicalJson, sha256 } from './canonical';
import { rowDigest } from './rowDigest';

export const GENESIS_HASH = '0'.repeat(64);

/** An audit log entry as stored. */
export interface DbLogRow {
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
  return sha256(
    `${row.prev_hash}\n${JSON.stringify([row.seq, row.at, row.actor, row.action, row.subject, row.details_json])}`,
  );
}

/** The key each open audit signs its new entries with (a reviewer chose one for this session). */
const signers = new WeakMap<Database.Database, Signer>();

/** From now on every entry this connection writes is signed with the key (null: unsigned again). */
export function useSigner(db: Database.Database, signer: Signer | null): void {
  if (signer) signers.set(db, signer);
  else signers.delete(db);
}

export function signerOf(db: Database.Database): Signer | null {
  return signers.get(db) ?? null;
}

/**
 * Appends an entry chained to the last one, signed when a key is in use (the key itself is recorded,
 * logged, first). Call inside an IMMEDIATE transaction, so the last entry cannot change between reading
 * it and writing after it.
 * @param signer default: the key this connection signs with (useSigner)
 */
export function appendLog(
  db: Database.Database,
  actor: string,
  action: string,
  subject: string,
  details: Record<string, unknown>,
  signer = signerOf(db),
): AuditLogEntry {
  if (signer && !keyRecorded(db, signer)) recordKey(db, signer);
  const last = headOf(db);
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
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, subject, details_json, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash)',
  ).run({ ...row, hash });
  if (signer)
    db.prepare('INSERT INTO log_signatures (seq, fingerprint, signature) VALUES (?, ?, ?)').run(
      row.seq,
      signer.fingerprint,
      signer.sign(hash),
    );
  return toEntry({ ...row, hash });
}

/** Records a reviewer's key in the audit (logged, signed by itself) unless it is there already. */
export function recordReviewerKey(db: Database.Database, signer: Signer): void {
  db.transaction(() => {
    if (!keyRecorded(db, signer)) recordKey(db, signer);
  }).immediate();
}

function keyRecorded(db: Database.Database, signer: Signer): boolean {
  return db.prepare('SELECT 1 FROM reviewer_keys WHERE fingerprint = ?').get(signer.fingerprint) !== undefined;
}

/** Records a reviewer's public key in the audit, logged and signed by the key itself. */
function recordKey(db: Database.Database, signer: Signer): void {
  const id = Number(
    db
      .prepare('INSERT INTO reviewer_keys (reviewer, fingerprint, public_key, added_at) VALUES (?, ?, ?, ?)')
      .run(signer.reviewer, signer.fingerprint, signer.publicKey, new Date().toISOString()).lastInsertRowid,
  );
  appendLog(
    db,
    signer.reviewer,
    'reviewer.key-added',
    `reviewer:${signer.reviewer}`,
    { table: 'reviewer_keys', id, digest: rowDigest(db, 'reviewer_keys', id), fingerprint: signer.fingerprint },
    signer,
  );
}

/** The newest entry's position and hash: the anchor to archive outside the file. */
export function headOf(db: Database.Database): { seq: number; hash: string } | null {
  return (
    (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined) ?? null
  );
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
    if (row.prev_hash !== prev)
      failures.push(
        `audit log entry ${row.seq} (${row.action} ${row.subject}): its link to the previous entry does not match`,
      );
    if (entryHash(row) !== row.hash)
      failures.push(
        `audit log entry ${row.seq} (${row.action} ${row.subject}): its content does not match its hash (edited after it was written)`,
      );
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return failures;
}

function toEntry(row: DbLogRow): AuditLogEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details_json) as AuditLogEntry['details'],
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
