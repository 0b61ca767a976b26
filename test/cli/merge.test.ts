import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { annotationHistory } from '../../electron/backend/store/annotations';
import { openAudit } from '../../electron/backend/store/openAudit';
import { tempDir } from '../support/audit';
import { cli, type CliResult } from '../support/cli';
import { BREAST_CANCER_EXPLAIN } from '../support/fixtures';

/**
 * `merge` on real shards made by the real command in their own processes: the merged audit holds the
 * unsharded batch run for run, verifies on its own with the sources' signatures, and refuses what would
 * make it lie.
 */

const ROWS = 12;
const BATCH = (store: string, ...more: string[]) => [
  ...BREAST_CANCER_EXPLAIN,
  '--rows',
  `0-${ROWS - 1}`,
  '--num-samples',
  '400',
  '--threads',
  '1',
  '--store',
  store,
  '--quiet',
  ...more,
];

/** A fresh user-data folder (its own keys) and a folder for the audits. */
function session() {
  const dir = tempDir('lw-merge-');
  const env = { [DATA_DIR_ENV]: join(dir, 'data') };
  return { dir, run: (args: string[]) => cli(args, { env }), at: (name: string) => join(dir, name) };
}

function ok(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}${r.stdout}`);
  return r;
}

interface StoredRun {
  row: number;
  runs: string;
  createdAt: string;
  model: string;
}

/** Each run as the audit holds it, by row: its runs (timings aside), when it was made, its model's SHA-256. */
function runsOf(store: string): StoredRun[] {
  const db = openAudit(store);
  const rows = db
    .prepare(
      'SELECT r.row_index AS row, r.runs_json AS runs, r.created_at AS createdAt, m.sha256 AS model FROM explanation_runs r JOIN models m ON m.id = r.model_id ORDER BY r.row_index',
    )
    .all() as StoredRun[];
  db.close();
  const untimed = (json: string) =>
    JSON.stringify((JSON.parse(json) as { timing: unknown }[]).map(({ timing: _t, ...run }) => run));
  return rows.map((r) => ({ ...r, runs: untimed(r.runs) }));
}

/** Edits a file behind the app's back, its append-only triggers dropped for the edit and put back. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  db.prepare(sql).run(...params);
  for (const t of triggers) db.exec(t.sql);
  db.close();
}

async function verify(s: ReturnType<typeof session>, store: string) {
  const r = await s.run(['verify', '--store', store, '--format', 'json']);
  return {
    status: r.status,
    report: JSON.parse(r.stdout) as {
      ok: boolean;
      failures: { kind: string; message: string }[];
      signatures: { verdicts: number; signedVerdicts: number };
    },
  };
}

describe('merge', () => {
  it('shards merged hold the unsharded batch run for run, and verify with the signed verdict they carried', async () => {
    const s = session();
    ok(await s.run(['keys', 'create', '--reviewer', 'ana']));
    const shards = [0, 1, 2].map((i) => s.at(`shard-${i}.lwa`));
    for (const shard of shards)
      ok(await s.run(['create', '--store', shard, '--purpose', 'credit model v3', '--require-signatures']));
    const whole = s.at('whole.lwa');
    await Promise.all([
      ...shards.map(async (shard, i) => ok(await s.run(BATCH(shard, '--shard', `${i}/3`)))),
      s.run(BATCH(whole)).then(ok),
    ]);
    // A signed verdict on shard 1's first run (row 1).
    ok(
      await s.run([
        'annotate',
        '--store',
        shards[1],
        '--run',
        '1',
        '--verdict',
        'follow-up',
        '--rationale',
        'radius dominates',
        '--key',
        'ana',
      ]),
    );
    const sources = shards.flatMap(runsOf);

    const merged = s.at('merged.lwa');
    const r = ok(await s.run(['merge', '--out', merged, ...shards, '--format', 'json', '--progress', 'json']));
    const stderr = r.stderr.trim().split('\n');
    expect(stderr.pop()).toMatch(/^audit head \d+:[0-9a-f]{64}/);
    expect(stderr.map((l) => (JSON.parse(l) as { step: string }).step)).toEqual([
      ...shards.map((_, i) => `checking shard-${i}.lwa`),
      ...shards.map((_, i) => `copying shard-${i}.lwa (${i + 1} of 3)`),
    ]);
    const report = JSON.parse(r.stdout) as {
      schema: string;
      created: boolean;
      sources: { file: string; copied: Record<string, number>; matched: Record<string, number> }[];
      duplicates: unknown[];
    };
    expect(report).toMatchObject({ schema: 'lime-workbench/merge@1', created: true, duplicates: [] });
    expect(report.sources.map((x) => x.copied.explanation_runs)).toEqual([4, 4, 4]);
    // One model and its two datasets, copied from the first shard and matched by SHA-256 after it.
    expect(report.sources.map((x) => x.copied.models ?? 0)).toEqual([1, 0, 0]);
    expect(report.sources.map((x) => x.matched.datasets ?? 0)).toEqual([0, 2, 2]);

    // Run for run, weights bit for bit, as the unsharded batch; timestamps as each shard recorded them.
    const got = runsOf(merged);
    const expected = runsOf(whole);
    expect(got.map((x) => x.row)).toEqual(expected.map((x) => x.row));
    for (const [i, run] of got.entries()) expect(run.runs, `row ${run.row}`).toBe(expected[i].runs);
    expect(got.map((x) => x.createdAt).sort()).toEqual(sources.map((x) => x.createdAt).sort());

    const verified = await verify(s, merged);
    expect(verified.report.failures).toEqual([]);
    expect(verified.report.signatures).toMatchObject({ verdicts: 1, signedVerdicts: 1 });
    // The verdict keeps its reviewer, time and signature.
    const db = openAudit(merged);
    const runId = (db.prepare('SELECT id FROM explanation_runs WHERE row_index = 1').get() as { id: number }).id;
    const [verdict] = annotationHistory(db, runId);
    db.close();
    expect(verdict).toMatchObject({ verdict: 'follow-up', reviewer: 'ana', rationale: 'radius dominates' });
    expect(verdict.signedBy).toMatch(/^[0-9a-f]{64}$/);

    // The same shard again: refused, nothing added.
    const again = await s.run(['merge', '--out', merged, shards[0]]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${shards[0]}: expected an audit not yet merged into ${merged}`);
    expect(runsOf(merged)).toHaveLength(ROWS);

    // Edits of the merged file, each caught by verify.
    const edited = s.at('edited.lwa');
    ok(await s.run(['merge', '--out', edited, ...shards]));
    tamper(edited, "UPDATE annotations SET rationale = 'all fine'");
    const rationale = await verify(s, edited);
    expect(rationale.status).toBe(1);
    expect(rationale.report.failures.map((f) => f.message)).toContainEqual(
      expect.stringMatching(
        /merged source 2 \(shard-1\.lwa\): annotations row 1 \(its row 1\): changed since its entry \d+ there recorded it/,
      ),
    );
    const unsigned = s.at('unsigned.lwa');
    ok(await s.run(['merge', '--out', unsigned, ...shards]));
    tamper(unsigned, "UPDATE merged_log SET fingerprint = NULL, signature = NULL WHERE action = 'run.annotated'");
    const messages = (await verify(s, unsigned)).report.failures.map((f) => f.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /shard-1\.lwa\): its entry \d+ \(run\.annotated run:1\): unsigned, but this audit requires/,
      ),
    );
    expect(messages).toContainEqual(expect.stringMatching(/has \d+ signatures, the merge recorded \d+/));
  }, 180_000);

  it('refuses a tampered source, audits of other purposes, and reports duplicates', async () => {
    const s = session();
    const [a, b, other] = ['a.lwa', 'b.lwa', 'other.lwa'].map(s.at);
    ok(await s.run(['create', '--store', other, '--purpose', 'another model']));
    await Promise.all([
      s.run(BATCH(a, '--rows', '0-3')),
      s.run(BATCH(b, '--rows', '2-5')),
      s.run(BATCH(other, '--rows', '0')),
    ]);

    const conflict = await s.run(['merge', '--out', s.at('x.lwa'), a, other]);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toMatch(/other\.lwa: expected an audit of the same purpose as .*a\.lwa/);
    expect(existsSync(s.at('x.lwa'))).toBe(false);

    // b's rows 2 and 3 are a's rows 2 and 3, explained alike: left out. Row 3 carries a verdict in b: kept.
    ok(
      await s.run([
        'annotate',
        '--store',
        b,
        '--run',
        '2',
        '--verdict',
        'trusted',
        '--rationale',
        'ok',
        '--reviewer',
        'bo',
      ]),
    );
    const merged = s.at('merged.lwa');
    const r = ok(await s.run(['merge', '--out', merged, a, b]));
    expect(r.stdout).toMatch(/1 duplicate run left out \(already there\): b\.lwa run 1 \(row 2\) = run 3/);
    expect(r.stdout).toMatch(/1 duplicate run kept because it carries verdicts: b\.lwa run 2 \(row 3\) = run 4/);
    expect(runsOf(merged).map((x) => x.row)).toEqual([0, 1, 2, 3, 3, 4, 5]);
    expect((await verify(s, merged)).report.failures).toEqual([]);

    // A copy of a source under another name is the same audit: refused, not merged twice.
    copyFileSync(a, s.at('a-copy.lwa'));
    const twice = await s.run(['merge', '--out', s.at('z.lwa'), a, s.at('a-copy.lwa')]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/a-copy\.lwa: expected an audit other than .*a\.lwa, found a copy of it/);
    expect(existsSync(s.at('z.lwa'))).toBe(false);

    tamper(a, 'UPDATE explanation_runs SET score = 0.99 WHERE id = 2');
    const forged = await s.run(['merge', '--out', s.at('y.lwa'), b, a]);
    expect(forged.status).toBe(2);
    expect(forged.stderr).toMatch(
      /a\.lwa: expected an audit that verifies before it is merged, found 1 failure, the first: explanation_runs row 2: changed since audit log entry \d+ recorded it/,
    );
    expect(existsSync(s.at('y.lwa'))).toBe(false);
  }, 120_000);
});
