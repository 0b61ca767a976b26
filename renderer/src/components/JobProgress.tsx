import { isBusy, type JobState } from '../api/jobs';

/** A running job's progress bar with its Cancel button; nothing once the job has ended. */
export function JobProgress({
  job,
  label,
  unit,
  onCancel,
}: {
  job: JobState;
  /** Names the progress bar, e.g. "Explanation progress". */
  label: string;
  /** What is counted, e.g. "runs". */
  unit: string;
  onCancel: () => void;
}) {
  if (!isBusy(job)) return null;
  return (
    <div className="progress" role="status">
      <progress max={Math.max(1, job.total)} value={job.done} aria-label={label} /> {job.done} of {job.total || '…'}{' '}
      {unit}
      <button type="button" disabled={!job.jobId} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
