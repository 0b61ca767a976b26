import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAudit } from '../../electron/backend/store/openAudit';
import { verifyAudit } from '../../electron/backend/store/verifyAudit';
import { tempDir } from '../support/audit';
import { BIN, ROOT, cli } from '../support/cli';
import { BREAST_CANCER_EXPLAIN } from '../support/fixtures';

/** A batch of breast-cancer rows into an audit, one onnxruntime thread so every run is bit for bit repeatable. */
const BATCH = (store: string, ...more: string[]) => [
  ...BREAST_CANCER_EXPLAIN,
  '--rows',
  '0-29',
  '--num-samples',
  '1500',
  '--runs',
  '2',
  '--threads',
  '1',
  '--store',
  store,
  '--format',
  'json',
  ...more,
];

/** Each explained row's runs as the audit holds them, timings aside (the only part a clock decides). */
function runsByRow(store: string): Map<number, string> {
  const db = openAudit(store);
  const rows = db.prepare('SELECT row_index, runs_json FROM explanation_runs').all() as {
    row_index: number;
    runs_json: string;
  }[];
  db.close();
  const untimed = (json: string) =>
    JSON.stringify((JSON.parse(json) as { timing: unknown }[]).map(({ timing: _timing, ...run }) => run));
  return new Map(rows.map((r) => [r.row_index, untimed(r.runs_json)]));
}

describe('batches that outlive one process', () => {
  it('a killed batch resumed with --resume ends with exactly the rows, and the runs, of one whole batch', async () => {
    const whole = join(tempDir(), 'whole.lwa');
    expect((await cli(BATCH(whole))).status).toBe(0);
    const expected = runsByRow(whole);
    expect(expected.size).toBe(30);

    const store = join(tempDir(), 'killed.lwa');
    const child = spawn(process.execPath, [BIN, ...BATCH(store, '--progress', 'json')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let finished = 0;
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        for (const line of d
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('{'))) {
          const p = JSON.parse(line) as { done: number; total: number; row: number; runId: number };
          expect(p).toMatchObject({ done: finished + 1, total: 30 });
          finished = p.done;
        }
        if (finished >= 8 && !child.killed) child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const before = runsByRow(store).size;
    expect(before).toBeGreaterThanOrEqual(8);
    expect(before).toBeLessThan(30);

    const resumed = await cli(BATCH(store, '--resume'));
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain(`resume: ${before} of 30 rows already explained in ${store}, skipped`);
    expect(resumed.stdout.trim().split('\n')).toHaveLength(30 - before);
    const after = runsByRow(store);
    expect([...after.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [row, runs] of expected) expect(after.get(row), `row ${row}`).toBe(runs);
    // Again: nothing left to do, nothing added.
    const again = await cli(BATCH(store, '--resume'));
    expect(again.stderr).toContain('resume: 30 of 30 rows already explained');
    expect(runsByRow(store).size).toBe(30);
    const db = openAudit(store);
    expect((await verifyAudit(db)).failures).toEqual([]);
    db.close();
  }, 120_000);

  it('--shard I/N splits a batch between processes, and together the shards are the whole batch', async () => {
    const whole = join(tempDir(), 'whole.lwa');
    expect((await cli(BATCH(whole))).status).toBe(0);
    const expected = runsByRow(whole);
    const shards = [0, 1, 2].map((i) => join(tempDir(), `shard-${i}.lwa`));
    const results = await Promise.all(shards.map((s, i) => cli(BATCH(s, '--shard', `${i}/3`))));
    for (const r of results) expect(r.status, r.stderr).toBe(0);
    const parts = shards.map(runsByRow);
    expect(parts.map((p) => [...p.keys()].sort((a, b) => a - b))).toEqual(
      [0, 1, 2].map((i) => range(30).filter((r) => r % 3 === i)),
    );
    for (const part of parts) for (const [row, runs] of part) expect(runs, `row ${row}`).toBe(expected.get(row));
    const bad = await cli(BATCH(join(tempDir(), 'x.lwa'), '--shard', '3/3'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard: expected I\/N with 0 ≤ I < N, such as 0\/4, found "3\/3"/);
  }, 120_000);

  it('a batch split between two workers prints and saves what one worker gives, bit for bit, in the same order', async () => {
    const [one, two] = [join(tempDir(), 'one.lwa'), join(tempDir(), 'two.lwa')];
    const [a, b] = [await cli(BATCH(one, '--workers', '1')), await cli(BATCH(two, '--workers', '2'))];
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const docs = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { row: number; runs: { timing: { spinning: boolean } }[]; store: unknown });
    const [seq, split] = [docs(a.stdout), docs(b.stdout)];
    const untimed = (d: ReturnType<typeof docs>[number]) =>
      JSON.stringify({ ...d, store: undefined, runs: d.runs.map(({ timing: _t, ...run }) => run) });
    expect(split.map(untimed)).toEqual(seq.map(untimed));
    // The thread options are recorded: a batch's onnxruntime threads do not spin (two workers share the cores).
    expect(new Set(split.flatMap((d) => d.runs.map((r) => r.timing.spinning)))).toEqual(new Set([false]));
    expect(runsByRow(two)).toEqual(runsByRow(one));
    // One row (a later --rows wins): one worker, whose threads spin.
    const single = await cli(BATCH(join(tempDir(), 'x.lwa'), '--rows', '0-0'));
    expect(JSON.parse(single.stdout.trim()).runs[0].timing.spinning).toBe(true);
    const bad = await cli(BATCH(join(tempDir(), 'y.lwa'), '--workers', '3'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--workers: expected one of auto, 1, 2, found "3"/);
  }, 120_000);

  it('--resume needs the audit it continues', async () => {
    const r = await cli(BATCH('', '--resume').filter((a, i, all) => a !== '--store' && all[i - 1] !== '--store'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--resume: expected with --store FILE/);
  });
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
