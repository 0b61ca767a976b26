import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/app/createBackend';
import { jobOutcome } from '../../../electron/backend/app/jobOutcome';
import { buildReportModel } from '../../../electron/backend/report/buildReportModel';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { renderReport } from '../../../shared/report/renderReport';
import { tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

it('saves KernelSHAP beside LIME and the kernel-width sweep with a text run, and verify holds', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-app-'), 'a.lwa'), create: true });
  try {
    const model = await backend.api.addModel({ path: fixture('debian_text_bow.onnx') });
    const data = await backend.api.addDataset({ path: fixture('debian_text.test.jsonl') });
    const done = await jobOutcome(backend, () =>
      backend.api.runExplanation({
        modelId: model.id,
        datasetId: data.id,
        rows: [0],
        params: { method: 'both', autoKernelWidth: true, numSamples: 400, runs: 2 },
      }),
    );
    const run = await backend.api.getRun({ runId: done.runIds[0] });
    expect(run.params).toMatchObject({ method: 'both', autoKernelWidth: true, numSamples: 400, runs: 2 });
    expect(run.kernelWidthSweep!.widths.map((w) => w.width)).toEqual([6.25, 12.5, 25, 50, 100]);
    expect(run.params.kernelWidth).toBe(run.kernelWidthSweep!.chosen);
    expect(run.kernelShap!.explanations[0].label).toBe(run.runs[0].explanations[0].label);
    expect(run.agreement).toEqual([expect.objectContaining({ label: run.runs[0].explanations[0].label, topK: 5 })]);
    expect(run.stability).not.toBeNull();
    expect((await backend.api.verifyAudit({})).failures).toEqual([]);
  } finally {
    await backend.close();
  }
});

it('picks representative rows with SP-LIME: saves only the picks, logs the pick, and refuses image folders', async () => {
  const store = join(tempDir('lw-app-'), 'a.lwa');
  const backend = createBackend({ storePath: store, create: true });
  try {
    const model = await backend.api.addModel({ path: fixture('breast_cancer_rf.onnx') });
    const data = await backend.api.addDataset({ path: fixture('breast_cancer.test.csv') });
    const train = await backend.api.addDataset({ path: fixture('breast_cancer.train.csv') });
    const rows = Array.from({ length: 12 }, (_, i) => i);
    const args = {
      modelId: model.id,
      datasetId: data.id,
      trainDatasetId: train.id,
      rows,
      budget: 3,
      params: { numSamples: 800 },
    };
    const done = await jobOutcome(backend, () => backend.api.pickInstances(args));
    const pick = done.pick!;
    expect(pick).toMatchObject({ candidates: 12, budget: 3 });
    expect(pick.picks.map((p) => p.runId)).toEqual(done.runIds);
    expect(new Set(pick.picks.map((p) => p.row)).size).toBe(3);
    for (let i = 1; i < 3; i++)
      expect(pick.picks[i].coverageShare).toBeLessThanOrEqual(pick.picks[i - 1].coverageShare);
    // Each pick's share adds up to the coverage of the whole pick.
    expect(pick.picks.reduce((a, p) => a + p.coverageShare, 0)).toBeCloseTo(pick.coverage, 12);
    // Importance names columns, and the picks cover its largest share.
    expect(pick.importance[0].name).toMatch(/^(mean|worst) |error$/);
    expect(pick.coverage).toBeGreaterThan(0.5);
    // Only the picks were saved, each as the run of its row; the pick is in the audit log.
    const { runs } = await backend.api.listRuns({});
    expect(runs.map((r) => r.row).sort((a, b) => a! - b!)).toEqual(pick.picks.map((p) => p.row).sort((a, b) => a - b));
    expect((await backend.api.verifyAudit({})).failures).toEqual([]);
    // The report names the pick in its summary.
    const db = openAudit(store);
    const report = await buildReportModel(db, store);
    db.close();
    expect(report.summary.picks).toEqual([
      expect.objectContaining({
        model: 'breast_cancer_rf v1',
        candidates: 12,
        coverage: pick.coverage,
        rows: pick.picks.map(({ row, runId }) => ({ row, runId })),
      }),
    ]);
    expect(renderReport(report)).toContain(
      `rows ${pick.picks.map((p) => `${p.row} (run ${p.runId})`).join(', ')} picked of 12 candidates`,
    );
    // The same seed picks the same rows.
    const again = await jobOutcome(backend, () => backend.api.pickInstances(args));
    expect(again.pick!.picks.map((p) => p.row)).toEqual(pick.picks.map((p) => p.row));
    const images = await backend.api.addDataset({ path: fixture('fashion_mnist.test') });
    const cnn = await backend.api.addModel({ path: fixture('fashion_mnist_cnn.onnx') });
    const refused = await backend.dispatch('pickInstances', {
      modelId: cnn.id,
      datasetId: images.id,
      rows: [0, 1],
      budget: 1,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(refused)).toMatch(
      /fashion_mnist\.test: expected a table or texts to pick among .*found a folder of images/,
    );
  } finally {
    await backend.close();
  }
});

it('compares two runs only within one feature space, matching features by name', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-app-'), 'a.lwa'), create: true });
  try {
    const api = backend.api;
    const v1 = await api.addModel({ path: fixture('breast_cancer_rf.onnx'), family: 'bc', versionLabel: 'v1' });
    const v2 = await api.addModel({ path: fixture('breast_cancer_rf_v2.onnx'), family: 'bc', versionLabel: 'v2' });
    const text = await api.addModel({ path: fixture('debian_text_bow.onnx') });
    const data = await api.addDataset({ path: fixture('breast_cancer.test.csv') });
    const texts = await api.addDataset({ path: fixture('debian_text.test.jsonl') });
    const explain = async (modelId: number, datasetId: number, rows: number[]) =>
      (await jobOutcome(backend, () => api.runExplanation({ modelId, datasetId, rows, params: { numSamples: 500 } })))
        .runIds;
    const [a] = await explain(v1.id, data.id, [0]);
    const [b] = await explain(v2.id, data.id, [0]);
    const [words, otherWords] = await explain(text.id, texts.id, [0, 1]);
    await expect(api.compareRuns({ runIds: [a, words] })).rejects.toThrow(
      /expected two runs of one feature space .* found run \d+ \(bc v1, tabular\) against run \d+ \(debian_text_bow .*, text\)/,
    );
    await expect(api.compareRuns({ runIds: [words, otherWords] })).rejects.toThrow(
      /expected two runs of the same text/,
    );
    const c = await api.compareRuns({ runIds: [a, b] });
    const [ra, rb] = await Promise.all([api.getRun({ runId: a }), api.getRun({ runId: b })]);
    // Every feature of either run appears once, with its own run's weight under its own name.
    for (const f of c.features) {
      expect(f.weightA).toBeCloseTo(
        ra.runs[0].explanations[0].weights.filter((w) => w.name === f.name).reduce((s, w) => s + w.weight, 0),
        12,
      );
      expect(f.weightB).toBeCloseTo(
        rb.runs[0].explanations[0].weights.filter((w) => w.name === f.name).reduce((s, w) => s + w.weight, 0),
        12,
      );
    }
    expect(new Set(c.features.map((f) => f.name))).toEqual(
      new Set([...ra.runs[0].explanations[0].weights, ...rb.runs[0].explanations[0].weights].map((w) => w.name)),
    );
  } finally {
    await backend.close();
  }
}, 60_000);

