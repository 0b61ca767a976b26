import type { ApiEvent } from '../../../shared/contract/api';
import type { Backend } from './createBackend';

type JobDone = Extract<ApiEvent, { type: 'job-done' }>;

/**
 * Starts a job (an explanation or a pick) and resolves with its job-done event, or rejects with the
 * job's failure. Events that arrive before the reply naming the job are kept until it is known.
 */
export function jobOutcome(backend: Backend, start: () => Promise<{ jobId: string }>): Promise<JobDone> {
  return new Promise((resolve, reject) => {
    let jobId: string | null = null;
    const early: ApiEvent[] = [];
    const handle = (event: ApiEvent) => {
      if (event.jobId !== jobId) return;
      if (event.type !== 'job-done' && event.type !== 'job-failed') return;
      off();
      if (event.type === 'job-done') resolve(event);
      else reject(Object.assign(new Error(event.error.message), { code: event.error.code }));
    };
    const off = backend.onEvent((event) => (jobId === null ? early.push(event) : handle(event)));
    start().then(
      ({ jobId: id }) => {
        jobId = id;
        early.forEach(handle);
      },
      (error: Error) => {
        off();
        reject(error);
      },
    );
  });
}
