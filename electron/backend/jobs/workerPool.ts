import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { ModelDescription } from '../onnx/loadModel';
import { keepInstances, type FromWorker, type Job, type JobModel, type ToWorker } from './messages';
import type { InstanceExplanation } from './runInstances';

export interface RunJobOptions {
  onProgress?: (done: number, total: number) => void;
  onInstance?: (result: InstanceExplanation) => void;
  signal?: AbortSignal;
  /** onnxruntime intra-op threads in the worker. */
  threads?: number;
  /** false: onnxruntime's idle threads do not spin (see openModel); default true. */
  spinning?: boolean;
}

/** How many of a batch's instances run on one worker first, their timing deciding whether to split the rest. */
export const BATCH_PROBE = 2;

/**
 * A batch splits between two workers when its probe spent less than this share of its time inside the
 * model: the JavaScript of one row then runs beside the other's inference. Measured on this 2-core machine,
 * 100 rows from the shell with the WebAssembly kernels: breast_cancer_rf (about 0.74 of its time in the
 * model) 1.38 → 1.30 s on two; digits_rf_large (0.89) 4.04 → 4.31 s for 40 rows, slower, so it stays on one.
 */
export const SPLIT_BELOW_MODEL_SHARE = 0.8;

/**
 * A pool of explanation workers. Jobs queue for the first free worker; a cancelled job is asked to stop
 * between runs, and its worker is terminated if it does not stop within `cancelGraceMs`.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: ((w: Worker) => void)[] = [];
  /** Sessions being opened ahead of their jobs: a worker is not terminated while onnxruntime builds one. */
  private readonly opening = new Set<Promise<void>>();
  private nextId = 1;

  constructor(
    private readonly size = 1,
    private readonly workerUrl: URL = defaultWorkerUrl(),
    private readonly cancelGraceMs = 2000,
  ) {}

  /** Runs a job; resolves with every instance's explanation, in order. */
  async run(model: ModelDescription, job: Job, options: RunJobOptions = {}): Promise<InstanceExplanation[]> {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'the explanation was cancelled');
    const worker = await this.acquire();
    const id = this.nextId++;
    const results: InstanceExplanation[] = [];
    let broken = false;
    try {
      return await new Promise<InstanceExplanation[]>((resolve, reject) => {
        let killTimer: NodeJS.Timeout | undefined;
        const onAbort = () => {
          worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
          killTimer = setTimeout(() => {
            broken = true;
            void worker.terminate();
            reject(new WorkbenchError('cancelled', 'the explanation was cancelled'));
          }, this.cancelGraceMs);
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          options.signal?.removeEventListener('abort', onAbort);
          clearTimeout(killTimer);
        };
        const onMessage = (message: FromWorker) => {
          if (message.type === 'opened' || message.type === 'rehearsed' || message.id !== id) return;
          if (message.type === 'progress') options.onProgress?.(message.done, message.total);
          else if (message.type === 'instance') {
            results.push(message.result);
            options.onInstance?.(message.result);
          } else if (message.type === 'done') {
            cleanup();
            resolve(results);
          } else {
            cleanup();
            reject(new WorkbenchError(message.code, message.message));
          }
        };
        const onError = (error: Error) => {
          broken = true;
          cleanup();
          reject(new WorkbenchError('internal', `the explanation worker failed: ${error.message}`));
        };
        const onExit = (code: number) => {
          broken = true;
          cleanup();
          reject(new WorkbenchError('internal', `the explanation worker exited (code ${code})`));
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        worker.postMessage({
          type: 'run',
          id,
          model: jobModel(model, options.threads, options.spinning),
          job,
        } satisfies ToWorker);
      });
    } finally {
      this.release(worker, broken);
    }
  }

  /**
   * Starts every worker now and has each compile the engine's paths on synthetic data (see warmUp): for a
   * pool that starts before anyone waits (the app), so that its first explanation runs at the warm speed.
   */
  warm(): void {
    this.start();
    for (const worker of this.idle) worker.postMessage({ type: 'warm' } satisfies ToWorker);
  }

  /**
   * Starts every worker the pool may have, without the warm-up: for a command that has yet to read its
   * model and data, so that a worker loads its code and onnxruntime meanwhile, on the other core.
   */
  start(): void {
    while (this.all.size < this.size) this.idle.push(this.spawn());
  }

  /**
   * Starts a worker now (when none is idle and the pool has room) and has it open the model's session, so
   * that the job which follows — once its data is read on this thread — finds both ready. With
   * `everyWorker`, every worker the pool may have: a batch that may split between them (runBatch) then
   * finds the second ready too (measured: starting it only when the batch splits loses most of the gain).
   * @returns whether a worker was free to open it
   */
  open(
    model: ModelDescription,
    threads?: number,
    options: { spinning?: boolean; everyWorker?: boolean } = {},
  ): boolean {
    if (options.everyWorker) while (this.all.size < this.size) this.idle.push(this.spawn());
    else if (this.idle.length === 0 && this.all.size < this.size) this.idle.push(this.spawn());
    const workers = options.everyWorker ? this.idle : this.idle.slice(-1);
    for (const worker of workers) this.openOn(worker, jobModel(model, threads, options.spinning));
    return workers.length > 0;
  }

  /**
   * Has the worker that opened the model (see open) run a job ahead of the real one, silently: the reviewer
   * has chosen a model and its data and is still filling in the form. Its first explanation otherwise pays
   * for what the rest reuse — fitting the training table, a new workspace, V8 compiling the job's own code
   * and collecting what it made — and most of that ran beside onnxruntime, taking a core from its threads:
   * measured, the first breast_cancer explanation 12.5–27.6 ms (median 18.8) against warm ones of 10–12;
   * after a rehearsal of another row, 11.2–18.9 over ten pools, eight under 13. A real job waits for a
   * rehearsal under way, not for one yet to begin: that one is skipped, as is one a later rehearsal supersedes.
   * @returns null when no worker is idle, else when the rehearsal is over, whether it ran to the end (false:
   * skipped, or it failed)
   */
  rehearse(model: ModelDescription, job: Job): Promise<boolean> | null {
    const worker = this.idle.at(-1);
    if (!worker) return null;
    const id = this.nextId++;
    const over = new Promise<boolean>((resolve) => {
      const done = (message: FromWorker) => {
        if (message.type !== 'rehearsed' || message.id !== id) return;
        worker.off('message', done);
        worker.off('exit', ended);
        resolve(message.ok);
      };
      const ended = () => resolve(false);
      worker.on('message', done);
      worker.once('exit', ended);
    });
    worker.postMessage({ type: 'rehearse', id, model: jobModel(model, undefined, undefined), job } satisfies ToWorker);
    return over;
  }

  private openOn(worker: Worker, model: JobModel): void {
    const opened = new Promise<void>((resolve) => {
      const done = (message: FromWorker) => {
        if (message.type !== 'opened' || message.sha256 !== model.sha256) return;
        worker.off('message', done);
        worker.off('exit', ended);
        resolve();
      };
      const ended = () => resolve();
      worker.on('message', done);
      worker.once('exit', ended);
    });
    this.opening.add(opened);
    void opened.then(() => this.opening.delete(opened));
    worker.postMessage({ type: 'open', model } satisfies ToWorker);
  }

  /**
   * A batch, as `run` gives it (every instance's explanation, reported and resolved in the job's order), on
   * up to two workers: the first BATCH_PROBE instances run on one; if they spent less than
   * SPLIT_BELOW_MODEL_SHARE of their time in the model, the rest alternate between two workers, so one
   * row's sampling and fitting run while the other's model runs. Every instance carries its own seed, and
   * both workers' sessions have the same threads, so the explanations are the same bits either way.
   * @param split 'auto' (the probe decides), or always one worker, or always two
   */
  async runBatch(
    model: ModelDescription,
    job: Job,
    options: RunJobOptions = {},
    split: 'auto' | 1 | 2 = 'auto',
  ): Promise<InstanceExplanation[]> {
    const n = job.instances.length;
    if (this.size < 2 || split === 1 || n <= BATCH_PROBE) return this.run(model, job, options);
    const perInstance = job.params.runs;
    const total = n * perInstance;
    const ordered = new Reorder(options.onInstance);
    let probed = 0;
    const head =
      split === 2
        ? []
        : await this.run(model, part(job, 0, 1, BATCH_PROBE), {
            ...options,
            onInstance: (r) => ordered.put(probed++, r),
            onProgress: (done) => options.onProgress?.(done, total),
          });
    const probe = head.at(-1);
    const share = probe ? modelShare(probe) : 0;
    const start = head.length;
    const ways = split === 2 || share < SPLIT_BELOW_MODEL_SHARE ? 2 : 1;
    const done = new Array<number>(ways).fill(0);
    // One part failing (or cancelled) stops the other, and both have ended before this returns.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const parts = Array.from({ length: ways }, (_, w) => {
      let k = 0;
      return this.run(model, part(job, start + w, ways, n), {
        ...options,
        signal,
        // Worker w's k-th result is instance start + w + ways·k of the job.
        onInstance: (r) => ordered.put(start + w + ways * k++, r),
        onProgress: (d) => {
          done[w] = d;
          options.onProgress?.(start * perInstance + done.reduce((a, b) => a + b, 0), total);
        },
      }).catch((error: unknown) => {
        stop.abort();
        throw error;
      });
    });
    const errors = (await Promise.allSettled(parts)).flatMap((r): unknown[] =>
      r.status === 'rejected' ? [r.reason] : [],
    );
    // The cause, not the cancellation it caused in the other part.
    if (errors.length) throw errors.find((e) => !(e instanceof WorkbenchError && e.code === 'cancelled')) ?? errors[0];
    return ordered.all(n);
  }

  /** Stops every worker (after any session being opened ahead of its job: ending onnxruntime mid-build aborts the process). */
  async close(): Promise<void> {
    await Promise.race([Promise.all(this.opening), new Promise((r) => setTimeout(r, 30_000).unref())]);
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private acquire(): Promise<Worker> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.size < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl);
    this.all.add(worker);
    // A worker that ends while idle (its rehearsal brought it down, say) is not handed the next job.
    worker.once('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.all.delete(worker);
    });
    return worker;
  }

  private release(worker: Worker, broken: boolean): void {
    if (broken) {
      this.all.delete(worker);
      const next = this.waiting.shift();
      if (next) void this.acquire().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}

/** The model as a job carries it: the bytes are copied, not transferred, so the caller keeps its description intact. */
function jobModel(model: ModelDescription, threads: number | undefined, spinning: boolean | undefined): JobModel {
  const { runnable, ...description } = model;
  return {
    path: model.path,
    sha256: model.sha256,
    runnable: runnable.slice(),
    description,
    threads,
    ...(spinning === undefined ? {} : { spinning }),
  };
}

/** Instances from, from+step, … (below `end`) of a job. */
function part(job: Job, from: number, step: number, end: number): Job {
  return keepInstances(job, (_, i) => i >= from && i < end && (i - from) % step === 0);
}

/** The share of an instance's time spent inside the model. */
function modelShare(result: InstanceExplanation): number {
  const total = result.runs.reduce((a, r) => a + r.timing.totalMs, 0);
  return total > 0 ? result.runs.reduce((a, r) => a + r.timing.inferenceMs, 0) / total : 1;
}

/** Results that arrive out of order (two workers), handed on in the job's order. */
class Reorder {
  private readonly waiting = new Map<number, InstanceExplanation>();
  private readonly results: InstanceExplanation[] = [];

  constructor(private readonly onInstance?: (result: InstanceExplanation) => void) {}

  /** The job's index-th instance has come back: it, and any after it that waited, are handed on. */
  put(index: number, result: InstanceExplanation): void {
    this.waiting.set(index, result);
    while (this.waiting.has(this.results.length)) {
      const next = this.waiting.get(this.results.length)!;
      this.waiting.delete(this.results.length);
      this.results.push(next);
      this.onInstance?.(next);
    }
  }

  all(n: number): InstanceExplanation[] {
    if (this.results.length !== n) throw new RangeError(`runBatch: ${this.results.length} of ${n} instances came back`);
    return this.results;
  }
}

/**
 * The bundled worker script: beside this module once bundled (dist/), or in the repository's dist/
 * when running from source (tests). `npm run build` writes it; `npm install` and `npm test` run that.
 * In the installed app the bundles sit in an asar archive, which a worker thread cannot start from: the
 * worker is packed unpacked too (asarUnpack) and started from that copy.
 */
export function defaultWorkerUrl(): URL {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'explainWorker.mjs');
  if (existsSync(beside)) return pathToFileURL(outsideAsar(beside));
  let dir = here;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const built = join(dir, 'dist', 'explainWorker.mjs');
  if (!existsSync(built))
    throw new WorkbenchError(
      'internal',
      `the explanation worker is not built (${built} is missing): run npm run build`,
    );
  return pathToFileURL(outsideAsar(built));
}

/** The unpacked copy (app.asar.unpacked) of a file inside an app.asar archive; any other path as it is. */
export function outsideAsar(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}