it('explains an image with numSamples auto through the API: the guarantee saved with the run, listed, and verified', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-app-'), 'a.lwa'), create: true });
  try {
    const model = await backend.api.addModel({ path: fixture('fashion_mnist_cnn.onnx') });
    const data = await backend.api.addDataset({ path: fixture('fashion_mnist.test') });
    // KernelSHAP has no selection to test: refused before any job, in the command line's words.
    await expect(
      backend.api.runExplanation({
        modelId: model.id,
        datasetId: data.id,
        rows: [0],
        params: { numSamples: 'auto', method: 'kernel-shap' },
      }),
    ).rejects.toThrow(/numSamples "auto" \(--num-samples auto\): expected method lime or both/);
    const done = await jobOutcome(backend, () =>
      backend.api.runExplanation({
        modelId: model.id,
        datasetId: data.id,
        rows: [1],
        params: { numSamples: 'auto', topLabels: 1, numFeatures: 3, maxSamples: 4000, timeBudgetMs: 20_000 },
      }),
    );
    const run = await backend.api.getRun({ runId: done.runIds[0] });
    const g = run.runs[0].guarantee!;
    expect(run.params.guarantee).toEqual({ confidence: 0.95, maxSamples: 4000, timeBudgetMs: 20_000 });
    expect(g.samples).toBe(run.runs[0].neighbourhood!.samples);
    expect(g.labels[0].steps.map((s) => s.name)).toEqual(g.labels[0].steps.map((s) => `segment ${s.feature}`));
    expect((await backend.api.listRuns({})).runs[0].guarantee).toEqual({ stable: g.stable, samples: g.samples });
    expect((await backend.api.verifyAudit({})).failures).toEqual([]);
  } finally {
    await backend.close();
  }
}, 60_000);

it('opens a chosen model’s session ahead of the explanation, and names a model the audit does not have', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-app-'), 'a.lwa'), create: true });
  try {
    const model = await backend.api.addModel({ path: fixture('breast_cancer_rf.onnx') });
    const data = await backend.api.addDataset({ path: fixture('breast_cancer.test.csv') });
    expect(await backend.api.prepareModel({ modelId: model.id })).toEqual({ preparing: true, rehearsing: false });
    // With its data: the worker rehearses explaining the first row; a dataset it cannot explain, not.
    const prepare = (datasetId: number) => backend.api.prepareModel({ modelId: model.id, datasetId });
    expect(await prepare(data.id)).toEqual({ preparing: true, rehearsing: true });
    expect(await prepare(data.id + 1)).toEqual({ preparing: true, rehearsing: false });
    await expect(backend.api.prepareModel({ modelId: 99 })).rejects.toMatchObject({
      code: 'not-found',
      message: 'model 99: expected a model of this audit, found none',
    });
    // The explanation that follows uses the session opened for it.
    const done = await jobOutcome(backend, () =>
      backend.api.runExplanation({ modelId: model.id, datasetId: data.id, rows: [0], labelColumn: 'label' }),
    );
    expect((await backend.api.getRun({ runId: done.runIds[0] })).runs).toHaveLength(1);
  } finally {
    await backend.close();
  }
});
