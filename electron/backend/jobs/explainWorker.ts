import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { LoadedModel } from '../onnx/loadModel';
import { openModel } from '../onnx/openModel';
import { preTouch } from '../onnx/preTouch';
import type { FromWorker, Job, JobModel, ToWorker } from './messages';
import type { JobHooks } from './runInstances';
import { runTabularJob } from './tabularJob';
import { runTextJob } from './textJob';
import { runImageJob } from './imageJob';
import { warmUp } from './warmUp';

/**
 * Worker thread entry: sampling, ONNX inference and fitting run here, never on the thread that serves
 * the UI or the command line. Sessions are kept by SHA-256 so repeated jobs on one model load it once.
 */
const port = parentPort;
if (!port) throw new Error('explainWorker must run in a worker thread');
const sessions = new Map<string, Promise<LoadedModel>>();
const cancelled = new Set<number>();
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// Work done ahead of the first job (compiling the engine's paths, a rehearsal) pays where the worker starts
// before anyone waits (the app: WorkerPool.warm, WorkerPool.rehearse); a job that comes during it waits for it.
let ahead: Promise<void> = Promise.resolve();
// A rehearsal not yet begun is skipped when a later one was asked for or a real job waits: a reviewer who
// moves from one dataset to the next leaves no queue of rehearsals for the job to wait behind.
let latestRehearsal = 0;
let jobsWaiting = 0;

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') cancelled.add(message.id);
  else if (message.type === 'warm') ahead = ahead.then(warmUp).catch(() => {});
  else if (message.type === 'rehearse') {
    const { id, model, job } = message;
    const mine = ++latestRehearsal;
    // Nothing of it is reported but whether it ran to the end: a failure is the real job's to say.
    ahead = ahead
      .then(async () => {
        if (mine !== latestRehearsal || jobsWaiting > 0) return false;
        await runJob(await session(model), job, {});
        return true;
      })
      .then(
        (ok) => post({ type: 'rehearsed', id, ok }),
        () => post({ type: 'rehearsed', id, ok: false }),
      );
  }
  // Opened ahead of its job; a failure is reported by the job that needs the session.
  else if (message.type === 'open') {
    const sha256 = message.model.sha256;
    session(message.model).then(
      () => post({ type: 'opened', sha256 }),
      () => post({ type: 'opened', sha256 }),
    );
  } else void run(message.id, message.model, message.job);
});

/** The model's session, opened once per model and thread options. */
function session(model: JobModel): Promise<LoadedModel> {
  const spinning = model.spinning ?? true;
  const key = `${model.sha256}:${model.threads ?? ''}:${spinning}`;
  if (!sessions.has(key))
    sessions.set(
      key,
      // Run once on a synthetic sample as it opens, so onnxruntime's first-run work is not the first job's.
      openModel({ ...model.description, runnable: model.runnable }, model.threads, spinning).then(async (loaded) => {
        await preTouch(loaded);
        return loaded;
      }),
    );
  return sessions.get(key)!;
}

async function run(id: number, model: JobModel, job: Job): Promise<void> {
  try {
    jobsWaiting++;
    await ahead.finally(() => jobsWaiting--);
    const loaded = await session(model);
    const hooks: JobHooks = {
      clock: () => performance.now(),
      isCancelled: () => cancelled.has(id),
      onProgress: (done, total) => post({ type: 'progress', id, done, total }),
      onInstance: (result) => {
        // The thread count is part of what reproduces a run (see RunTiming.threads); spinning is recorded
        // beside it, as the timing's context.
        for (const r of result.runs) Object.assign(r.timing, { threads: loaded.threads, spinning: loaded.spinning });
        post({ type: 'instance', id, result });
      },
    };
    await runJob(loaded, job, hooks);
    post({ type: 'done', id });
  } catch (error) {
    const code = error instanceof WorkbenchError ? error.code : 'internal';
    post({ type: 'error', id, code, message: (error as Error).message });
  } finally {
    cancelled.delete(id);
  }
}

function runJob(loaded: LoadedModel, job: Job, hooks: JobHooks): Promise<unknown> {
  if (job.kind === 'tabular') return runTabularJob(loaded, job, hooks);
  if (job.kind === 'text') return runTextJob(loaded, job, hooks);
  return runImageJob(loaded, job, hooks);
}
