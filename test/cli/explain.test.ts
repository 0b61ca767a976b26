import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { BREAST_CANCER_EXPLAIN, fixture } from '../support/fixtures';
import { linearRegressor, perColumnClassifier } from '../support/onnxBuilder';

const BC = BREAST_CANCER_EXPLAIN;
const tmp = mkdtempSync(join(tmpdir(), 'lw-cli-'));

describe('lime-workbench explain (tabular)', () => {
  it('prints the explanation document of CLI.md', async () => {
    const r = await cli([...BC, '--row', '0', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('lime-workbench/explanation@1');
    expect(doc.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.modality).toBe('tabular');
    expect(doc.instance).toMatchObject({ row: 0, values: { 'mean radius': 13.82, 'worst fractal dimension': 0.1183 } });
    expect(Object.keys(doc.instance.values)).toHaveLength(30);
    expect(doc.prediction.classNames).toEqual(['malignant', 'benign']);
    expect(doc.prediction.probabilities[0]).toBeCloseTo(0.9, 5);
    expect(doc.params).toMatchObject({
      numSamples: 5000,
      numFeatures: 10,
      discretizer: 'quartile',
      featureSelection: 'auto',
      seed: 0,
      runs: 1,
    });
    expect(doc.params.kernelWidth).toBeCloseTo(4.108, 3);
    expect(doc.runs).toHaveLength(1);
    const [e] = doc.runs[0].explanations;
    expect(e).toMatchObject({ label: 0, labelName: 'malignant', modelPrediction: expect.closeTo(0.9, 5) });
    expect(e.weights).toHaveLength(10);
    for (const w of e.weights) expect(Object.keys(w).sort()).toEqual(['feature', 'name', 'weight']);
    expect(doc.runs[0].timing.inferenceMs).toBeGreaterThan(0);
    expect(doc.runs[0].timing.totalMs).toBeGreaterThanOrEqual(doc.runs[0].timing.inferenceMs);
    expect(doc.stability).toBeNull();
  });

  it('gives the same numbers for the same seed, and a readable text form', async () => {
    const [a, b, text] = await Promise.all([
      cli([...BC, '--format', 'json', '--seed', '3']),
      cli([...BC, '--format', 'json', '--seed', '3']),
      cli([...BC, '--seed', '3']),
    ]);
    expect(JSON.parse(a.stdout).runs[0].explanations).toEqual(JSON.parse(b.stdout).runs[0].explanations);
    expect(text.stdout).toMatch(/Explaining label malignant \(0\)/);
    expect(text.stdout).toMatch(/score \(weighted R²\)/);
    // One seed measures no stability, and says how to.
    expect(text.stdout).toMatch(/stability: not measured with one seed; --runs 5/);
    const several = await cli([...BC, '--seed', '3', '--runs', '2', '--num-samples', '500']);
    expect(several.stdout).toMatch(/stability over runs: index \d\.\d\d/);
    expect(several.stdout).not.toMatch(/not measured/);
  });

  it("records onnxruntime's thread count with each run: the same seed and threads give the same numbers", async () => {
    const [one, again] = await Promise.all([
      cli([...BC, '--format', 'json', '--seed', '4', '--threads', '1', '--num-samples', '800']),
      cli([...BC, '--format', 'json', '--seed', '4', '--threads', '1', '--num-samples', '800']),
    ]);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(again.stdout)];
    expect(a.runs[0].timing.threads).toBe(1);
    expect(a.runs[0].explanations).toEqual(b.runs[0].explanations);
    const two = JSON.parse(
      (await cli([...BC, '--format', 'json', '--seed', '4', '--threads', '2', '--num-samples', '800'])).stdout,
    );
    expect(two.runs[0].timing.threads).toBe(2);
  });

  it('--rows prints one JSON object per line; --runs adds stability', async () => {
    const r = await cli([
      ...BC,
      '--rows',
      '2-4',
      '--runs',
      '3',
      '--num-samples',
      '1000',
      '--format',
      'json',
      '--top-labels',
      '2',
    ]);
    expect(r.status).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.instance.row)).toEqual([2, 3, 4]);
    for (const d of docs) {
      expect(d.runs.map((run: { seed: number }) => run.seed)).toEqual([0, 1, 2]);
      expect(d.runs[0].explanations.map((e: { label: number }) => e.label).sort()).toEqual([0, 1]);
      expect(d.stability.runs).toBe(3);
      const s = d.stability.labels[0];
      expect(s.topKCommonShare).toBeGreaterThan(0);
      expect(s.topKCommonShare).toBeLessThanOrEqual(1);
      for (const f of s.features) expect(f.low).toBeLessThanOrEqual(f.high);
    }
  });

  it('explains a regression model with label null and a value prediction', async () => {
    const r = await cli([
      'explain',
      fixture('diabetes_gbr.onnx'),
      '--data',
      fixture('diabetes.test.csv'),
      '--train',
      fixture('diabetes.train.csv'),
      '--label-column',
      'target',
      '--format',
      'json',
      '--feature-selection',
      'lasso-path',
      '--num-features',
      '4',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.prediction.value).toBeCloseTo(239.589923919914, 3);
    expect(doc.runs[0].explanations[0].label).toBeNull();
    expect(doc.runs[0].explanations[0].weights.length).toBeLessThanOrEqual(4);
  });

  it('explains with every discretizer and feature selection', async () => {
    for (const extra of [
      ['--discretizer', 'entropy'],
      ['--discretizer', 'decile', '--feature-selection', 'forward-selection', '--num-features', '3'],
      ['--discretizer', 'none', '--sample-around-instance'],
      ['--feature-selection', 'none'],
    ]) {
      const r = await cli([...BC, '--format', 'json', '--num-samples', '800', ...extra]);
      expect(r.stderr, extra.join(' ')).toBe('');
      expect(JSON.parse(r.stdout).runs[0].explanations[0].weights.length).toBeGreaterThan(0);
    }
  });

  it("reads a ZipMap classifier's probabilities", async () => {
    const r = await cli([
      'explain',
      fixture('breast_cancer_rf_zipmap.onnx'),
      ...BC.slice(2),
      '--format',
      'json',
      '--row',
      '3',
    ]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).prediction.probabilities[1]).toBeCloseTo(0.99, 5);
  });
});

