import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { WorkbenchError } from '../../../shared/contract/errors';

// Apart from describing a model (loadModel.ts): the worker opens sessions and never decodes a model's
// protobuf, so its bundle carries neither the decoder nor the profile inference (509 → 253 KB, which the
// worker compiles as it starts: a one-row explain from the shell about 10 ms sooner).

/** What opening a model adds to its description (a LoadedModel is both). */
export interface OpenSession {
  session: ort.InferenceSession;
  /** onnxruntime's intra-op threads for this session. */
  threads: number;
  /** Whether those threads spin while waiting for work (onnxruntime's default; see openModel). */
  spinning: boolean;
}

/** Default ONNX Runtime intra-op threads: the machine's cores, at most 4. */
export function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Opens an onnxruntime session on a described model. `run` blocks the calling thread, so this belongs in
 * a worker (jobs/) except in tests and benchmarks.
 * @param threads intra-op threads; default `defaultThreads()`
 * @param spinning whether idle intra-op threads spin (onnxruntime's default, and faster for one worker
 * alone: 8.4 against 9.1 ms a breast_cancer explanation's inference); off where two workers share the
 * cores, whose spinning threads would take the core the other worker's JavaScript needs (measured: two
 * spinning workers take 17 ms a row where one takes 12; not spinning, 10). Not part of what a run computes.
 */
export async function openModel<D extends { path: string; runnable: Uint8Array }>(
  description: D,
  threads = defaultThreads(),
  spinning = true,
): Promise<D & OpenSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(description.runnable, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      ...(spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
      // onnxruntime's own log would repeat, unasked, on stderr what the error thrown here already says.
      logSeverityLevel: 4,
    });
  } catch (error) {
    throw new WorkbenchError(
      'model-failed',
      `${description.path}: onnxruntime could not load the model (${(error as Error).message})`,
    );
  }
  return { ...description, session, threads, spinning };
}
