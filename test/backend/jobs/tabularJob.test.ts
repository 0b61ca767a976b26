import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../../electron/backend/data/tabularDataset';
import { fitKey } from '../../../electron/backend/jobs/fitKey';
import { fittedState, runTabularJob, type TabularJob } from '../../../electron/backend/jobs/tabularJob';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { openModel } from '../../../electron/backend/onnx/openModel';
import { DEFAULT_TABULAR_PARAMS } from '../../../shared/domain/params';
import type { TabularTable } from '../../../shared/domain/tabular';
import { fixture } from '../../support/fixtures';

describe('tabular jobs fit the explainer once per training table', async () => {
  const dataset = buildTabularDataset(
    await readCsv(fixture('breast_cancer.test.csv')),
    await readCsv(fixture('breast_cancer.train.csv')),
    { labelColumn: 'label' },
  );
  const copy = (t: TabularTable): TabularTable => ({ ...t, values: t.values.slice() });
  // The same table with its first column doubled: other cut points, so other bins and names.
  const doubled = copy(dataset.train);
  for (let i = 0; i < doubled.rows; i++) doubled.values[i * doubled.columns.length] *= 2;

  it('reuses a fit for a table of the same contents, and refits a changed table or discretizer', () => {
    const first = fittedState(dataset.train, 'quartile', null);
    expect(fittedState(copy(dataset.train), 'quartile', null)).toBe(first);
    expect(fittedState(doubled, 'quartile', null)).not.toBe(first);
    expect(fittedState(dataset.train, 'decile', null)).not.toBe(first);
    expect(fittedState(dataset.train, 'quartile', null)).toBe(first);
    expect(fittedState(doubled, 'quartile', null).columns[0].cuts).toEqual(first.columns[0].cuts!.map((c) => 2 * c));
    // A job that brings its table's key (prepareTabular computes it once per data set) is fitted under it.
    const key = fitKey(dataset.train, 'quartile', null);
    expect(fittedState(copy(dataset.train), 'quartile', null, key)).toBe(first);
    expect(fittedState(dataset.train, 'quartile', null, 'another key')).not.toBe(first);
  });

  it('explains the same through a reused fit and workspace as through fresh ones', async () => {
    const model = await openModel(await describeModelFile(fixture('breast_cancer_rf.onnx')));
    const job = (train: TabularTable): TabularJob => ({
      kind: 'tabular',
      columns: dataset.columns,
      train,
      trainLabels: dataset.trainLabels,
      instances: [{ row: 5, values: instanceAt(dataset, 5, 'test') }],
      params: { ...DEFAULT_TABULAR_PARAMS, numSamples: 1000 },
    });
    const strip = (rs: Awaited<ReturnType<typeof runTabularJob>>) =>
      rs.map((r) => ({ ...r, runs: r.runs.map(({ timing: _, ...run }) => run) }));
    // A table no job of this thread has seen: its first job fits it, the second reuses that fit.
    const unseen = copy(dataset.train);
    for (let i = 0; i < unseen.rows; i++) unseen.values[i * unseen.columns.length + 1] *= 3;
    const before = strip(await runTabularJob(model, job(unseen)));
    const other = strip(await runTabularJob(model, job(doubled)));
    const again = strip(await runTabularJob(model, job(copy(unseen))));
    // …and the next job on it also takes over the workspace the previous one left.
    const third = strip(await runTabularJob(model, job(copy(unseen))));
    expect(again).toEqual(before);
    expect(third).toEqual(before);
    expect(other).not.toEqual(before);
    await model.session.release();
  });
});
