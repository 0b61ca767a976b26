import { existsSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { invalidInput, WorkbenchError } from '../../../shared/contract/errors';
import type { AuditHead, AuditInfo } from '../../../shared/domain/audit';
import type { PublicKeyRecord, Signer } from '../keys/reviewerKeys';
import { appendLog, headOf, useSigner } from './auditLog';
import { sha256 } from './canonical';
import { byTableAndSourceId, MERGED_TABLES, referencesOf, rowsDigest, type MergedRow } from './mergedRows';
import { userVersion } from './migrate';
import { actorOf, openAudit, openAuditReadOnly, readAuditInfo, type Db } from './openAudit';
import { rowDigest, type RecordedTable } from './rowDigest';
import { fileSha256 } from './seal';
import { verifyAudit } from './verifyAudit';

/** The oldest source schema a merge reads: from version 4 on, the copied tables have today's columns. */
const OLDEST_SOURCE_VERSION = 4;

export interface MergeOptions {
  /** Who merges, for the merge entries; default: the operating-system user. */
  actor?: string;
  /** Signs the merge entries (and records the key first). */
  signer?: Signer | null;
  /** Title of a new merged audit; default: its file's name. */
  title?: string;
  /** Reviewers' public keys from outside the files, for checking each source before it is merged. */
  trusted?: PublicKeyRecord[];
  /** Told as each source is checked and copied. */
  onStep?: (step: string) => void;
}

/** A run left out of (or kept despite) a merge because an identical run is already in the merged audit. */
export interface DuplicateRun {
  source: string;
  sourceRunId: number;
  row: number | null;
  /** The run of the merged audit it duplicates. */
  duplicateOf: number;
  /** Kept as a run of its own because it carries verdicts (none is dropped); else left out. */
  kept: boolean;
}

export interface MergedSourceReport {
  file: string;
  head: AuditHead;
  /** Rows copied per table. */
  copied: Partial<Record<RecordedTable, number>>;
  /** Rows matched to one already in the merged audit (models and datasets by SHA-256, keys by fingerprint). */
  matched: Partial<Record<RecordedTable, number>>;
}

export interface MergeReport {
  out: string;
  created: boolean;
  sources: MergedSourceReport[];
  duplicates: DuplicateRun[];
  head: AuditHead | null;
}

interface OpenSource {
  path: string;
  file: string;
  db: Db;
  info: AuditInfo;
  head: AuditHead;
  sha256: string;
}

/**
 * Brings audits made apart (shards of one batch, on one machine or many) into one: models and datasets
 * matched by SHA-256, every run, check, verdict and study copied with its original values (timestamps and
 * reviewers included), each source's own log kept whole with its signatures, and one merge entry per source
 * in the merged audit's chain recording the source's head. A copied row stays vouched for by the source
 * entry that recorded it (verify maps its ids back and checks the digest that entry holds), so signed
 * verdicts stay signed.
 *
 * Refused, with nothing written: a source that does not verify, one that is itself a merge, sources (or an
 * existing `out`) with different purposes or signature rules, a source already merged into `out`, two models
 * of one name with different bytes. A run identical to one already merged (same row, model, data,
 * parameters and seed) is left out and reported, or kept and reported when it carries verdicts.
 */
export async function mergeAudits(
  out: string,
  sourcePaths: string[],
  options: MergeOptions = {},
): Promise<MergeReport> {
  const step = options.onStep ?? (() => {});
  if (sourcePaths.length === 0)
    throw new WorkbenchError('invalid-argument', 'merge: expected at least one source audit, found none');
  const seen = new Set<string>();
  for (const p of sourcePaths) {
    const abs = resolve(p);
    if (abs === resolve(out))
      throw new WorkbenchError('invalid-argument', `merge: ${p} is both a source and --out; merge into another file`);
    if (seen.has(abs)) throw new WorkbenchError('invalid-argument', `merge: ${p} is given twice`);
    seen.add(abs);
  }
  const sources: OpenSource[] = [];
  const created = !existsSync(out);
  let target: Db | null = null;
  let done = false;
  try {
    for (const path of sourcePaths) {
      step(`checking ${basename(path)}`);
      sources.push(await openSource(path, options.trusted ?? []));
    }
    const first = sources[0];
    for (const s of sources.slice(1)) refuseConflict(first, s);
    for (const [i, s] of sources.entries()) {
      const same = sources.findIndex((t) => t.head.hash === s.head.hash);
      if (same < i)
        throw invalidInput(
          s.path,
          `an audit other than ${sources[same].path}`,
          'a copy of it (the same audit log head)',
        );
    }
    target = openAudit(out, {
      create: created,
      title: options.title,
      purpose: first.info.purpose,
      requireSignatures: first.info.requireSignatures,
      actor: actorOf(options.actor),
    });
    if (!created) refuseConflict({ path: out, info: readAuditInfo(target) }, first);
    const db = target;
    for (const s of sources) {
      const merged = db.prepare('SELECT id FROM merged_sources WHERE head_hash = ?').get(s.head.hash);
      if (merged)
        throw invalidInput(
          s.path,
          `an audit not yet merged into ${out}`,
          `one merged already (its head ${s.head.seq})`,
        );
    }
    if (options.signer) useSigner(db, options.signer);
    const duplicates: DuplicateRun[] = [];
    const reports: MergedSourceReport[] = [];
    // One transaction: every source merged, or (an error, a full disk) none.
    db.transaction(() => {
      const runKeys = new Map([...runKeysOf(db)].map(([id, key]) => [key, id]));
      for (const [i, s] of sources.entries()) {
        step(`copying ${s.file} (${i + 1} of ${sources.length})`);
        reports.push(copySource(db, s, runKeys, duplicates, actorOf(options.actor)));
      }
    }).immediate();
    done = true;
    return { out, created, sources: reports, duplicates, head: headOf(db) };
  } finally {
    for (const s of sources) s.db.close();
    target?.close();
    if (!done && created && target) for (const suffix of ['', '-wal', '-shm']) rmSync(out + suffix, { force: true });
  }
}

/** A source, open read-only, that verifies (its model files aside: they may live on another machine). */
async function openSource(path: string, trusted: PublicKeyRecord[]): Promise<OpenSource> {
  const db = openAuditReadOnly(path);
  try {
    const version = userVersion(db);
    if (version < OLDEST_SOURCE_VERSION)
      throw invalidInput(
        path,
        `an audit file of schema version ${OLDEST_SOURCE_VERSION} or newer`,
        `version ${version}: open it once with this version (lime-workbench runs --store ${path}) to bring it up to date`,
      );
    if (version >= 6 && (db.prepare('SELECT count(*) AS n FROM merged_sources').get() as { n: number }).n > 0)
      throw invalidInput(
        path,
        'a source audit that is not itself a merge',
        'a merged audit: merge its sources instead',
      );
    const report = await verifyAudit(db, { checkModelFiles: false, trusted });
    if (!report.ok)
      throw invalidInput(
        path,
        'an audit that verifies before it is merged',
        `${report.failures.length} failure${report.failures.length === 1 ? '' : 's'}, the first: ${report.failures[0].message} (lime-workbench verify --store ${path} lists them)`,
      );
    return {
      path,
      file: basename(path),
      db,
      info: readAuditInfo(db),
      head: report.head!,
      sha256: (await fileSha256(path))!,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Audits merge only when they serve one purpose under one signature rule. */
function refuseConflict(a: Pick<OpenSource, 'path' | 'info'>, b: Pick<OpenSource, 'path' | 'info'>): void {
  if (a.info.purpose !== b.info.purpose)
    throw invalidInput(
      b.path,
      `an audit of the same purpose as ${a.path} ("${a.info.purpose.slice(0, 60)}")`,
      `the purpose "${b.info.purpose.slice(0, 60)}"`,
    );
  if (a.info.requireSignatures !== b.info.requireSignatures)
    throw invalidInput(
      b.path,
      `an audit that ${a.info.requireSignatures ? 'requires' : 'does not require'} signed verdicts, as ${a.path} does`,
      `one that ${b.info.requireSignatures ? 'requires' : 'does not require'} them`,
    );
}

/** Which run a run duplicates: its model, data and training data by SHA-256, row, instance, parameters, seed. */
function runKeysOf(db: Db): Map<number, string> {
  const keys = new Map<number, string>();
  for (const r of db
    .prepare(
      `SELECT r.id, json_array(m.sha256, d.sha256, t.sha256, r.row_index, r.seed, r.params_json, r.instance_json) AS key
         FROM explanation_runs r
         JOIN models m ON m.id = r.model_id
         LEFT JOIN datasets d ON d.id = r.dataset_id
         LEFT JOIN datasets t ON t.id = r.train_dataset_id`,
    )
    .iterate() as Iterable<{ id: number; key: string }>)
    keys.set(r.id, sha256(r.key));
  return keys;
}

/**
 * Copies one source into the merged audit (inside the merge's transaction): its rows parents first, ids
 * mapped, then its log and row map, then the merge entry. `runKeys` holds the runs merged so far.
 */
function copySource(
  db: Db,
  s: OpenSource,
  runKeys: Map<string, number>,
  duplicates: DuplicateRun[],
  actor: string,
): MergedSourceReport {
  const src = s.db;
  const latestSeq = latestEntries(src);
  const keyOfRun = runKeysOf(src);
  const annotated = new Set(
    (src.prepare('SELECT DISTINCT run_id FROM annotations').all() as { run_id: number }[]).map((r) => r.run_id),
  );
  const ids = new Map<RecordedTable, Map<number, number>>();
  const skippedRuns = new Set<number>();
  const claimedDatasets = new Set<number>();
  const rows: MergedRow[] = [];
  const copied: MergedSourceReport['copied'] = {};
  const matched: MergedSourceReport['matched'] = {};
  const newRunKeys: [string, number][] = [];

  const match = (table: RecordedTable, row: Record<string, unknown>): number | null => {
    switch (table) {
      case 'reviewer_keys':
        return idOf(db, 'SELECT id FROM reviewer_keys WHERE fingerprint = ?', row.fingerprint);
      case 'models': {
        const same = idOf(db, 'SELECT id FROM models WHERE sha256 = ?', row.sha256);
        if (same === null) {
          const named = db
            .prepare('SELECT sha256 FROM models WHERE family = ? AND version_label = ?')
            .get(row.family, row.version_label) as { sha256: string } | undefined;
          if (named)
            throw invalidInput(
              s.path,
              `model ${String(row.family)} ${String(row.version_label)} with the bytes of the one merged already (SHA-256 ${named.sha256.slice(0, 12)}…)`,
              `other bytes (SHA-256 ${String(row.sha256).slice(0, 12)}…): two different models under one name`,
            );
        }
        return same;
      }
      case 'datasets': {
        const candidates = db.prepare('SELECT id FROM datasets WHERE sha256 = ? ORDER BY id').all(row.sha256) as {
          id: number;
        }[];
        const free = candidates.find((c) => !claimedDatasets.has(c.id));
        if (free) claimedDatasets.add(free.id);
        return free?.id ?? null;
      }
      case 'explanation_runs': {
        const key = keyOfRun.get(Number(row.id))!;
        const existing = runKeys.get(key);
        if (existing === undefined) return null;
        const kept = annotated.has(Number(row.id));
        duplicates.push({
          source: s.file,
          sourceRunId: Number(row.id),
          row: row.row_index as number | null,
          duplicateOf: existing,
          kept,
        });
        return kept ? null : existing;
      }
      default:
        return null;
    }
  };

  for (const table of MERGED_TABLES) {
    const columns = columnsOf(db, table);
    const sourceColumns = columnsOf(src, table);
    if (sourceColumns.join() !== columns.join())
      throw invalidInput(
        s.path,
        `the ${table} table as this version has it`,
        `other columns (${sourceColumns.join(', ')})`,
      );
    const references = referencesOf(db, table);
    const copiedColumns = columns.filter((c) => c !== 'id');
    const insert = db.prepare(
      `INSERT INTO ${table} (${copiedColumns.join(', ')}) VALUES (${copiedColumns.map(() => '?').join(', ')})`,
    );
    const map = new Map<number, number>();
    ids.set(table, map);
    for (const row of src.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate() as Iterable<
      Record<string, unknown>
    >) {
      const sourceId = Number(row.id);
      if (table === 'run_checks' && skippedRuns.has(Number(row.run_id))) continue;
      const same = match(table, row);
      if (same !== null) {
        map.set(sourceId, same);
        rows.push({ table_name: table, source_row_id: sourceId, row_id: same, source_seq: null });
        matched[table] = (matched[table] ?? 0) + 1;
        if (table === 'explanation_runs') skippedRuns.add(sourceId);
        continue;
      }
      const values = copiedColumns.map((c) => {
        const ref = references.get(c);
        return ref && row[c] !== null ? ids.get(ref)!.get(Number(row[c])) : row[c];
      });
      const id = Number(insert.run(...values).lastInsertRowid);
      map.set(sourceId, id);
      rows.push({
        table_name: table,
        source_row_id: sourceId,
        row_id: id,
        source_seq: latestSeq.get(`${table}:${sourceId}`)!,
      });
      copied[table] = (copied[table] ?? 0) + 1;
      if (table === 'explanation_runs') newRunKeys.push([keyOfRun.get(sourceId)!, id]);
    }
  }
  for (const [key, id] of newRunKeys) if (!runKeys.has(key)) runKeys.set(key, id);

  rows.sort(byTableAndSourceId);
  const { entries, signatures } = src
    .prepare('SELECT (SELECT count(*) FROM audit_log) AS entries, (SELECT count(*) FROM log_signatures) AS signatures')
    .get() as { entries: number; signatures: number };
  const sourceId = Number(
    db
      .prepare(
        'INSERT INTO merged_sources (file, sha256, head_seq, head_hash, entries, signatures, rows_digest, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(s.file, s.sha256, s.head.seq, s.head.hash, entries, signatures, rowsDigest(rows), new Date().toISOString())
      .lastInsertRowid,
  );
  const insertLog = db.prepare(
    `INSERT INTO merged_log (source_id, seq, at, actor, action, subject, details_json, prev_hash, hash, fingerprint, signature)
     VALUES (@source_id, @seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash, @fingerprint, @signature)`,
  );
  for (const entry of src
    .prepare(
      'SELECT l.*, s.fingerprint, s.signature FROM audit_log l LEFT JOIN log_signatures s ON s.seq = l.seq ORDER BY l.seq',
    )
    .iterate() as Iterable<Record<string, unknown>>)
    insertLog.run({ ...entry, source_id: sourceId });
  const insertRow = db.prepare(
    'INSERT INTO merged_rows (source_id, table_name, source_row_id, row_id, source_seq) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of rows) insertRow.run(sourceId, r.table_name, r.source_row_id, r.row_id, r.source_seq);
  appendLog(db, actor, 'audit.merged', 'audit', {
    table: 'merged_sources',
    id: sourceId,
    digest: rowDigest(db, 'merged_sources', sourceId),
    file: s.file,
    head: s.head,
    copied,
    matched,
  });
  return { file: s.file, head: s.head, copied, matched };
}

/** The entry that last recorded each row of a source, by `table:id`. */
function latestEntries(src: Db): Map<string, number> {
  const latest = new Map<string, number>();
  for (const e of src
    .prepare(
      "SELECT seq, json_extract(details_json, '$.table') AS t, json_extract(details_json, '$.id') AS id FROM audit_log WHERE t IS NOT NULL ORDER BY seq",
    )
    .iterate() as Iterable<{ seq: number; t: string; id: number }>)
    latest.set(`${e.t}:${e.id}`, e.seq);
  return latest;
}

function columnsOf(db: Db, table: RecordedTable): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
}

function idOf(db: Db, sql: string, value: unknown): number | null {
  return (db.prepare(sql).get(value) as { id: number } | undefined)?.id ?? null;
}
