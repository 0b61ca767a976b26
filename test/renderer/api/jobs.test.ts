import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/contract/api';
import { IDLE_JOB, isBusy, jobReducer, type JobAction, type JobState } from '../../../renderer/src/api/jobs';

const run = (actions: JobAction[], from: JobState = IDLE_JOB) => actions.reduce(jobReducer, from);
const event = (e: ApiEvent): JobAction => ({ type: 'event', event: e });

describe('job tracking', () => {
  it('follows a job from its start through progress and saved runs to its end', () => {
    const s = run([
      { type: 'start' },
      { type: 'started', jobId: 'j' },
      event({ type: 'job-progress', jobId: 'j', done: 1, total: 4 }),
      event({ type: 'job-run-saved', jobId: 'j', runId: 7, row: 0 }),
      event({ type: 'job-done', jobId: 'j', runIds: [7] }),
    ]);
    expect(s).toMatchObject({ phase: 'done', jobId: 'j', done: 1, total: 4, runIds: [7], error: null });
  });

  it('keeps events that arrive before the reply naming the job, and replays only that job’s', () => {
    const s = run([
      { type: 'start' },
      event({ type: 'job-run-saved', jobId: 'j', runId: 3, row: 0 }),
      event({ type: 'job-progress', jobId: 'other', done: 9, total: 9 }),
      event({ type: 'job-done', jobId: 'j', runIds: [3] }),
      { type: 'started', jobId: 'j' },
    ]);
    expect(s).toMatchObject({ phase: 'done', runIds: [3], done: 0, early: [] });
  });

  it('ignores other jobs, and reports a refusal or a failure with its message', () => {
    const running = run([{ type: 'start' }, { type: 'started', jobId: 'j' }]);
    expect(
      jobReducer(running, event({ type: 'job-failed', jobId: 'x', error: { code: 'internal', message: 'no' } })),
    ).toBe(running);
    expect(
      jobReducer(
        running,
        event({
          type: 'job-failed',
          jobId: 'j',
          error: { code: 'cancelled', message: 'the explanation was cancelled' },
        }),
      ),
    ).toMatchObject({ phase: 'failed', error: 'the explanation was cancelled' });
    expect(run([{ type: 'start' }, { type: 'refused', message: 'model 9: expected a model' }])).toMatchObject({
      phase: 'failed',
      error: 'model 9: expected a model',
      jobId: null,
    });
  });

  it('keeps what a finished job made: every run it saved and an SP-LIME pick', () => {
    const pick = {
      candidates: 3,
      budget: 1,
      coverage: 0.5,
      picks: [{ row: 2, runId: 9, coverageShare: 1 }],
      importance: [],
    };
    const s = run([
      { type: 'start' },
      { type: 'started', jobId: 'p' },
      event({ type: 'job-run-saved', jobId: 'p', runId: 8, row: 1 }),
      event({ type: 'job-done', jobId: 'p', runIds: [8, 9], pick }),
    ]);
    expect(s).toMatchObject({ phase: 'done', runIds: [8, 9], pick });
    expect(isBusy(s)).toBe(false);
    expect(isBusy(run([{ type: 'start' }]))).toBe(true);
    // A new job starts clean.
    expect(jobReducer(s, { type: 'start' })).toMatchObject({ phase: 'starting', runIds: [], pick: null });
  });
});
