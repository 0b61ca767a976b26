import type { ErrorCode } from '../../../shared/contract/errors';
import type { ModelDescription } from '../onnx/loadModel';
import type { InstanceExplanation } from './runInstances';
import type { TabularJob } from './tabularJob';
import type { TextJob } from './textJob';
import type { ImageJob } from './imageJob';

/** Every kind of job a worker runs. */
export type Job = TabularJob | TextJob | ImageJob;

/** The job with only the instances `keep` keeps (by instance and position), all else as it was. */
export function keepInstances(job: Job, keep: (instance: { row: number }, index: number) => boolean): Job {
  switch (job.kind) {
    case 'tabular':
      return { ...job, instances: job.instances.filter(keep) };
    case 'text':
      return { ...job, instances: job.instances.filter(keep) };
    case 'image':
      return { ...job, instances: job.instances.filter(keep) };
  }
}

/** The model a job runs on: the runnable bytes travel with it, so the worker runs exactly what was hashed. */
export interface JobModel {
  path: string;
  sha256: string;
  runnable: Uint8Array;
  /** The description minus bytes and session, rebuilt in the worker. */
  description: Omit<ModelDescription, 'runnable'>;
  threads?: number;
  /** false: onnxruntime's idle threads do not spin (two workers share the cores). */
  spinning?: boolean;
}

/**
 * run: a job; cancel: stop one between runs; open: open a model's session ahead of its job; rehearse: run a
 * job ahead of the real one and keep nothing of it but what the next job reuses (see WorkerPool.rehearse);
 * warm: compile the engine ahead of any job.
 */
export type ToWorker =
  | { type: 'run'; id: number; model: JobModel; job: Job }
  | { type: 'cancel'; id: number }
  | { type: 'open'; model: JobModel }
  | { type: 'rehearse'; id: number; model: JobModel; job: Job }
  | { type: 'warm' };

export type FromWorker =
  | { type: 'opened'; sha256: string }
  | { type: 'rehearsed'; id: number; ok: boolean }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'instance'; id: number; result: InstanceExplanation }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; code: ErrorCode; message: string };
