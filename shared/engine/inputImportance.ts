import type { LabelExplanation } from '../domain/explanation';
import type { Modality } from '../domain/model';

/** An explanation's weight gathered by input: one table column, one word, or one image segment. */
export interface InputWeight {
  input: string;
  /** Σ of the weights of the input's interpretable features. */
  sum: number;
  /** Σ of their absolute values. */
  absSum: number;
  /** How many of the explanation's features belong to it. */
  features: number;
}

/**
 * The input an interpretable feature belongs to: a tabular feature (`13.00 < worst radius <= 14.92`,
 * `colour=red`, `age`) to its column — the feature's index among the instance's columns, which is how
 * the tabular explainer numbers them — a word to the word itself, an image segment to that segment.
 * @param columns tabular: the instance's columns, in the model's order (a saved run's instance keys)
 */
export function inputOfFeature(
  modality: Modality,
  weight: { feature: number; name: string },
  columns: readonly string[] = [],
): string {
  if (modality === 'tabular') return columns[weight.feature] ?? weight.name;
  if (modality === 'text') return weight.name;
  return `segment ${weight.feature}`;
}

/**
 * One explanation's importance per input: the sum of its features' weights and of their absolute values,
 * sorted by the absolute sum (largest first, then by name). No feature is lost: the sums over inputs equal
 * the sums over features.
 */
export function inputImportance(
  explanation: LabelExplanation,
  modality: Modality,
  columns: readonly string[] = [],
): InputWeight[] {
  const byInput = new Map<string, InputWeight>();
  for (const w of explanation.weights) {
    const input = inputOfFeature(modality, w, columns);
    const entry = byInput.get(input) ?? { input, sum: 0, absSum: 0, features: 0 };
    entry.sum += w.weight;
    entry.absSum += Math.abs(w.weight);
    entry.features += 1;
    byInput.set(input, entry);
  }
  return [...byInput.values()].sort((x, y) => y.absSum - x.absSum || (x.input < y.input ? -1 : 1));
}
