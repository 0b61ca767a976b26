import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';
import { fixture } from '../support/fixtures';

const BASE = [
  '--data',
  fixture('breast_cancer.test.csv'),
  '--train',
  fixture('breast_cancer.train.csv'),
  '--label-column',
  'label',
  '--num-samples',
  '400',
];
const MODELS = ['--models', `${fixture('breast_cancer_rf.onnx')},${fixture('breast_cancer_rf_v2.onnx')}`];

describe('lime-workbench compare', () => {
  it('saves a study of two versions over a cohort and prints lime-workbench/comparison@1', async () => {
    const store = join(tempDir('lw-compare-'), 'a.lwa');
    const { status, stdout, stderr } = await cli([
      'compare',
      '--store',
      store,
      ...MODELS,
      ...BASE,
      '--where',
      '`worst area` > 800',
      '--format',
      'json',
      '--progress',
      'json',
    ]);
    expect(status).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines.pop()).toMatch(/^audit head \d+:[0-9a-f]{64} \(archive it/);
    const doc = JSON.parse(stdout);
    // One JSON line per saved run: both models' runs of every row, counted up to the total.
    const progress = lines.map((l) => JSON.parse(l) as { done: number; total: number; row: number; runId: number });
    expect(progress).toHaveLength(doc.study.rows.length * 2);
    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => i + 1));
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([doc.study.rows.length * 2]));
    expect(new Set(progress.map((p) => p.row))).toEqual(new Set(doc.study.rows));
    expect(new Set(progress.map((p) => p.runId)).size).toBe(progress.length);
    expect(doc.schema).toBe('lime-workbench/comparison@1');
    expect(doc.study.models.map((m: { name: string }) => m.name)).toEqual([
      'breast_cancer_rf v1',
      'breast_cancer_rf v2',
    ]);
    expect(doc.study.selection).toEqual({ kind: 'cohort', where: '`worst area` > 800' });
    expect(doc.study.done).toBe(doc.study.rows.length);
    expect(doc.summary.rows).toBe(doc.study.rows.length);
    expect(doc.study.params).toMatchObject({ numSamples: 400, seed: 0, rowSeeds: true });
    expect(doc.summary.shifts.length).toBeGreaterThanOrEqual(10);
    expect(doc.summary.text).toMatch(/^Over \d+ rows, breast_cancer_rf v2 /);
    // The same study again, by model id, reuses every run; the audit verifies.
    const again = await cli(['compare', '--store', store, '--models', '1,2', ...BASE, '--where', '`worst area` > 800']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Study 2: breast_cancer_rf v1 against breast_cancer_rf v2 — \d+ of \d+ rows/);
    expect(again.stdout).toMatch(/ {2}shift {2}interval/);
    const runs = await cli(['runs', '--store', store, '--format', 'json']);
    expect(JSON.parse(runs.stdout).runs).toHaveLength(2 * doc.study.rows.length);
    expect((await cli(['verify', '--store', store])).status).toBe(0);
  }, 60_000);

  it('exits 2 naming the problem for bad input, and writes no study', async () => {
    const store = join(tempDir('lw-compare-'), 'a.lwa');
    const cases: [string[], RegExp][] = [
      [['--models', fixture('breast_cancer_rf.onnx'), ...BASE, '--rows', '0-3'], /--models: expected two models A,B/],
      [[...MODELS, ...BASE], /expected one of --rows A-B and --where EXPR, found neither/],
      [[...MODELS, ...BASE, '--rows', '0-3', '--where', 'x > 1'], /found both/],
      [
        [...MODELS, ...BASE, '--where', 'mean radius > 3'],
        /where: at position 1: expected a column of the dataset .*backquotes/,
      ],
      [
        [...MODELS, ...BASE, '--where', '`mean radius` >'],
        /where: at position 16: expected a number or a "quoted" text, found the end/,
      ],
      [
        ['--models', `${fixture('breast_cancer_rf.onnx')},${fixture('wine_mlp.onnx')}`, ...BASE, '--rows', '0-3'],
        /expected two models over the same input columns and label set/,
      ],
      [[...MODELS, ...BASE, '--rows', '110-120'], /row 114: expected a row of .* from 0 to 113/],
      [['--models', '7,8', ...BASE, '--rows', '0-3'], /--models 7: expected a model id of this audit or an ONNX file/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr, stdout } = await cli(['compare', '--store', store, ...args]);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
    }
    expect(JSON.parse((await cli(['runs', '--store', store, '--format', 'json'])).stdout).runs).toEqual([]);
  }, 60_000);
});
