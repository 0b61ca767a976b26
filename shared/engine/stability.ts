import type { ExplanationRun, FeatureStability, LabelStability, StabilitySummary } from '../domain/explanation';

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t(0.975, df): the table up to 30, then a Cornish-Fisher expansion around 1.96. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.round(df) - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/**
 * Agreement of the same explanation across runs with different seeds (LIME.md §7): for each label, the
 * per-feature mean weight with its 95 % interval, sign agreement, and the share of top-k features common
 * to all runs. Every run must explain the same labels in the same order.
 * @param topK features per run considered for top-k agreement (the explanation's num_features)
 */
export function summariseStability(runs: readonly ExplanationRun[], topK: number): StabilitySummary {
  if (runs.length === 0) throw new RangeError('summariseStability: no runs');
  const r = runs.length;
  const labels = runs[0].explanations.map((first, li): LabelStability => {
    const perRun = runs.map((run) => {
      const e = run.explanations[li];
      if (!e || e.label !== first.label) throw new RangeError('summariseStability: runs explain different labels');
      return e;
    });
    const names = new Map<number, string>();
    for (const e of perRun) for (const w of e.weights) names.set(w.feature, w.name);
    const features = [...names.keys()].map((feature): FeatureStability => {
      const values = perRun.map((e) => e.weights.find((w) => w.feature === feature)?.weight ?? 0);
      const selected = perRun.filter((e) => e.weights.some((w) => w.feature === feature)).length;
      const mean = values.reduce((a, b) => a + b, 0) / r;
      const sd = r > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (r - 1)) : 0;
      const half = r > 1 ? (tQuantile975(r - 1) * sd) / Math.sqrt(r) : 0;
      const agree = values.filter((v) => v !== 0 && Math.sign(v) === Math.sign(mean)).length;
      return {
        feature,
        name: names.get(feature)!,
        mean,
        sd,
        low: mean - half,
        high: mean + half,
        signAgreement: agree / r,
        selectedShare: selected / r,
      };
    });
    features.sort((a, b) => Math.abs(b.mean) - Math.abs(a.mean) || a.feature - b.feature);
    const k = Math.max(1, Math.min(topK, ...perRun.map((e) => e.weights.length)));
    const tops = perRun.map((e) => new Set(e.weights.slice(0, k).map((w) => w.feature)));
    const common = [...tops[0]].filter((f) => tops.every((t) => t.has(f))).length;
    const union = new Set(tops.flatMap((t) => [...t]));
    const agreement = [...union].map((f) => {
      const s = features.find((x) => x.feature === f)!;
      return s.signAgreement * s.selectedShare;
    });
    const index = (common / k + agreement.reduce((a, b) => a + b, 0) / Math.max(1, agreement.length)) / 2;
    return { label: first.label, labelName: first.labelName, topK: k, topKCommonShare: common / k, index, features };
  });
  return { runs: r, seeds: runs.map((run) => run.seed), labels };
}

/** A weight that says less than its bar suggests: its interval crosses zero, or some runs leave it out. */
export function isShaky(f: FeatureStability): boolean {
  return (f.low < 0 && f.high > 0) || f.selectedShare < 1;
}
