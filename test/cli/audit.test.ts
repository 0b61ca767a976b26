import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAudit } from '../../electron/backend/store/openAudit';
import { listRuns } from '../../electron/backend/store/runs';
import { verifyAudit } from '../../electron/backend/store/verifyAudit';
import { tempDir } from '../support/audit';
import { BIN, ROOT, cli } from '../support/cli';
import { fixture } from '../support/fixtures';

const EXPLAIN = (store: string, rows: string, samples = '500') => [
  'explain',
  fixture('breast_cancer_rf.onnx'),
  '--data',
  fixture('breast_cancer.train.csv'),
  '--label-column',
  'label',
  '--rows',
  rows,
  '--num-samples',
  samples,
  '--format',
  'json',
  '--store',
  store,
];

describe('many runs from the command line', () => {
  it('annotate --runs and --where record one verdict per run, and runs --where counts and pages them', async () => {
    const store = join(tempDir(), 'review.lwa');
    expect((await cli(EXPLAIN(store, '0-5'))).status).toBe(0);
    const byList = await cli([
      'annotate',
      '--store',
      store,
      '--runs',
      '1-3,5',
      '--verdict',
      'trusted',
      '--rationale',
      'batch one',
      '--reviewer',
      'ana',
    ]);
    expect(byList.stderr).toMatch(/^audit head /);
    expect(byList.stdout.trim()).toBe('4 runs: trusted (ana), each its own annotation and log entry');
    const byWhere = await cli([
      'annotate',
      '--store',
      store,
      '--where',
      'verdict is null',
      '--verdict',
      'follow-up',
      '--rationale',
      'the rest',
      '--reviewer',
      'bo',
      '--format',
      'json',
    ]);
    expect(JSON.parse(byWhere.stdout)).toMatchObject({ verdict: 'follow-up', count: 2, runIds: [4, 6] });
    const listed = JSON.parse(
      (await cli(['runs', '--store', store, '--where', 'verdict = trusted', '--limit', '2', '--format', 'json']))
        .stdout,
    );
    expect(listed.total).toBe(4);
    expect(listed.runs.map((r: { id: number }) => r.id)).toEqual([5, 3]);
    // Each run its own log entry, and the file verifies; --progress json names each check as it begins.
    const verified = await cli(['verify', '--store', store, '--progress', 'json']);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/: verified\n/);
    const steps = verified.stderr
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: string; elapsedMs: number }).step);
    expect(steps).toEqual([
      'SQLite integrity check',
      'schema and migrations',
      "the audit log's hash chain",
      expect.stringMatching(/^\d+ recorded rows against their digests$/) as string,
      'signatures',
      'model files against their SHA-256',
    ]);
    // Nothing matching, a bad list, two selectors: exit 2, nothing written.
    for (const [args, message] of [
      [['--where', 'verdict is null'], /expected at least one matching run, found none/],
      [['--runs', '3-1'], /--runs: expected ids and ranges such as 1-500,730, found "3-1"/],
      [
        ['--runs', '1', '--run', '2'],
        /expected one of --run ID, --runs LIST, --where EXPR and --study ID, found --run and --runs/,
      ],
    ] as const) {
      const r = await cli([
        'annotate',
        '--store',
        store,
        ...args,
        '--verdict',
        'trusted',
        '--rationale',
        'x',
        '--reviewer',
        'ana',
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('an audit session from the command line', () => {
  it('explain --store, annotate, runs and verify work together', async () => {
    const store = join(tempDir(), 'review.lwa');
    const explained = await cli(EXPLAIN(store, '0-2'));
    expect(explained.stderr).toMatch(/^audit head \d+:[0-9a-f]{64} \(archive it/);
    const ids = explained.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).store.runId);
    expect(ids).toEqual([1, 2, 3]);
    const first = await cli([
      'annotate',
      '--store',
      store,
      '--run',
      '2',
      '--verdict',
      'trusted',
      '--rationale',
      'texture and concavity, as expected',
      '--reviewer',
      'ana',
    ]);
    expect(first.stdout.trim()).toBe('Run 2: trusted (version 1, ana)');
    const second = await cli([
      'annotate',
      '--store',
      store,
      '--run',
      '2',
      '--verdict',
      'follow-up',
      '--rationale',
      'check area',
      '--reviewer',
      'bo',
      '--tags',
      'area,size',
    ]);
    expect(second.stdout.trim()).toBe('Run 2: follow-up (version 2, bo)');
    const runs = JSON.parse((await cli(['runs', '--store', store, '--format', 'json'])).stdout).runs;
    expect(runs.map((r: { id: number; verdict: string | null }) => [r.id, r.verdict])).toEqual([
      [3, null],
      [2, 'follow-up'],
      [1, null],
    ]);
    expect((await cli(['runs', '--store', store, '--verdict', 'follow-up'])).stdout).toMatch(
      /^\s+2 {2}breast_cancer_rf v1\s+1 .*follow-up \(bo, v2\)$/m,
    );
    const verified = await cli(['verify', '--store', store]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(
      /: verified\n {2}head {7}8:[0-9a-f]{64} \(8 entries\)\n {2}signatures no reviewer keys; 0 of 2 verdicts signed/,
    );
  });

  it('refuses bad annotate and runs arguments with exit 2, naming them', async () => {
    const store = join(tempDir(), 'review.lwa');
    await cli(EXPLAIN(store, '0-0'));
    for (const [args, message] of [
      [
        ['annotate', '--store', store, '--run', '1', '--verdict', 'maybe', '--rationale', 'x', '--reviewer', 'ana'],
        /--verdict: expected one of trusted, not-trusted, follow-up, found "maybe"/,
      ],
      [
        ['annotate', '--store', store, '--run', '7', '--verdict', 'trusted', '--rationale', 'x', '--reviewer', 'ana'],
        /run 7: expected a saved run of this audit, found none/,
      ],
      [
        ['annotate', '--store', store, '--run', '1', '--verdict', 'trusted', '--reviewer', 'ana'],
        /expected --rationale TEXT/,
      ],
      [['runs', '--store', join(tempDir(), 'missing.lwa')], /missing\.lwa: expected an audit file, found no such file/],
      [
        ['verify', '--store', fixture('wine.test.csv')],
        /wine\.test\.csv: expected a LIME Workbench audit file \(SQLite\), found a file that is not an SQLite database/,
      ],
      [['runs'], /runs: expected --store FILE/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.status).toBe(2);
    }
  });

  it('verify exits 1 and names each failure', async () => {
    const dir = tempDir();
    const store = join(dir, 'review.lwa');
    const model = join(dir, 'model.onnx');
    const { copyFileSync, appendFileSync } = await import('node:fs');
    copyFileSync(fixture('breast_cancer_rf.onnx'), model);
    await cli([
      'explain',
      model,
      '--data',
      fixture('breast_cancer.test.csv'),
      '--label-column',
      'label',
      '--num-samples',
      '300',
      '--store',
      store,
    ]);
    appendFileSync(model, Buffer.from([1, 2, 3]));
    const r = await cli(['verify', '--store', store]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /1 failure\n {2}✗ model 1 \(model v1\) at .*model\.onnx: the file changed since it was registered/,
    );
  });
});

describe('reliability with real processes', () => {
  it('a command line killed with SIGKILL half-way through 200 runs leaves a valid file with every committed run', async () => {
    const store = join(tempDir(), 'killed.lwa');
    const child = spawn(process.execPath, [BIN, ...EXPLAIN(store, '0-199', '2000')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString().split('\n').length - 1;
        if (printed >= 40 && !child.killed) child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const db = openAudit(store);
    const runs = listRuns(db);
    expect(runs.length).toBeGreaterThanOrEqual(printed);
    expect(runs.length).toBeLessThan(200);
    // Committed row by row, in order: rows 0 … n-1, each complete.
    expect(runs.map((r) => r.row).sort((a, b) => a! - b!)).toEqual(runs.map((_, i) => i));
    const report = await verifyAudit(db);
    expect(report.failures).toEqual([]);
    db.close();
  });

  it('two processes writing one new audit file at once: no error, nothing lost', async () => {
    const store = join(tempDir(), 'shared.lwa');
    const [a, b] = await Promise.all([cli(EXPLAIN(store, '0-39', '300')), cli(EXPLAIN(store, '100-139', '300'))]);
    expect(a.stderr).toMatch(/^audit head \d+:[0-9a-f]{64} /);
    expect(b.stderr).toMatch(/^audit head \d+:[0-9a-f]{64} /);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const db = openAudit(store);
    const rows = listRuns(db)
      .map((r) => r.row!)
      .sort((x, y) => x - y);
    expect(rows).toEqual([
      ...Array.from({ length: 40 }, (_, i) => i),
      ...Array.from({ length: 40 }, (_, i) => 100 + i),
    ]);
    expect(new Set(listRuns(db).map((r) => r.modelId)).size).toBe(1); // one model record, registered once
    expect((await verifyAudit(db)).ok).toBe(true);
    db.close();
  });
});
