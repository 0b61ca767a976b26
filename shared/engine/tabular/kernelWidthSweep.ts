import type { Predictor } from '../predictor';
import { summariseStability } from '../stability';
import { defaultKernelWidth, explainTabular, type TabularExplainOptions } from './explainTabular';
import type { TabularExplainerState } from './fitTabular';

/** One width of a sweep: how faithful (held-out R²) and how stable its explanations are. */
export interface WidthTrial {
  width: number;
  heldOutScore: number;
  stabilityIndex: number;
}

export interface KernelWidthSweep {
  widths: WidthTrial[];
  /** Held-out R² a width must reach: 90 % of the best width's. */
  target: number;
  chosen: number;
}

/**
 * Sweeps the kernel width (¼ to 4 × the default) with a few seeds each, measuring held-out fidelity and
 * the stability index, and chooses the most stable width among those within 90 % of the best held-out
 * fidelity (ties: the wider, more local explanations being the less certain). LIME.md §7.
 */
export async function sweepKernelWidth(state: TabularExplainerState, instance: Float64Array, predictor: Predictor, options: TabularExplainOptions, seeds = 3): Promise<KernelWidthSweep> {
  const base = defaultKernelWidth(state.columns.length);
  const widths: WidthTrial[] = [];
  for (const factor of [0.25, 0.5, 1, 2, 4]) {
    const width = base * factor;
    const runs = [];
    for (let s = 0; s < seeds; s++) runs.push((await explainTabular(state, instance, predictor, { ...options, kernelWidth: width, seed: (options.seed ?? 0) + s, workspace: options.workspace })).run);
    const heldOut = runs.map((r) => r.explanations[0].heldOut?.score ?? r.explanations[0].score);
    widths.push({ width, heldOutScore: heldOut.reduce((a, b) => a + b, 0) / seeds, stabilityIndex: summariseStability(runs, options.numFeatures ?? 10).labels[0].index });
  }
  const best = Math.max(...widths.map((w) => w.heldOutScore));
  const target = best > 0 ? 0.9 * best : best;
  const eligible = widths.filter((w) => w.heldOutScore >= target);
  const chosen = eligible.sort((a, b) => b.stabilityIndex - a.stabilityIndex || b.width - a.width)[0].width;
  return { widths, target, chosen };
}
