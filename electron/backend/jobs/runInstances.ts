import type { RunChecks } from '../../../shared/domain/audit';
import type { ExplanationRun, StabilitySummary } from '../../../shared/domain/explanation';
import { WorkbenchError } from '../../../shared/contract/errors';
import { summariseStability } from '../../../shared/engine/stability';

/**
 * What an instance carries beside its runs: what it was checked against (KernelSHAP beside it, the
 * kernel-width sweep) and, for an image, its segmentation.
 */
export interface InstanceExtras extends RunChecks {
  /** Images: each pixel's segment, row-major (the file's own ids where a segmentation was given). */
  segments?: Int32Array;
  /** Images: how many segments the explanation's features are. */
  segmentCount?: number;
}

/** One explained instance: every seed's run, and their stability when there are several. */
export interface InstanceExplanation {
  row: number;
  /** The model's scores at the instance. */
  prediction: number[];
  kernelWidth: number;
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
  extra?: InstanceExtras;
}

export interface JobHooks {
  /** Called after each run; `done` of `total` runs over all instances. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each instance completes, so a caller can print or save it at once. */
  onInstance?: (result: InstanceExplanation) => void;
  /** Polled between runs. */
  isCancelled?: () => boolean;
  clock?: () => number;
}

/** What a modality supplies per instance: one explanation for a given seed. */
export interface InstanceExplainer {
  row: number;
  /** The seed of the instance's first run; run r uses seed + r. */
  seed: number;
  kernelWidth: number;
  explain(seed: number): Promise<{ run: ExplanationRun; prediction: ArrayLike<number> }>;
  extra?: () => InstanceExtras;
}

/**
 * Runs seeds seed … seed+runs−1 of every instance (its own `seed`), in order, reporting progress after each
 * run and each instance as it completes; stops between runs when cancelled.
 */
export async function runInstances(
  explainers: Iterable<Promise<InstanceExplainer> | InstanceExplainer>,
  count: number,
  runs: number,
  numFeatures: number,
  hooks: JobHooks,
): Promise<InstanceExplanation[]> {
  const total = count * runs;
  const results: InstanceExplanation[] = [];
  let done = 0;
  for (const pending of explainers) {
    if (hooks.isCancelled?.()) throw new WorkbenchError('cancelled', 'the explanation was cancelled');
    const explainer = await pending;
    const seeded: ExplanationRun[] = [];
    let prediction: ArrayLike<number> = [];
    for (let r = 0; r < runs; r++) {
      if (hooks.isCancelled?.()) throw new WorkbenchError('cancelled', 'the explanation was cancelled');
      const out = await explainer.explain(explainer.seed + r);
      prediction = out.prediction;
      seeded.push(out.run);
      hooks.onProgress?.(++done, total);
    }
    const result: InstanceExplanation = {
      row: explainer.row,
      prediction: Array.from(prediction),
      kernelWidth: explainer.kernelWidth,
      runs: seeded,
      stability: runs > 1 ? summariseStability(seeded, numFeatures) : null,
      ...(explainer.extra ? { extra: explainer.extra() } : {}),
    };
    hooks.onInstance?.(result);
    results.push(result);
  }
  return results;
}
