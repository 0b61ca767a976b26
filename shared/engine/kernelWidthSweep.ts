import type { ExplanationRun } from '../domain/explanation';
import { summariseStability } from './stability';

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
 * Sweeps the kernel width (¼ to 4 × the modality's default) with a few seeds each, measuring held-out
 * fidelity and the stability index, and chooses the most stable width among those within 90 % of the
 * best held-out fidelity (ties: the wider). Any modality: `explain` runs one explanation at a width and a
 * seed. LIME.md §7.
 */
export async function sweepKernelWidth(
  explain: (width: number, seed: number) => Promise<ExplanationRun>,
  base: number,
  seed: number,
  numFeatures: number,
  seeds = 3,
): Promise<KernelWidthSweep> {
  const widths: WidthTrial[] = [];
  for (const factor of [0.25, 0.5, 1, 2, 4]) {
    const width = base * factor;
    const runs: ExplanationRun[] = [];
    for (let s = 0; s < seeds; s++) runs.push(await explain(width, seed + s));
    const heldOut = runs.map((r) => r.explanations[0].heldOut?.score ?? r.explanations[0].score);
    widths.push({
      width,
      heldOutScore: heldOut.reduce((a, b) => a + b, 0) / seeds,
      stabilityIndex: summariseStability(runs, numFeatures).labels[0].index,
    });
  }
  const best = Math.max(...widths.map((w) => w.heldOutScore));
  const target = best > 0 ? 0.9 * best : best;
  const chosen = widths
    .filter((w) => w.heldOutScore >= target)
    .sort((a, b) => b.stabilityIndex - a.stabilityIndex || b.width - a.width)[0].width;
  return { widths, target, chosen };
}

/**
 * A reviewer's reading of a sweep: which width was chosen and why, and a warning when no width lets a
 * linear surrogate explain the model nearby (best held-out R² under 0.1), where the choice means little.
 */
export function describeSweep(sweep: KernelWidthSweep): { weak: boolean; summary: string } {
  const best = Math.max(...sweep.widths.map((w) => w.heldOutScore));
  const chosen = `Kernel width ${sweep.chosen.toFixed(3)} chosen: the most stable width whose held-out R² reaches ${sweep.target.toFixed(3)} (90 % of the best).`;
  return best < 0.1
    ? {
        weak: true,
        summary: `${chosen} No width explains the model well here (best held-out R² ${best.toFixed(3)}): a linear surrogate is a poor fit around this instance at any width.`,
      }
    : { weak: false, summary: chosen };
}
