import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { ModelDescription } from '../onnx/loadModel';
import type { FromWorker, Job, JobModel, ToWorker } from './messages';
import type { InstanceExplanation } from './runInstances';

export interface RunJobOptions {
  onProgress?: (done: number, total: number) => void;
  onInstance?: (result: InstanceExplanation) => void;
  signal?: AbortSignal;
  /** onnxruntime intra-op threads in the worker. */
  threads?: number;
}

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
          if (message.type === 'opened' || message.id !== id) return;
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
        worker.postMessage({ type: 'run', id, model: jobModel(model, options.threads), job } satisfies ToWorker);
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
    while (this.all.size < this.size) this.idle.push(this.spawn());
    for (const worker of this.idle) worker.postMessage({ type: 'warm' } satisfies ToWorker);
  }

  /**
   * Starts a worker now (when none is idle and the pool has room) and has it open the model's session, so
   * that the job which follows — once its data is read on this thread — finds both ready.
   */
  open(model: ModelDescription, threads?: number): void {
    let worker = this.idle.at(-1);
    if (!worker && this.all.size < this.size) {
      worker = this.spawn();
      this.idle.push(worker);
    }
    if (!worker) return;
    const opened = new Promise<void>((resolve) => {
      const done = (message: FromWorker) => {
        if (message.type !== 'opened' || message.sha256 !== model.sha256) return;
        worker.off('message', done);
        worker.off('exit', resolve);
        resolve();
      };
      worker.on('message', done);
      worker.once('exit', () => resolve());
    });
    this.opening.add(opened);
    void opened.then(() => this.opening.delete(opened));
    worker.postMessage({ type: 'open', model: jobModel(model, threads) } satisfies ToWorker);
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
function jobModel(model: ModelDescription, threads: number | undefined): JobModel {
  const { runnable, ...description } = model;
  return { path: model.path, sha256: model.sha256, runnable: runnable.slice(), description, threads };
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
