import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/backend/app/createBackend';
import { jobOutcome } from '../../../electron/backend/app/jobOutcome';
import { normalQuantile } from '../../../shared/engine/normal';
import { Rng } from '../../../shared/engine/random';
import { tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';
import { linearRegressor, logisticClassifier } from '../../support/onnxBuilder';

/**
 * Version review against known truths: two linear models whose coefficients differ in exactly two
 * columns, and two logistic classifiers whose own predictions say which rows flip.
 */
const COLUMNS = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'];
const V1 = [1.0, -1.0, 0.5, 1.5, -0.7, 0.3];
// v2: x3's weight doubled, x1's sign flipped; the rest as in v1.
const V2 = V1.map((c, j) => (j === 3 ? 2 * c : j === 1 ? -c : c));

function table(rows: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => COLUMNS.map(() => Number(normalQuantile(rng.uniform()).toFixed(3))));
}

function writeCsv(path: string, values: number[][], label: (x: number[]) => number): string {
  writeFileSync(
    path,
    [[...COLUMNS, 'label'].join(','), ...values.map((x) => [...x, label(x)].join(','))].join('\n') + '\n',
  );
  return path;
}

const dot = (x: number[], c: number[]) => x.reduce((a, v, j) => a + v * c[j], 0);

/** Creates a study and waits for its job (events that come before the reply are not missed). */
async function runStudy(backend: Backend, args: Parameters<Backend['api']['createStudy']>[0]): Promise<number> {
  let studyId = 0;
  await jobOutcome(backend, async () => {
    const started = await backend.api.createStudy(args);
    studyId = started.studyId;
    return started;
  });
  return studyId;
}

