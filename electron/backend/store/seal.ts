import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import { invalidInput, WorkbenchError } from '../../../shared/contract/errors';
import type { AuditHead } from '../../../shared/domain/audit';
import { TOOL_VERSION } from '../../../shared/version';
import { checkSignature, shortFingerprint, type PublicKeyRecord, type Signer } from '../keys/reviewerKeys';
import { checkAnchor } from './anchor';
import { headOf, recordReviewerKey } from './auditLog';
import { canonicalJson } from './canonical';
import { openAudit, type Db } from './openAudit';

/**
 * A sealed handover: the audit file's SHA-256 and head, signed by the reviewers who hand it over. Unlike
 * an anchor, a seal also covers what the log does not (the file's every byte), so any later change to the
 * file — even a legitimate new verdict — breaks it: a seal marks the version that was handed over.
 */
const HEAD = z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
const SEAL = z
  .object({
    schema: z.literal('lime-workbench/seal@1'),
    file: z.string().max(500),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    head: HEAD.nullable(),
    entries: z.number().int().nonnegative(),
    toolVersion: z.string().max(50),
    sealedAt: z.string().max(40),
    signatures: z
      .array(
        z
          .object({
            reviewer: z.string().max(100),
            fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
            signature: z.string().max(200),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();
export type Seal = z.infer<typeof SEAL>;

const MAX_SEAL_BYTES = 256 * 1024;

/** What a seal's signatures cover: everything in it but the signatures. */
function sealMessage(seal: Omit<Seal, 'signatures'>): string {
  const { schema, file, sha256, head, entries, toolVersion, sealedAt } = seal;
  return canonicalJson({ schema, file, sha256, head, entries, toolVersion, sealedAt });
}

export async function fileSha256(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

export function sealPathOf(auditPath: string): string {
  return `${auditPath}.seal.json`;
}

/**
 * Seals an audit: records the sealing reviewers' keys (logged), moves everything out of the write-ahead
 * log into the file, then hashes the file and signs. Refuses when another process keeps writing to it.
 */
export async function sealAudit(path: string, signers: Signer[]): Promise<{ seal: Seal; out: string }> {
  const db = openAudit(path);
  let head: AuditHead | null;
  let entries: number;
  try {
    for (const s of signers) recordReviewerKey(db, s);
    head = headOf(db);
    entries = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (checkpoint.busy !== 0)
      throw new WorkbenchError(
        'unsupported',
        `${path}: another process is using the audit file; close it (the app, serve) and seal again`,
      );
  } finally {
    db.close();
  }
  const sha256 = (await fileSha256(path))!;
  const unsigned = {
    schema: 'lime-workbench/seal@1' as const,
    file: basename(path),
    sha256,
    head,
    entries,
    toolVersion: TOOL_VERSION,
    sealedAt: new Date().toISOString(),
  };
  const message = sealMessage(unsigned);
  const seal: Seal = {
    ...unsigned,
    signatures: signers.map((s) => ({ reviewer: s.reviewer, fingerprint: s.fingerprint, signature: s.sign(message) })),
  };
  const out = sealPathOf(path);
  writeFileSync(out, `${JSON.stringify(seal, null, 2)}\n`);
  return { seal, out };
}

/** Reads a seal file, bounded and validated; a malformed one is the user's input error, named. */
export function readSeal(path: string): Seal {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new WorkbenchError('not-found', `${path}: expected a seal file (lime-workbench seal), found none`);
  }
  if (size > MAX_SEAL_BYTES)
    throw invalidInput(path, `a seal file of at most ${MAX_SEAL_BYTES} bytes`, `${size} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw invalidInput(path, 'a seal file (JSON)', 'text that is not JSON');
  }
  const parsed = SEAL.safeParse(value);
  if (!parsed.success)
    throw invalidInput(
      path,
      'a LIME Workbench seal (lime-workbench/seal@1)',
      `JSON of another shape (${parsed.error.issues[0]?.path.join('.') || 'top level'})`,
    );
  return parsed.data;
}

/**
 * The file against its seal: the same bytes, the sealed head still in the chain, every signature by a key
 * the audit records (and, when the checker trusts keys, one of theirs).
 */
export async function checkSeal(
  db: Db,
  auditPath: string,
  seal: Seal,
  trusted: PublicKeyRecord[],
): Promise<{ matches: boolean; reviewers: string[]; failures: string[] }> {
  const failures: string[] = [];
  const actual = await fileSha256(auditPath);
  if (actual !== seal.sha256) {
    let why = 'it was changed after sealing';
    if (seal.head) {
      const anchor = checkAnchor(db, seal.head);
      why =
        anchor.failure ??
        `${anchor.entriesAfter} audit log entr${anchor.entriesAfter === 1 ? 'y was' : 'ies were'} added after the seal, or the file was edited outside the log`;
    }
    failures.push(
      `seal: the file's SHA-256 is ${actual?.slice(0, 16) ?? 'unreadable'}…, the seal's ${seal.sha256.slice(0, 16)}…: ${why}`,
    );
  }
  const keys = new Map(
    (
      db.prepare('SELECT fingerprint, reviewer, public_key AS publicKey FROM reviewer_keys').all() as PublicKeyRecord[]
    ).map((k) => [k.fingerprint, k]),
  );
  for (const t of trusted) keys.set(t.fingerprint, t);
  const message = sealMessage(seal);
  const reviewers: string[] = [];
  for (const s of seal.signatures) {
    const key = keys.get(s.fingerprint);
    if (!key)
      failures.push(
        `seal: signed by ${s.reviewer} with key ${shortFingerprint(s.fingerprint)}, which neither the audit nor the trusted keys hold`,
      );
    else if (key.reviewer !== s.reviewer || !checkSignature(key.publicKey, message, s.signature))
      failures.push(
        `seal: the signature by ${s.reviewer} (${shortFingerprint(s.fingerprint)}) does not match the seal (the seal was edited)`,
      );
    else reviewers.push(s.reviewer);
  }
  return { matches: actual === seal.sha256, reviewers, failures };
}
