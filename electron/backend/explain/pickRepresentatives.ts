import { inputOfFeature } from '../../../shared/engine/inputImportance';
import { submodularPick } from '../../../shared/engine/submodularPick';
import type { Job } from '../jobs/messages';
import type { InstanceExplanation } from '../jobs/runInstances';

/** SP-LIME's answer over explained candidates: the rows to review first, and global importance. */
export interface RepresentativePick {
  /** In pick order; `index` is the candidate's place in the results. */
  picks: { index: number; row: number; coverageGain: number }[];
  /** Σ importance of the features the picks cover, over Σ importance of all. */
  coverage: number;
  /** Every input's importance √Σ|weight| over all candidates, largest first; `key` and `name` are the input (a column, a word). */
  importance: { key: string; name: string; importance: number }[];
}

/**
 * Picks up to `budget` candidates whose first runs together cover the most important inputs: features are
 * gathered by input as everywhere else (inputOfFeature), so a tabular feature is its column whatever bin
 * each instance fell in, and a word is itself across texts.
 */
export function pickRepresentatives(results: InstanceExplanation[], budget: number, job: Job): RepresentativePick {
  const columns = job.kind === 'tabular' ? job.columns.map((c) => c.name) : [];
  const pick = submodularPick(
    results.map((r) => r.runs[0].explanations),
    budget,
    (w) => inputOfFeature(job.kind, w, columns),
  );
  return {
    picks: pick.picks.map((p) => ({ index: p.candidate, row: results[p.candidate].row, coverageGain: p.coverageGain })),
    coverage: pick.coverage,
    importance: pick.importance.map((x) => ({ key: x.key, name: x.key, importance: x.importance })),
  };
}
