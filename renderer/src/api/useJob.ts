import { useEffect, useReducer } from 'react';
import type { Client } from './client';
import { IDLE_JOB, jobReducer, type JobState } from './jobs';

/** Tracks one background job at a time: `start` calls the method that begins it, `cancel` asks it to stop. */
export function useJob(api: Client): {
  job: JobState;
  start: (begin: () => Promise<{ jobId: string }>) => void;
  cancel: () => void;
} {
  const [job, dispatch] = useReducer(jobReducer, IDLE_JOB);
  useEffect(() => api.subscribe((event) => dispatch({ type: 'event', event })), [api]);
  return {
    job,
    start(begin) {
      dispatch({ type: 'start' });
      begin().then(
        ({ jobId }) => dispatch({ type: 'started', jobId }),
        (error: Error) => dispatch({ type: 'refused', message: error.message }),
      );
    },
    cancel() {
      if (job.jobId) void api.cancelJob({ jobId: job.jobId });
    },
  };
}
