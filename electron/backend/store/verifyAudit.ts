import type { AuditHead, VerifyReport } from '../../../shared/domain/audit';
import type { PublicKeyRecord } from '../keys/reviewerKeys';
import { checkAnchor } from './anchor';
import { headOf, readLog, verifyChain } from './auditLog';
import { userVersion } from './migrate';
import type { Db } from './openAudit';
import { RECORDED_TABLES, rowDigest, type RecordedTable } from './rowDigest';
import { checkSeal, type Seal } from './seal';
import { modelDigest } from '../onnx/exportFolder';
import { verifySchema } from './verifySchema';
import { verifySignatures } from './verifySignatures';
import { verifyMerged, type MergedCheck } from './verifyMerged';

export interface VerifyOptions {
  /** Hash every model file against its recorded SHA-256 (default true). */
  checkModelFiles?: boolean;
  /** An anchor archived earlier: the chain must hold it (catches truncation and rollback). */
  expectHead?: AuditHead;
  /** Reviewers' public keys from outside the file. */
  trusted?: PublicKeyRecord[];
  /** Every recorded key must be among `trusted` (an explicit --trusted-keys folder). */
  strictTrust?: boolean;
  /** A seal to check the file against, with the audit file's path. */
  seal?: { path: string; seal: Seal; auditPath: string };
  /** Told as each check begins (a long verify shows where it is). */
  onStep?: (step: string) => void;
}

/**
 * Checks an audit without writing to it (give it a read-only connection): SQLite's integrity check, the
 * schema and migrations against the shipped ones, the audit log's hash chain, every recorded row against
 * the digest its log entry holds (and every row has one), signatures, model files against their SHA-256;
 * with an anchor or a seal, that the file is not truncated, rolled back or changed since.
 */
export async function verifyAudit(db: Db, options: VerifyOptions = {}): Promise<VerifyReport> {
  const failures: VerifyReport['failures'] = [];
  const warnings: string[] = [];
  const step = options.onStep ?? (() => {});
  step('SQLite integrity check');
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (!(integrity.length === 1 && integrity[0] === 'ok'))
    for (const message of integrity) failures.push({ kind: 'integrity', message: `integrity check: ${message}` });
  const version = userVersion(db);
  step('schema and migrations');
  for (const message of verifySchema(db, version)) failures.push({ kind: 'schema', message });
  step("the audit log's hash chain");
  for (const message of verifyChain(db)) failures.push({ kind: 'log', message });
  const log = readLog(db);
  // A row may be recorded more than once (a model's profile edited): it must match its latest entry.
  const vouched = new Map<string, { table: RecordedTable; id: number; seq: number; digest: unknown }>();
  for (const entry of log) {
    const { table, id, digest } = entry.details as { table?: RecordedTable; id?: number; digest?: string };
    if (table && RECORDED_TABLES.includes(table) && typeof id === 'number')
      vouched.set(`${table}:${id}`, { table, id, seq: entry.seq, digest });
  }
  const tables = RECORDED_TABLES.filter(
    (t) => (version >= 4 || (t !== 'audit' && t !== 'reviewer_keys')) && (version >= 6 || t !== 'merged_sources'),
  );
  if (version < 4)
    warnings.push(
      `schema version ${version}: the audit row (title, purpose, creation date) is not in the chain; opening the file for work records it`,
    );
  if (!db.prepare('SELECT 1 FROM audit WHERE id = 1').get() && !vouched.has('audit:1'))
    failures.push({ kind: 'content', message: 'audit row (title, purpose, creation date): missing' });
  step(`${vouched.size} recorded rows against their digests`);
  for (const { table, id, seq, digest } of vouched.values()) {
    const actual = rowDigest(db, table, id);
    if (actual === null)
      failures.push({
        kind: 'content',
        message: `${table} row ${id}: recorded by audit log entry ${seq}, but missing`,
      });
    else if (actual !== digest)
      failures.push({
        kind: 'content',
        message: `${table} row ${id}: changed since audit log entry ${seq} recorded it`,
      });
  }
  step('signatures');
  const signatures = verifySignatures(db, version, options.trusted ?? [], options.strictTrust ?? false);
  for (const message of signatures.failures) failures.push({ kind: 'signature', message });
  let merged: MergedCheck | null = null;
  const mergedSources =
    version >= 6 ? (db.prepare('SELECT count(*) AS n FROM merged_sources').get() as { n: number }).n : 0;
  if (mergedSources > 0) {
    step(`${mergedSources} merged source${mergedSources === 1 ? '' : 's'}: their logs, signatures and rows`);
    merged = verifyMerged(db, new Set(vouched.keys()), signatures.summary.required, options.trusted ?? []);
    for (const message of merged.failures) failures.push({ kind: 'merged', message });
    signatures.summary.signedEntries += merged.signedEntries;
    signatures.summary.verdicts += merged.verdicts;
    signatures.summary.signedVerdicts += merged.signedVerdicts;
  }
  for (const table of tables) {
    for (const { id } of db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]) {
      if (!vouched.has(`${table}:${id}`) && !merged?.vouched.has(`${table}:${id}`))
        failures.push({
          kind: 'content',
          message: `${table} row ${id}: not recorded in the audit log (added behind the app's back)`,
        });
    }
  }
  if (options.checkModelFiles ?? true) {
    step('model files against their SHA-256');
    for (const m of db.prepare('SELECT id, family, version_label, path, sha256 FROM models ORDER BY id').all() as {
      id: number;
      family: string;
      version_label: string;
      path: string;
      sha256: string;
    }[]) {
      const actual = await modelDigest(m.path);
      const name = `model ${m.id} (${m.family} ${m.version_label}) at ${m.path}`;
      if (actual === null) failures.push({ kind: 'model-file', message: `${name}: the file is missing` });
      else if (actual !== m.sha256)
        failures.push({
          kind: 'model-file',
          message: `${name}: the file changed since it was registered (SHA-256 ${actual.slice(0, 12)}…, recorded ${m.sha256.slice(0, 12)}…)`,
        });
    }
  }
  const report: VerifyReport = {
    ok: false,
    integrity,
    schemaVersion: version,
    logEntries: log.length,
    headHash: log.at(-1)?.hash ?? null,
    head: headOf(db),
    signatures: signatures.summary,
    failures,
    warnings,
  };
  if (options.expectHead) {
    const anchor = checkAnchor(db, options.expectHead);
    report.anchor = { head: options.expectHead, found: anchor.found, entriesAfter: anchor.entriesAfter };
    if (anchor.failure) failures.push({ kind: 'anchor', message: anchor.failure });
  }
  if (options.seal) {
    const sealed = await checkSeal(db, options.seal.auditPath, options.seal.seal, options.trusted ?? []);
    report.seal = { path: options.seal.path, matches: sealed.matches, reviewers: sealed.reviewers };
    for (const message of sealed.failures) failures.push({ kind: 'seal', message });
  }
  report.ok = failures.length === 0;
  return report;
}
