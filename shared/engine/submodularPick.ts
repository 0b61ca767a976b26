import type { LabelExplanation } from '../domain/explanation';

/** What SP-LIME picks: instances (indices into the candidates), and each feature's global importance. */
export interface SubmodularPick {
  picks: { candidate: number; coverageGain: number }[];
  importance: { key: string; name: string; importance: number }[];
  /** Σ importance of the features the picks cover, over Σ importance of all. */
  coverage: number;
}

/**
 * SP-LIME (Ribeiro et al. 2016, LIME.md §5): W[i][j] = Σ over instance i's explained labels of |weight of
 * feature j|; importance I_j = √(Σ_i W[i][j]); greedily pick, up to `budget`, the instance that most
 * increases the coverage Σ_j I_j · [feature j appears in a picked instance]. Deterministic: ties go to the
 * earlier candidate (every explanation it starts from is seeded).
 * @param featureKey how features are identified across instances (tabular: the column; text: the word)
 */
export function submodularPick(
  candidates: LabelExplanation[][],
  budget: number,
  featureKey: (w: LabelExplanation['weights'][number]) => string,
): SubmodularPick {
  const names = new Map<string, string>();
  const w = candidates.map((explanations) => {
    const row = new Map<string, number>();
    for (const e of explanations) {
      for (const x of e.weights) {
        const key = featureKey(x);
        names.set(key, names.get(key) ?? x.name);
        row.set(key, (row.get(key) ?? 0) + Math.abs(x.weight));
      }
    }
    return row;
  });
  const importance = new Map<string, number>();
  for (const row of w) for (const [key, v] of row) importance.set(key, (importance.get(key) ?? 0) + v);
  for (const [key, v] of importance) importance.set(key, Math.sqrt(v));
  const covered = new Set<string>();
  const picks: SubmodularPick['picks'] = [];
  const gain = (i: number) =>
    [...w[i].keys()].filter((k) => !covered.has(k) && w[i].get(k)! > 0).reduce((s, k) => s + importance.get(k)!, 0);
  for (let step = 0; step < Math.min(budget, candidates.length); step++) {
    let best = -1;
    let bestGain = -1;
    for (let i = 0; i < candidates.length; i++) {
      if (picks.some((p) => p.candidate === i)) continue;
      const g = gain(i);
      if (g > bestGain) {
        bestGain = g;
        best = i;
      }
    }
    if (best < 0) break;
    picks.push({ candidate: best, coverageGain: bestGain });
    for (const [k, v] of w[best]) if (v > 0) covered.add(k);
  }
  const total = [...importance.values()].reduce((a, b) => a + b, 0);
  const reached = [...covered].reduce((s, k) => s + importance.get(k)!, 0);
  return {
    picks,
    importance: [...importance]
      .map(([key, imp]) => ({ key, name: names.get(key)!, importance: imp }))
      .sort((a, b) => b.importance - a.importance),
    coverage: total > 0 ? reached / total : 0,
  };
}
