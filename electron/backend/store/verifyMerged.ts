import { checkSignature, shortFingerprint, type PublicKeyRecord } from '../keys/reviewerKeys';
import { entryHash, GENESIS_HASH, type DbLogRow } from './auditLog';
import { MERGED_TABLES, referencesOf, rowsDigest, sourceDigest, type MergedRow } from './mergedRows';
import type { Db } from './openAudit';
import type { RecordedTable } from './rowDigest';

interface DbMergedSource {
  id: number;
  file: string;
  head_seq: number;
  head_hash: string;
  entries: number;
  signatures: number;
  rows_digest: string;
}

/** An entry of a source's kept log, with the signature it carried there. */
interface DbMergedEntry extends DbLogRow {
  fingerprint: string | null;
  signature: string | null;
}

export interface MergedCheck {
  /** `table:id` of every row a source's entry vouches for (its digest, ids mapped back, matches). */
  vouched: Set<string>;
  failures: string[];
  /** The sources' signed entries and verdicts, added to the audit's own in verify's summary. */
  signedEntries: number;
  verdicts: number;
  signedVerdicts: number;
}

const VERDICT_ACTIONS = ['run.annotated', 'study.annotated'];

/**
 * A merged audit's sources (schema 6 on): each source's kept log is a whole chain ending at the head its
 * merge entry recorded, with as many entries and signatures; each signature matches its entry under a key
 * the audit records; the row map matches its digest; and every copied row, its ids mapped back to the
 * source's, matches the digest of the source entry that recorded it. Rows the merged audit's own chain
 * recorded since (`recordedHere`) are checked there instead.
 * @param trusted reviewers' keys from outside the file (their fingerprints are accepted too)
 */
export function verifyMerged(
  db: Db,
  recordedHere: Set<string>,
  required: boolean,
  trusted: PublicKeyRecord[],
): MergedCheck {
  const check: MergedCheck = { vouched: new Set(), failures: [], signedEntries: 0, verdicts: 0, signedVerdicts: 0 };
  const keys = new Map(
    (
      db.prepare('SELECT reviewer, fingerprint, public_key AS publicKey FROM reviewer_keys').all() as PublicKeyRecord[]
    ).map((k) => [k.fingerprint, k]),
  );
  for (const t of trusted) if (!keys.has(t.fingerprint)) keys.set(t.fingerprint, t);
  const references = new Map(MERGED_TABLES.map((t) => [t, referencesOf(db, t)]));
  const select = new Map(MERGED_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} WHERE id = ?`)]));
  const sources = db.prepare('SELECT * FROM merged_sources ORDER BY id').all() as DbMergedSource[];
  for (const source of sources) {
    const name = `merged source ${source.id} (${source.file})`;
    const fail = (message: string) => check.failures.push(`${name}: ${message}`);
    const recorded = checkSourceLog(db, source, keys, required, check, fail);

    const rows = db
      .prepare(
        'SELECT table_name, source_row_id, row_id, source_seq FROM merged_rows WHERE source_id = ? ORDER BY table_name, source_row_id',
      )
      .all(source.id) as MergedRow[];
    if (rowsDigest(rows) !== source.rows_digest) fail('its row map was changed since the merge recorded it');
    const sourceIds = new Map<string, Map<number, number>>();
    for (const r of rows) {
      let map = sourceIds.get(r.table_name);
      if (!map) sourceIds.set(r.table_name, (map = new Map<number, number>()));
      map.set(r.row_id, r.source_row_id);
    }
    const sourceIdOf = (table: RecordedTable, id: number) => sourceIds.get(table)?.get(id);
    for (const r of rows) {
      const table = r.table_name as RecordedTable;
      if (!MERGED_TABLES.includes(table)) {
        fail(`its row map names the table "${r.table_name.slice(0, 40)}", which a merge does not copy`);
        continue;
      }
      const row = select.get(table)!.get(r.row_id) as Record<string, unknown> | undefined;
      const what = `${table} row ${r.row_id} (its row ${r.source_row_id})`;
      if (!row) {
        fail(`${what}: missing`);
        continue;
      }
      if (r.source_seq === null || recordedHere.has(`${table}:${r.row_id}`)) continue;
      const entry = recorded.get(`${table}:${r.source_row_id}`);
      if (!entry || entry.seq !== r.source_seq) {
        fail(`${what}: its entry ${r.source_seq} is not the one that last recorded it there`);
        continue;
      }
      const digest = sourceDigest(row, r.source_row_id, references.get(table)!, sourceIdOf);
      if (digest !== entry.digest) fail(`${what}: changed since its entry ${entry.seq} there recorded it`);
      else check.vouched.add(`${table}:${r.row_id}`);
    }
  }
  return check;
}

/**
 * One source's kept log: a whole chain to the recorded head, its signatures good. Returns the entry that
 * last recorded each of the source's rows, with the digest it holds.
 */
function checkSourceLog(
  db: Db,
  source: DbMergedSource,
  keys: Map<string, PublicKeyRecord>,
  required: boolean,
  check: MergedCheck,
  fail: (message: string) => void,
): Map<string, { seq: number; digest: unknown }> {
  const recorded = new Map<string, { seq: number; digest: unknown }>();
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let signatures = 0;
  let broken = false;
  for (const e of db
    .prepare('SELECT * FROM merged_log WHERE source_id = ? ORDER BY seq')
    .iterate(source.id) as Iterable<DbMergedEntry>) {
    const entry = `its entry ${e.seq} (${e.action} ${e.subject})`;
    if (!broken && (e.seq !== expectedSeq || e.prev_hash !== prev || entryHash(e) !== e.hash)) {
      fail(`${entry}: the kept log is broken there (an entry missing, relinked or edited)`);
      broken = true;
    }
    prev = e.hash;
    expectedSeq = e.seq + 1;
    const details = JSON.parse(e.details_json) as { table?: string; id?: number; digest?: unknown };
    if (typeof details.table === 'string' && typeof details.id === 'number')
      recorded.set(`${details.table}:${details.id}`, { seq: e.seq, digest: details.digest });
    const verdict = VERDICT_ACTIONS.includes(e.action);
    if (verdict) check.verdicts++;
    if (e.fingerprint === null || e.signature === null) {
      if (verdict && required) fail(`${entry}: unsigned, but this audit requires every verdict to be signed`);
      continue;
    }
    signatures++;
    const key = keys.get(e.fingerprint);
    if (!key) fail(`${entry}: signed with key ${shortFingerprint(e.fingerprint)}, which the audit does not record`);
    else if (!checkSignature(key.publicKey, e.hash, e.signature))
      fail(
        `${entry}: its signature by ${key.reviewer} (${shortFingerprint(key.fingerprint)}) does not match the entry`,
      );
    else if (verdict && e.actor !== key.reviewer)
      fail(`${entry}: a verdict by ${e.actor} signed with ${key.reviewer}'s key`);
    else {
      check.signedEntries++;
      if (verdict) check.signedVerdicts++;
    }
  }
  if (expectedSeq - 1 !== source.head_seq || prev !== source.head_hash || expectedSeq - 1 !== source.entries)
    fail(
      `its kept log ends at entry ${expectedSeq - 1}, not at the head ${source.head_seq} the merge recorded (${source.entries} entries)`,
    );
  if (signatures !== source.signatures)
    fail(`its kept log has ${signatures} signatures, the merge recorded ${source.signatures}`);
  return recorded;
}
