import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/contract/api';
import { createBackend, type Backend } from '../../../electron/backend/app/createBackend';
import { tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

/** Starts a job and resolves with its final event. */
function finished(backend: Backend, start: () => Promise<{ jobId: string }>): Promise<ApiEvent> {
  return new Promise((resolve, reject) => {
    const seen: ApiEvent[] = [];
    let id: string | null = null;
    const settle = (e: ApiEvent) => (e.type === 'job-done' || e.type === 'job-failed') && e.jobId === id && (off(), resolve(e));
    const off = backend.onEvent((e) => (id === null ? seen.push(e) : settle(e)));
    start().then(({ jobId }) => ((id = jobId), seen.forEach(settle)), reject);
  });
}

it('saves KernelSHAP beside LIME and the kernel-width sweep with a text run, and verify holds', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-app-'), 'a.lwa'), create: true });
  try {
    const model = await backend.api.addModel({ path: fixture('debian_text_bow.onnx') });
    const data = await backend.api.addDataset({ path: fixture('debian_text.test.jsonl') });
    const done = await finished(backend, () =>
      backend.api.runExplanation({ modelId: model.id, datasetId: data.id, rows: [0], params: { method: 'both', autoKernelWidth: true, numSamples: 400, runs: 2 } }),
    );
    expect(done.type).toBe('job-done');
    const run = await backend.api.getRun({ runId: (done as Extract<ApiEvent, { type: 'job-done' }>).runIds[0] });
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