describe('comparison studies', () => {
  let backend: Backend | null = null;
  afterEach(async () => {
    await backend?.close();
    backend = null;
  });

  async function setUp(build: (coef: number[]) => Uint8Array, label: (x: number[]) => number) {
    const dir = tempDir('lw-study-');
    backend = createBackend({ storePath: join(dir, 'study.lwa'), create: true, workers: 2 });
    const api = backend.api;
    writeFileSync(join(dir, 'v1.onnx'), build(V1));
    writeFileSync(join(dir, 'v2.onnx'), build(V2));
    const a = await api.addModel({ path: join(dir, 'v1.onnx'), family: 'linear', versionLabel: 'v1' });
    const b = await api.addModel({ path: join(dir, 'v2.onnx'), family: 'linear', versionLabel: 'v2' });
    const test = table(80, 7);
    const data = await api.addDataset({ path: writeCsv(join(dir, 'test.csv'), test, label) });
    const train = await api.addDataset({ path: writeCsv(join(dir, 'train.csv'), table(300, 8), label) });
    return { api, a, b, test, data, train, backend: backend };
  }

  it('puts the two changed columns of a linear model on top of the shift list, with the right signs, and the rest within noise', async () => {
    const { api, a, b, data, train, backend } = await setUp(
      (c) => linearRegressor(c, 0.2),
      (x) => dot(x, V1),
    );
    // Three studies with different seeds: the simultaneous 95 % intervals may call a shift of an unchanged
    // column real by chance (at most 5 % of studies); the two changed columns must be found every time.
    let falseCalls = 0;
    for (const seed of [0, 1, 2]) {
      const studyId = await runStudy(backend, {
        modelAId: a.id,
        modelBId: b.id,
        datasetId: data.id,
        trainDatasetId: train.id,
        labelColumn: 'label',
        rows: Array.from({ length: 80 }, (_, i) => i),
        params: { numSamples: 2000, seed },
      });
      const { summary, study: saved } = await api.getStudy({ studyId });
      expect(saved.done).toBe(80);
      expect(summary.rows).toBe(80);
      const [first, second, ...rest] = summary.shifts;
      expect(new Set([first.input, second.input])).toEqual(new Set(['x1', 'x3']));
      const x3 = summary.shifts.find((s) => s.input === 'x3')!;
      const x1 = summary.shifts.find((s) => s.input === 'x1')!;
      // Doubled: leans more, by about what it leaned before; no sign changes.
      expect(x3.established).toBe(true);
      expect(x3.shift / x3.meanAbsA).toBeGreaterThan(0.85);
      expect(x3.shift / x3.meanAbsA).toBeLessThan(1.15);
      expect(x3.signChanges).toBe(0);
      // Flipped: its effect reversed on (nearly) every row, the shift strongly negative.
      expect(x1.established).toBe(true);
      expect(x1.shift).toBeLessThan(-x1.meanAbsA);
      expect(x1.signChanges).toBeGreaterThan(70);
      for (const other of rest) {
        expect(Math.abs(other.shift), other.input).toBeLessThan(0.05 * x3.meanAbsA);
        const containsZero = other.intervalShift[0] <= 0 && other.intervalShift[1] >= 0;
        expect(other.established).toBe(!containsZero);
        if (!containsZero) falseCalls++;
      }
      expect(summary.flips).toEqual([]); // a regression model has no classes to flip
      expect(summary.text).toMatch(/leans more on x3 \(\+[\d.]+\)/);
      expect(summary.text).toMatch(/less on x1 \(−[\d.]+, sign reversed in \d+ rows\)/);
    }
    expect(falseCalls).toBeLessThanOrEqual(1);
  }, 120_000);

  it('finds exactly the rows whose predicted class the two classifiers disagree on, and keeps a cancelled study to resume', async () => {
    const { api, a, b, test, data, train, backend } = await setUp(
      (c) => logisticClassifier(c, 0),
      (x) => Number(dot(x, V1) > 0),
    );
    const rows = Array.from({ length: 80 }, (_, i) => i);
    const args = {
      modelAId: a.id,
      modelBId: b.id,
      datasetId: data.id,
      trainDatasetId: train.id,
      labelColumn: 'label',
      rows,
      params: { numSamples: 500 },
    };
    // Cancel at the first saved run: the study keeps what it finished and is resumed to the same rows.
    const started = await api.createStudy(args);
    const cancelled = new Promise<void>((resolve) => {
      const off = backend.onEvent((e) => {
        if (e.jobId === started.jobId && e.type === 'job-run-saved') void api.cancelJob({ jobId: started.jobId });
        if (e.jobId === started.jobId && (e.type === 'job-failed' || e.type === 'job-done')) {
          off();
          resolve();
        }
      });
    });
    await cancelled;
    const partial = await api.getStudy({ studyId: started.studyId });
    expect(partial.study.done).toBeLessThan(80);
    const runsBefore = (await api.listRuns({})).total;
    await jobOutcome(backend, async () => api.resumeStudy({ studyId: started.studyId }));
    const { summary, study } = await api.getStudy({ studyId: started.studyId });
    expect(study.done).toBe(80);
    // Resuming explains only what was missing: two runs per unfinished row, at most a chunk's worth redone.
    const runsAfter = (await api.listRuns({})).total;
    expect(runsAfter - runsBefore).toBeLessThanOrEqual(2 * (80 - partial.study.done));
    expect(summary.agreement.map((r) => r.row)).toEqual(rows.filter((r) => summary.agreement.some((x) => x.row === r)));
    // Flips are the rows where the models themselves disagree (float32 inputs, as onnxruntime computes).
    const p = (x: number[], c: number[]) => Math.fround(dot(x.map(Math.fround), c)) > 0;
    const expected = rows.filter((r) => p(test[r], V1) !== p(test[r], V2));
    expect(expected.length).toBeGreaterThan(3);
    expect(summary.flips.map((f) => f.row).sort((x, y) => x - y)).toEqual(expected);
    expect(summary.ranked.slice(0, expected.length).every((r) => r.flip)).toBe(true);
    // A second study of the same rows with the same parameters reuses every run.
    await runStudy(backend, args);
    expect((await api.listRuns({})).total).toBe(runsAfter);
    expect((await api.verifyAudit({})).ok).toBe(true);
  }, 120_000);

  it('refuses models that do not share inputs and labels, bad cohorts, and rows past the end', async () => {
    const { api, a, data } = await setUp(
      (c) => linearRegressor(c, 0),
      (x) => dot(x, V1),
    );
    const wine = await api.addModel({ path: fixture('wine_mlp.onnx') });
    await expect(api.createStudy({ modelAId: a.id, modelBId: wine.id, datasetId: data.id, rows: [0] })).rejects.toThrow(
      /expected two models over the same input columns and label set/,
    );
    const b = (await api.listModels({})).find((m) => m.versionLabel === 'v2')!;
    await expect(
      api.createStudy({ modelAId: a.id, modelBId: b.id, datasetId: data.id, where: 'x9 > 1' }),
    ).rejects.toThrow(/where: at position 1: expected a column of the dataset/);
    await expect(
      api.createStudy({ modelAId: a.id, modelBId: b.id, datasetId: data.id, where: 'x1 > 100' }),
    ).rejects.toThrow(/no row that matches/);
    await expect(api.createStudy({ modelAId: a.id, modelBId: b.id, datasetId: data.id, rows: [80] })).rejects.toThrow(
      /row 80: expected a row of .* from 0 to 79/,
    );
    const refused = await backend!.dispatch('createStudy', {
      modelAId: a.id,
      modelBId: b.id,
      datasetId: data.id,
      rows: [0],
      where: 'x1 > 0',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await api.listStudies({})).toEqual([]);
  });

  it('takes the rows of an SP-LIME pick, named by its audit log entry', async () => {
    const { api, a, b, data, train, backend } = await setUp(
      (c) => linearRegressor(c, 0),
      (x) => dot(x, V1),
    );
    await jobOutcome(backend, () =>
      api.pickInstances({
        modelId: a.id,
        datasetId: data.id,
        trainDatasetId: train.id,
        labelColumn: 'label',
        rows: Array.from({ length: 20 }, (_, i) => i),
        budget: 3,
        params: { numSamples: 300 },
      }),
    );
    const [pick] = await api.listPicks({});
    expect(pick).toMatchObject({ modelId: a.id, datasetId: data.id, candidates: 20 });
    expect(pick.rows).toHaveLength(3);
    const studyId = await runStudy(backend, {
      modelAId: a.id,
      modelBId: b.id,
      datasetId: data.id,
      trainDatasetId: train.id,
      labelColumn: 'label',
      pickSeq: pick.seq,
      params: { numSamples: 300 },
    });
    const { study: saved } = await api.getStudy({ studyId });
    expect(saved.selection).toEqual({ kind: 'pick', pickSeq: pick.seq });
    expect(saved.rows).toEqual(pick.rows);
    expect(saved.done).toBe(3);
    await expect(api.createStudy({ modelAId: a.id, modelBId: b.id, datasetId: data.id, pickSeq: 1 })).rejects.toThrow(
      /pickSeq 1: expected the audit log entry of an SP-LIME pick, found no such pick/,
    );
  }, 60_000);

  it('selects a cohort by filter and records a verdict on the study with its history', async () => {
    const { api, a, b, test, data, train, backend } = await setUp(
      (c) => linearRegressor(c, 0),
      (x) => dot(x, V1),
    );
    const studyId = await runStudy(backend, {
      modelAId: a.id,
      modelBId: b.id,
      datasetId: data.id,
      trainDatasetId: train.id,
      labelColumn: 'label',
      where: 'x0 > 0.5 and x2 <= 0',
      params: { numSamples: 300 },
    });
    const expected = test.flatMap((x, i) => (x[0] > 0.5 && x[2] <= 0 ? [i] : []));
    const { study: saved } = await api.getStudy({ studyId });
    expect(saved.rows).toEqual(expected);
    expect(saved.selection).toEqual({ kind: 'cohort', where: 'x0 > 0.5 and x2 <= 0' });
    await api.saveStudyAnnotation({ studyId, verdict: 'follow-up', rationale: 'x1 reversed', reviewer: 'ana' });
    await api.saveStudyAnnotation({
      studyId,
      verdict: 'not-trusted',
      rationale: 'x1 reversal confirmed',
      reviewer: 'bo',
    });
    const detail = await api.getStudy({ studyId });
    expect(detail.annotations.map((n) => [n.version, n.verdict, n.reviewer])).toEqual([
      [1, 'follow-up', 'ana'],
      [2, 'not-trusted', 'bo'],
    ]);
    expect((await api.listStudies({}))[0].latest?.verdict).toBe('not-trusted');
    expect((await api.verifyAudit({})).ok).toBe(true);
  }, 60_000);
});
