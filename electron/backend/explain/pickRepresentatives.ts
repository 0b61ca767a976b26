import { submodularPick } from '../../../shared/engine/submodularPick';
import type { Job } from '../jobs/messages';
import type { InstanceExplanation } from '../jobs/runInstances';

/** SP-LIME's answer over explained candidates: the rows to review first, and global importance. */
export interface RepresentativePick {
  /** In pick order; `index` is the candidate's place in the results. */
  picks: { index: number; row: number; coverageGain: number }[];
  /** Σ importance of the features the picks cover, over Σ importance of all. */
  coverage: number;
  /** Every feature's importance √Σ|weight| over all candidates, largest first; `key` identifies it (a column index, or the word). */
  importance: { key: string; name: string; importance: number }[];
}

/**
 * Picks up to `budget` candidates whose first runs together cover the most important features. A
 * tabular feature is its column (whatever bin each instance fell in); a word is itself across texts.
 */
export function pickRepresentatives(results: InstanceExplanation[], budget: number, job: Job): RepresentativePick {
  const key = job.kind === 'tabular' ? (w: { feature: number }) => String(w.feature) : (w: { name: string }) => w.name;
  const pick = submodularPick(results.map((r) => r.runs[0].explanations), budget, key);
  return {
    picks: pick.picks.map((p) => ({ index: p.candidate, row: results[p.candidate].row, coverageGain: p.coverageGain })),
    coverage: pick.coverage,
    importance: pick.importance.map((x) => ({ key: x.key, name: job.kind === 'tabular' ? job.columns[Number(x.key)].name : x.name, importance: x.importance })),
  };
}
