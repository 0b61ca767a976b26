import type { LabelExplanation, LabelStability } from '../../../shared/domain/explanation';
import type { RunComparison } from '../../../shared/engine/compareRuns';

/** One bar of the weights chart: a feature's weight, or its mean over runs with a 95 % interval. */
export interface WeightBar {
  name: string;
  weight: number;
  low: number | null;
  high: number | null;
}

/** The bars of one label's explanation, largest |weight| first; with stability, mean weights and intervals. */
export function weightBars(explanation: LabelExplanation, stability: LabelStability | null = null, limit = 15): WeightBar[] {
  const bars = stability
    ? stability.features.map((f) => ({ name: f.name, weight: f.mean, low: f.low, high: f.high }))
    : explanation.weights.map((w) => ({ name: w.name, weight: w.weight, low: null, high: null }));
  return bars.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, limit);
}

/** The model's prediction as bars, the predicted class marked; regression is one value. */
export function predictionBars(prediction: number[], classNames: string[] | null, task: 'classification' | 'regression'): { name: string; value: number; predicted: boolean }[] {
  if (task === 'regression') return [{ name: 'value', value: prediction[0], predicted: true }];
  const best = prediction.indexOf(Math.max(...prediction));
  return prediction.map((value, i) => ({ name: classNames?.[i] ?? String(i), value, predicted: i === best }));
}

/** How far the surrogate is from the model at the instance, and whether to warn (LIME.md §7). */
export function fidelityOf(e: LabelExplanation): { gap: number; flagged: boolean; summary: string } {
  const gap = Math.abs(e.localPrediction - e.modelPrediction);
  const tolerance = e.label === null ? 0.1 * Math.max(Math.abs(e.modelPrediction), 1e-9) : 0.1;
  const flagged = gap > tolerance || e.score < 0.1;
  const summary = flagged
    ? gap > tolerance
      ? `The surrogate misses the model at this instance by ${gap.toFixed(3)}: read these weights with care.`
      : `The surrogate explains little of the model's variation nearby (weighted R² ${e.score.toFixed(2)}).`
    : `The surrogate reproduces the model here (within ${gap.toFixed(3)}, weighted R² ${e.score.toFixed(2)}).`;
  return { gap, flagged, summary };
}

/** Bars of weight differences between two explanations (B − A), largest first. */
export function differenceBars(comparison: RunComparison, limit = 15): { name: string; difference: number; weightA: number; weightB: number }[] {
  return comparison.features.slice(0, limit).map((f) => ({ name: f.name, difference: f.difference, weightA: f.weightA, weightB: f.weightB }));
}

/**
 * A text cut into highlighted and plain stretches, each word carrying its weight (null: not in the
 * explanation). Spans come from the explanation; overlapping spans cannot occur (one per occurrence).
 */
export function highlightText(text: string, explanation: LabelExplanation): { text: string; weight: number | null }[] {
  const spans = explanation.weights.flatMap((w) => (w.spans ?? []).map(([start, end]) => ({ start, end, weight: w.weight }))).sort((a, b) => a.start - b.start);
  const out: { text: string; weight: number | null }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start), weight: null });
    out.push({ text: text.slice(s.start, s.end), weight: s.weight });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), weight: null });
  return out;
}

/** Rows like "0-4, 7" → [0, 1, 2, 3, 4, 7]; null when malformed. */
export function parseRows(text: string, max: number): number[] | null {
  const rows = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a || b >= max) return null;
    for (let r = a; r <= b; r++) rows.add(r);
  }
  return rows.size ? [...rows].sort((x, y) => x - y) : null;
}