describe('lime-workbench explain refuses bad input with exit 2 and names the problem', () => {
  const csv = (name: string, text: string) => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };
  const header = readFileSync(fixture('breast_cancer.test.csv'), 'utf8').split('\n')[0];
  const firstRows = readFileSync(fixture('breast_cancer.test.csv'), 'utf8').split('\n').slice(1, 4);
  const withCell = (row: number, col: number, value: string) =>
    [
      header,
      ...firstRows.map((r, i) =>
        i === row
          ? r
              .split(',')
              .map((c, j) => (j === col ? value : c))
              .join(',')
          : r,
      ),
    ].join('\n');
  const linear = join(tmp, 'linear.onnx');
  writeFileSync(linear, linearRegressor([1, 2], 0));
  const dynamic = join(tmp, 'dynamic.onnx');
  writeFileSync(
    dynamic,
    perColumnClassifier({
      numeric: [{ name: 'age', coef: 1 }],
      category: { name: 'colour', effects: { red: 1 } },
      intercept: 0,
      output: 'probabilities',
      numericDims: ['N', 'width'],
    }),
  );
  const people = csv('people.csv', 'age,colour\n30,red\n40,blue\n');

  it.each([
    [
      'a file that is not ONNX',
      ['explain', fixture('breast_cancer.test.csv'), '--data', fixture('breast_cancer.test.csv')],
      /breast_cancer\.test\.csv: expected an ONNX model .*found bytes that do not decode/,
    ],
    [
      'a missing model file',
      ['explain', join(tmp, 'none.onnx'), '--data', fixture('wine.test.csv')],
      /none\.onnx: expected an ONNX model file, found no such file/,
    ],
    [
      'a ground-truth column left among the features',
      ['explain', fixture('breast_cancer_rf.onnx'), '--data', fixture('breast_cancer.test.csv')],
      /expected 30 feature columns .*found 31: "label" is not among the features/,
    ],
    [
      'CSV columns of another model',
      ['explain', fixture('breast_cancer_rf.onnx'), '--data', fixture('wine.test.csv'), '--label-column', 'label'],
      /expected 30 feature columns .*found 13/,
    ],
    [
      'columns that do not match per-column inputs',
      ['explain', join(tmp, 'dynamic.onnx'), '--data', csv('other.csv', 'age,shade\n30,red\n')],
      /"colour" have no column in the data.*"shade" are not inputs of the model/,
    ],
    [
      'text in a numeric column',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        csv('text.csv', withCell(1, 2, 'abc')),
        '--label-column',
        'label',
      ],
      /column "mean perimeter": expected numbers .*found text "abc"/,
    ],
    [
      'an empty cell',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        csv('empty.csv', withCell(2, 5, '')),
        '--label-column',
        'label',
      ],
      /row 2, column "mean compactness": expected a value, found an empty cell/,
    ],
    [
      'a NaN cell',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        csv('nan.csv', withCell(0, 0, 'NaN')),
        '--label-column',
        'label',
      ],
      /row 0, column "mean radius": expected a number or category, found "NaN"/,
    ],
    [
      'a row out of range',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        fixture('breast_cancer.test.csv'),
        '--label-column',
        'label',
        '--row',
        '114',
      ],
      /--row 114: expected a row of .* from 0 to 113/,
    ],
    [
      'a dynamic input dimension the profile cannot fill',
      ['explain', dynamic, '--data', people],
      /input "age" has a dynamic dimension "width" the profile cannot fill/,
    ],
    [
      'a label column that does not exist',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        fixture('breast_cancer.test.csv'),
        '--label-column',
        'outcome',
      ],
      /--label-column outcome: expected a column of/,
    ],
    [
      'a class the model does not have',
      [...BC, '--labels', '2'],
      /labels \(--labels\): expected class indices from 0 to 1 \(the model has 2 classes\), found 2/,
    ],
    [
      'labels for a regression model',
      ['explain', linear, '--data', csv('xy.csv', 'a,b\n1,2\n'), '--labels', '0'],
      /expected a classifier, found a regression model/,
    ],
    ['an unknown flag', [...BC, '--samples', '10'], /Unknown option '--samples'/],
    ['a malformed number', [...BC, '--num-samples', '5k'], /--num-samples: expected a whole number .*found "5k"/],
    [
      'an unknown discretizer',
      [...BC, '--discretizer', 'quintile'],
      /--discretizer: expected one of quartile, decile, entropy, none, found "quintile"/,
    ],
    [
      'a ragged CSV',
      ['explain', linear, '--data', csv('ragged.csv', 'a,b\n1,2\n3\n')],
      /ragged\.csv row 1 \(line 3\): expected 2 cells like the header, found 1/,
    ],
    [
      'a profile that is not valid',
      [...BC, '--profile', csv('bad-profile.json', '{"task":"clustering"}')],
      /bad-profile\.json: expected a model profile .*task/,
    ],
    [
      'entropy without training labels',
      [
        'explain',
        fixture('breast_cancer_rf.onnx'),
        '--data',
        csv(
          'nolabel.csv',
          [header.split(',').slice(0, 30).join(','), ...firstRows.map((r) => r.split(',').slice(0, 30).join(','))].join(
            '\n',
          ),
        ),
        '--discretizer',
        'entropy',
      ],
      /--discretizer entropy: expected --label-column/,
    ],
  ])('%s', async (_, args, message) => {
    const r = await cli(args);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
  });
});
