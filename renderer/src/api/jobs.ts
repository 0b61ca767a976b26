import type { ApiEvent, PickSummary } from '../../../shared/contract/api';

/**
 * A background job as the app tracks it: started by a call whose reply names it, then followed through
 * its events. Events can arrive before the reply: they are kept until the job's id is known.
 */
export interface JobState {
  /** 'idle' before any job; 'starting' until the reply names the job. */
  phase: 'idle' | 'starting' | 'running' | 'done' | 'failed';
  jobId: string | null;
  done: number;
  total: number;
  /** Runs saved so far, in order; when done, every run the job saved. */
  runIds: number[];
  /** An SP-LIME job's answer, when done. */
  pick: PickSummary | null;
  error: string | null;
  /** Events that came before the reply naming their job. */
  early: ApiEvent[];
}

export type JobAction =
  | { type: 'start' }
  | { type: 'started'; jobId: string }
  | { type: 'refused'; message: string }
  | { type: 'event'; event: ApiEvent };

export const IDLE_JOB: JobState = {
  phase: 'idle',
  jobId: null,
  done: 0,
  total: 0,
  runIds: [],
  pick: null,
  error: null,
  early: [],
};

/** A job is under way (its controls are busy) from the call until its end. */
export const isBusy = (job: JobState) => job.phase === 'starting' || job.phase === 'running';

/** The next state of a job: pure, so the app's job tracking is tested without a screen. */
export function jobReducer(state: JobState, action: JobAction): JobState {
  switch (action.type) {
    case 'start':
      return { ...IDLE_JOB, phase: 'starting' };
    case 'refused':
      return { ...IDLE_JOB, phase: 'failed', error: action.message };
    case 'started':
      return state.early.reduce((s, event) => onEvent(s, event), {
        ...state,
        phase: state.phase === 'starting' ? 'running' : state.phase,
        jobId: action.jobId,
        early: [],
      } as JobState);
    case 'event':
      if (state.phase === 'starting') return { ...state, early: [...state.early, action.event] };
      return action.event.jobId === state.jobId ? onEvent(state, action.event) : state;
  }
}

function onEvent(state: JobState, event: ApiEvent): JobState {
  if (event.jobId !== state.jobId) return state;
  switch (event.type) {
    case 'job-progress':
      return { ...state, done: event.done, total: event.total };
    case 'job-run-saved':
      return { ...state, runIds: [...state.runIds, event.runId] };
    case 'job-done':
      return { ...state, phase: 'done', runIds: event.runIds, pick: event.pick ?? null };
    case 'job-failed':
      return { ...state, phase: 'failed', error: event.error.message };
  }
}
