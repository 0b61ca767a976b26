import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../../electron/backend/data/tabularDataset';
import type { TabularJob } from '../../../electron/backend/jobs/tabularJob';
import { WorkerPool } from '../../../electron/backend/jobs/workerPool';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { DEFAULT_TABULAR_PARAMS } from '../../../shared/domain/params';
import { WorkbenchError } from '../../../shared/contract/errors';
import { tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

describe('WorkerPool (explanations off the main thread)', async () => {
  const model = await describeModelFile(fixture('breast_cancer_rf.onnx'));
  const data = await readCsv(fixture('breast_cancer.test.csv'));
  const dataset = buildTabularDataset(data, await readCsv(fixture('breast_cancer.train.csv')), {
    labelColumn: 'label',
  });
  const job = (rows: number[], runs: number, numSamples = 2000): TabularJob => ({
    kind: 'tabular',
    columns: dataset.columns,
    train: dataset.train,
    trainLabels: dataset.trainLabels,
    instances: rows.map((row) => ({ row, values: instanceAt(dataset, row, 'test') })),
    params: { ...DEFAULT_TABULAR_PARAMS, numSamples, runs },
  });
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('reports progress per run and each instance as it completes', async () => {
    const progress: number[] = [];
    const seen: number[] = [];
    const results = await pool.run(model, job([0, 1], 3), {
      onProgress: (done, total) => progress.push(done / total),
      onInstance: (r) => seen.push(r.row),
    });
    expect(progress).toEqual([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
    expect(seen).toEqual([0, 1]);
    expect(results.map((r) => r.runs.map((run) => run.seed))).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(results[0].stability?.runs).toBe(3);
    expect(results[0].prediction[0]).toBeCloseTo(0.9, 5);
  });

  it('explains the same after warming the engine ahead of any job (the warm-up shares nothing with a job)', async () => {
    const warmed = new WorkerPool(1);
    warmed.warm();
    const cold = new WorkerPool(1);
    try {
      const [a, b] = await Promise.all([warmed.run(model, job([3, 4], 2)), cold.run(model, job([3, 4], 2))]);
      const strip = (rs: typeof a) => rs.map((r) => ({ ...r, runs: r.runs.map(({ timing: _, ...run }) => run) }));
      expect(strip(a)).toEqual(strip(b));
    } finally {
      await Promise.all([warmed.close(), cold.close()]);
    }
  });

  it('rehearses a job silently: the job after it gets only its own instances, the same as without', async () => {
    const rehearsed = new WorkerPool(1);
    const plain = new WorkerPool(1);
    try {
      // No idle worker yet: nothing to rehearse on.
      expect(rehearsed.rehearse(model, job([0], 1))).toBeNull();
      expect(rehearsed.open(model)).toBe(true);
      // One under way runs to the end; one a later rehearsal supersedes before its turn is skipped.
      const rehearsals = [job([7, 5], 2), job([8], 1), job([9], 1)].map((j) => rehearsed.rehearse(model, j)!);
      expect(await Promise.all(rehearsals)).toEqual([true, false, true]);
      // A job the worker cannot run leaves the next one unharmed.
      expect(await rehearsed.rehearse(model, { ...job([0], 1), columns: [] })).toBe(false);
      // The real job waits for the rehearsal under way, and one queued behind it is skipped for the job.
      const [underWay, queued] = [job([7, 5], 2), job([8], 1)].map((j) => rehearsed.rehearse(model, j));
      const seen: number[] = [];
      const progress: number[] = [];
      const [a, b] = await Promise.all([
        rehearsed.run(model, job([3, 4], 2), {
          onInstance: (r) => seen.push(r.row),
          onProgress: (done, total) => progress.push(done / total),
        }),
        plain.run(model, job([3, 4], 2)),
      ]);
      expect([await underWay, await queued]).toEqual([true, false]);
      expect(seen).toEqual([3, 4]);
      expect(progress).toEqual([1 / 4, 2 / 4, 3 / 4, 1]);
      const strip = (rs: typeof a) => rs.map((r) => ({ ...r, runs: r.runs.map(({ timing: _, ...run }) => run) }));
      expect(strip(a)).toEqual(strip(b));
    } finally {
      await Promise.all([rehearsed.close(), plain.close()]);
    }
  });

  it('runs two jobs at once on two workers, and the main thread stays free meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const [a, b] = await Promise.all([pool.run(model, job([5], 10, 5000)), pool.run(model, job([6], 10, 5000))]);
    clearInterval(timer);
    expect(a[0].runs).toHaveLength(10);
    expect(b[0].runs).toHaveLength(10);
    expect(ticks).toBeGreaterThan(3);
  });

  it('cancels a running job between runs', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = pool.run(model, job([0], 500, 5000), {
      signal: controller.signal,
      onProgress: (done) => done === 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
    // The pool keeps working after a cancellation.
    expect((await pool.run(model, job([1], 1, 500)))[0].row).toBe(1);
  });

  it("carries the worker's error code back to the caller", async () => {
    const bad = job([0], 1);
    bad.params = { ...bad.params, labels: [7] };
    await expect(pool.run(model, bad)).rejects.toBeInstanceOf(WorkbenchError);
    // A user's error stays the user's: the worker holds jobs to the rules the command line and the API apply.
    await expect(pool.run(model, bad)).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(
        /labels \(--labels\): expected class indices from 0 to 1 \(the model has 2 classes\), found 7/,
      ),
    });
  });

  it('splits a batch between two workers: the same explanations, handed on in the job order, progress to the total', async () => {
    const rows = [9, 2, 7, 4, 11, 0, 5];
    const strip = (rs: Awaited<ReturnType<WorkerPool['run']>>) =>
      rs.map((r) => ({ ...r, runs: r.runs.map(({ timing: _, ...run }) => run) }));
    const alone = await pool.run(model, job(rows, 2, 800));
    const seen: number[] = [];
    const progress: number[] = [];
    const split = await pool.runBatch(
      model,
      job(rows, 2, 800),
      { onInstance: (r) => seen.push(r.row), onProgress: (done, total) => progress.push(done / total) },
      2,
    );
    expect(seen).toEqual(rows);
    expect(strip(split)).toEqual(strip(alone));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops both parts of a split batch when one fails, and says why', async () => {
    const bad = job([0, 1, 2, 3, 4, 5], 1, 500);
    // Row 3 (the second part's) is refused by its worker: the other part stops too.
    bad.instances[3] = { ...bad.instances[3], values: new Float64Array(3) };
    const seen: number[] = [];
    await expect(pool.runBatch(model, bad, { onInstance: (r) => seen.push(r.row) }, 2)).rejects.toMatchObject({
      code: 'internal',
      message: 'sampleTabular: the instance has 3 values, expected 30',
    });
    // Handed on in order up to the failure, never past it.
    expect(seen).toEqual([0, 1, 2].slice(0, seen.length));
    expect((await pool.run(model, job([1], 1, 500)))[0].row).toBe(1);
  });

  it('opens model after model on one worker without piling listeners on it', async () => {
    // Each opening listens for the worker's exit until the session is open; a listener left behind on every
    // model chosen made Node warn of a leak by the eleventh (as the app does over a review session).
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const one = new WorkerPool(1);
    try {
      for (let i = 0; i < 12; i++) {
        expect(one.open(model)).toBe(true);
        // A job waits for the opening: once it is done, that opening's listeners must be gone.
        expect((await one.run(model, job([i], 1, 100)))[0].row).toBe(i);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await one.close();
    }
  });

  it('hands no job to a worker that ended while idle: a new one runs it', async () => {
    // A stand-in worker that ends when asked to rehearse and answers a job at once.
    const script = join(tempDir('lw-pool-'), 'ending.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        if (m.type === 'rehearse') process.exit(3);
        if (m.type === 'run') parentPort.postMessage({ type: 'done', id: m.id });
      });`,
    );
    const ending = new WorkerPool(1, pathToFileURL(script));
    try {
      ending.start();
      expect(await ending.rehearse(model, job([0], 1))).toBe(false);
      expect(await ending.run(model, job([0], 1))).toEqual([]);
    } finally {
      await ending.close();
    }
  });
});
