import type { ExplanationRun } from '../../domain/explanation';

/**
 * A run over dense segment indices, its features renamed to the ids a given segmentation file uses
 * (`feature` = the file's id, `segment <id>`), so what is written names the file's segments.
 */
export function withSegmentIds(run: ExplanationRun, ids: Int32Array): ExplanationRun {
  return {
    ...run,
    explanations: run.explanations.map((e) => ({
      ...e,
      weights: e.weights.map((w) => ({ ...w, feature: ids[w.feature], name: `segment ${ids[w.feature]}` })),
    })),
  };
}

/** Per pixel, the file's segment id instead of the dense index. */
export function labelsWithIds(labels: Int32Array, ids: Int32Array): Int32Array {
  return Int32Array.from(labels, (k) => ids[k]);
}
