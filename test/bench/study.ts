/**
 * Version review speed: a 114-row study of breast_cancer_rf v1 against v2 (one run each, 5000 samples)
 * against the same 228 explanations run back to back (target ≤ 1.2×), and the summary of a study of
 * 10,000 saved rows, read from the audit file and computed (target < 200 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../../electron/backend/app/createBackend';
import { jobOutcome } from '../../electron/backend/app/jobOutcome';
import { studyDetail } from '../../electron/backend/app/studyMethods';
import { describeModelFile } from '../../electron/backend/onnx/loadModel';
import { registerDataset } from '../../electron/backend/store/datasets';
import { registerModel } from '../../electron/backend/store/models';
import { openAudit } from '../../electron/backend/store/openAudit';
import { saveRun, type RunToSave } from '../../electron/backend/store/runs';
import { addStudyRow, comparedRow, createStudy } from '../../electron/backend/store/studies';
import { Rng } from '../../shared/engine/random';
import { fixture } from '../support/fixtures';
import { median, verdict } from './report';

export async function benchStudy(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-study-'));
  const rows = Array.from({ length: 114 }, (_, i) => i);
  const params = { numSamples: 5000 };
  const backToBack: number[] = [];
  const studies: number[] = [];
  for (let k = 0; k < 3; k++) {
    const backend = createBackend({ storePath: join(dir, `study-${k}.lwa`), create: true, workers: 1 });
    const api = backend.api;
    const v1 = await api.addModel({ path: fixture('breast_cancer_rf.onnx'), family: 'bc', versionLabel: 'v1' });
    const v2 = await api.addModel({ path: fixture('breast_cancer_rf_v2.onnx'), family: 'bc', versionLabel: 'v2' });
    const data = await api.addDataset({ path: fixture('breast_cancer.test.csv') });
    const train = await api.addDataset({ path: fixture('breast_cancer.train.csv') });
    const common = { datasetId: data.id, trainDatasetId: train.id, labelColumn: 'label' };
    // Warm the worker and both sessions first.
    for (const m of [v1, v2])
      await jobOutcome(backend, () =>
        api.runExplanation({ ...common, modelId: m.id, rows: [0], params: { numSamples: 100 } }),
      );
    let t0 = performance.now();
    for (const m of [v1, v2])
      await jobOutcome(backend, () =>
        api.runExplanation({ ...common, modelId: m.id, rows, params: { ...params, rowSeeds: true } }),
      );
    backToBack.push(performance.now() - t0);
    t0 = performance.now();
    await jobOutcome(backend, () => api.createStudy({ ...common, modelAId: v1.id, modelBId: v2.id, rows, params }));
    studies.push(performance.now() - t0);
    await backend.close();
  }
  const ratio = median(studies) / median(backToBack);

  // A study of 10,000 saved rows (30 inputs, ten weighted per explanation), summarised from the file.
  const db = openAudit(join(dir, 'large.lwa'), { create: true });
  const models = [fixture('breast_cancer_rf.onnx'), fixture('breast_cancer_rf_v2.onnx')];
  const [a, b] = await Promise.all(
    models.map(async (path, i) =>
      registerModel(db, await describeModelFile(path), 'bench', { family: 'bc', versionLabel: `v${i + 1}` }),
    ),
  );
  const dataset = registerDataset(
    db,
    { path: fixture('breast_cancer.test.csv'), sha256: 'bench', columns: [], rowCount: 10_000 },
    'bench',
  );
  const columns = Array.from({ length: 30 }, (_, j) => `column ${j}`);
  const rng = new Rng(1);
  const run = (modelId: number, row: number): RunToSave => {
    const weights = Array.from({ length: 10 }, () => rng.int(30))
      .filter((f, i, all) => all.indexOf(f) === i)
      .map((feature) => ({ feature, name: `${columns[feature]} > 1`, weight: rng.uniform() - 0.5 }));
    const p = rng.uniform();
    return {
      modelId,
      datasetId: dataset.id,
      trainDatasetId: dataset.id,
      row,
      modality: 'tabular',
      instance: Object.fromEntries(columns.map((c) => [c, row])),
      params: { numSamples: 5000, seed: row },
      seed: row,
      prediction: [1 - p, p],
      runs: [
        {
          seed: row,
          explanations: [
            {
              label: 1,
              labelName: 'benign',
              intercept: 0,
              score: 0.5,
              localPrediction: p,
              modelPrediction: p,
              weights,
            },
          ],
          timing: { totalMs: 1, inferenceMs: 1 },
        },
      ],
      stability: null,
    };
  };
  const large = Array.from({ length: 10_000 }, (_, i) => i);
  const studyId = createStudy(
    db,
    {
      title: 'bench',
      modelAId: a.id,
      modelBId: b.id,
      datasetId: dataset.id,
      trainDatasetId: null,
      selection: { kind: 'rows', rows: large },
      rows: large,
      explain: { labelColumn: null, params: {} },
    },
    'bench',
  );
  db.transaction(() => {
    for (const row of large)
      addStudyRow(
        db,
        studyId,
        comparedRow(db, row, saveRun(db, run(a.id, row), 'bench'), saveRun(db, run(b.id, row), 'bench')),
        'bench',
      );
  })();
  const summaries: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const detail = studyDetail({ db }, studyId);
    summaries.push(performance.now() - t0);
    if (detail.summary.rows !== 10_000) throw new Error(`expected 10,000 rows, summarised ${detail.summary.rows}`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('\nVersion review (comparison studies), medians of 3 and 5');
  console.log(`228 explanations back to back (5000 samples) ${(median(backToBack) / 1000).toFixed(2).padStart(7)} s`);
  console.log(
    `the same as a 114-row study                   ${(median(studies) / 1000).toFixed(2).padStart(7)} s   ratio ${ratio.toFixed(2)}×  target ≤ 1.2×    ${verdict(ratio, 1.2)}`,
  );
  console.log(
    `summary of a 10,000-row study (read + compute) ${median(summaries).toFixed(0).padStart(6)} ms  target < 200 ms  ${verdict(median(summaries), 200)}`,
  );
}
