import type { SignatureSummary } from '../../../shared/domain/audit';
import { checkSignature, shortFingerprint, type PublicKeyRecord } from '../keys/reviewerKeys';
import type { Db } from './openAudit';

const VERDICT_ACTIONS = ['run.annotated', 'study.annotated'];

/**
 * Every signature against the key it names (recorded in the file, and against the keys the checker
 * trusts when given), every verdict's signature when the audit requires them. A re-sealed forgery
 * changes the hashes its signatures cover, so it fails here unless the forger holds a reviewer's key.
 * @param trusted reviewers' public keys from outside the file; a recorded key for a reviewer that is not
 * theirs fails (a forger cannot swap in a key of their own)
 * @param strictTrust every recorded key must be trusted (an explicit --trusted-keys), not just the
 * reviewers the checker knows
 */
export function verifySignatures(
  db: Db,
  version: number,
  trusted: PublicKeyRecord[],
  strictTrust: boolean,
): { summary: SignatureSummary; failures: string[] } {
  const required =
    version >= 4 &&
    (db.prepare('SELECT require_signatures AS r FROM audit WHERE id = 1').get() as { r: number } | undefined)?.r === 1;
  const verdicts = (
    db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE action IN (${VERDICT_ACTIONS.map(() => '?').join(', ')})`)
      .get(...VERDICT_ACTIONS) as { n: number }
  ).n;
  if (version < 4)
    return { summary: { keys: [], signedEntries: 0, verdicts, signedVerdicts: 0, required: false }, failures: [] };
  const failures: string[] = [];
  const keys = db
    .prepare('SELECT reviewer, fingerprint, public_key AS publicKey FROM reviewer_keys ORDER BY id')
    .all() as PublicKeyRecord[];
  const byFingerprint = new Map(keys.map((k) => [k.fingerprint, k]));
  const trustedByFingerprint = new Set(trusted.map((k) => k.fingerprint));
  for (const k of keys) {
    if (trustedByFingerprint.has(k.fingerprint)) continue;
    const theirs = trusted.filter((t) => t.reviewer === k.reviewer);
    if (theirs.length > 0)
      failures.push(
        `key ${shortFingerprint(k.fingerprint)} recorded for reviewer ${k.reviewer} is not their key (trusted: ${theirs.map((t) => shortFingerprint(t.fingerprint)).join(', ')})`,
      );
    else if (strictTrust)
      failures.push(`key ${shortFingerprint(k.fingerprint)} of reviewer ${k.reviewer} is not among the trusted keys`);
  }
  const rows = db
    .prepare(
      'SELECT l.seq, l.action, l.subject, l.actor, l.hash, s.fingerprint, s.signature FROM audit_log l LEFT JOIN log_signatures s ON s.seq = l.seq ORDER BY l.seq',
    )
    .all() as {
    seq: number;
    action: string;
    subject: string;
    actor: string;
    hash: string;
    fingerprint: string | null;
    signature: string | null;
  }[];
  let signedEntries = 0;
  let signedVerdicts = 0;
  for (const r of rows) {
    const verdict = VERDICT_ACTIONS.includes(r.action);
    const name = `audit log entry ${r.seq} (${r.action} ${r.subject})`;
    if (r.signature === null || r.fingerprint === null) {
      if (verdict && required) failures.push(`${name}: unsigned, but this audit requires every verdict to be signed`);
      continue;
    }
    const key = byFingerprint.get(r.fingerprint);
    if (!key)
      failures.push(`${name}: signed with key ${shortFingerprint(r.fingerprint)}, which the audit does not record`);
    else if (!checkSignature(key.publicKey, r.hash, r.signature))
      failures.push(
        `${name}: its signature by ${key.reviewer} (${shortFingerprint(key.fingerprint)}) does not match the entry (forged or re-sealed)`,
      );
    else if (verdict && r.actor !== key.reviewer)
      failures.push(`${name}: a verdict by ${r.actor} signed with ${key.reviewer}'s key`);
    else {
      signedEntries++;
      if (verdict) signedVerdicts++;
    }
  }
  const orphans = (
    db.prepare('SELECT count(*) AS n FROM log_signatures WHERE seq NOT IN (SELECT seq FROM audit_log)').get() as {
      n: number;
    }
  ).n;
  if (orphans > 0)
    failures.push(
      `${orphans} signature${orphans === 1 ? '' : 's'} for audit log entries that no longer exist (the log was truncated)`,
    );
  return {
    summary: {
      keys: keys.map((k) => ({ reviewer: k.reviewer, fingerprint: k.fingerprint })),
      signedEntries,
      verdicts,
      signedVerdicts,
      required,
    },
    failures,
  };
}
