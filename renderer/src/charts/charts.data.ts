import type { LabelExplanation, LabelStability } from '../../../shared/domain/explanation';
import type { Modality } from '../../../shared/domain/model';
import type { RunComparison } from '../../../shared/engine/compareRuns';
import { inputImportance } from '../../../shared/engine/inputImportance';
import { surrogateMiss } from '../../../shared/engine/heldOutFidelity';

/** One bar of the weights chart: a feature's weight, or its mean over runs with a 95 % interval. */
export interface WeightBar {
  name: string;
  weight: number;
  low: number | null;
  high: number | null;
  /** Drawn grey: a value not established (its interval contains zero). */
  muted?: boolean;
  /** A word on the bar for the table behind the chart. */
  note?: string;
}

/** The bars of one label's explanation, largest |weight| first; with stability, mean weights and intervals. */
export function weightBars(
  explanation: LabelExplanation,
  stability: LabelStability | null = null,
  limit = 15,
): WeightBar[] {
  const bars = stability
    ? stability.features.map((f) => ({ name: f.name, weight: f.mean, low: f.low, high: f.high }))
    : explanation.weights.map((w) => ({ name: w.name, weight: w.weight, low: null, high: null }));
  return bars.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, limit);
}

/** The model's prediction as bars, the predicted class marked; regression is one value. */
export function predictionBars(
  prediction: number[],
  classNames: string[] | null,
  task: 'classification' | 'regression',
): { name: string; value: number; predicted: boolean }[] {
  if (task === 'regression') return [{ name: 'value', value: prediction[0], predicted: true }];
  const best = prediction.indexOf(Math.max(...prediction));
  return prediction.map((value, i) => ({ name: classNames?.[i] ?? String(i), value, predicted: i === best }));
}

/** How far the surrogate is from the model at the instance, and whether to warn (LIME.md §7). */
export function fidelityOf(e: LabelExplanation): { gap: number; flagged: boolean; summary: string } {
  const { gap, flagged: misses } = surrogateMiss(e);
  const flagged = misses || e.score < 0.1;
  const summary = flagged
    ? misses
      ? `The surrogate misses the model at this instance by ${gap.toFixed(3)}: read these weights with care.`
      : `The surrogate explains little of the model's variation nearby (weighted R² ${e.score.toFixed(2)}).`
    : `The surrogate reproduces the model here (within ${gap.toFixed(3)}, weighted R² ${e.score.toFixed(2)}).`;
  return { gap, flagged, summary };
}

/** Bars of weight differences between two explanations (B − A), largest first. */
export function differenceBars(
  comparison: RunComparison,
  limit = 15,
): { name: string; difference: number; weightA: number; weightB: number }[] {
  return comparison.features
    .slice(0, limit)
    .map((f) => ({ name: f.name, difference: f.difference, weightA: f.weightA, weightB: f.weightB }));
}

/**
 * A text cut into highlighted and plain stretches, each word carrying its weight (null: not in the
 * explanation). Spans come from the explanation; overlapping spans cannot occur (one per occurrence).
 */
export function highlightText(text: string, explanation: LabelExplanation): { text: string; weight: number | null }[] {
  const spans = explanation.weights
    .flatMap((w) => (w.spans ?? []).map(([start, end]) => ({ start, end, weight: w.weight })))
    .sort((a, b) => a.start - b.start);
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
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a || b >= max) return null;
    for (let r = a; r <= b; r++) rows.add(r);
  }
  return rows.size ? [...rows].sort((x, y) => x - y) : null;
}

/** Many explanations of one model: instances × input columns, and each input's mean |importance| over them. */
export interface Heatmap {
  /** Input columns (words, segments), most important first. */
  features: string[];
  rows: { runId: number; row: number | null; weights: (number | null)[] }[];
  importance: { name: string; meanAbs: number }[];
  /** Largest |weight| in the matrix, for the colour scale. */
  scale: number;
}

/** One run for the heatmap: its first explanation, and how its features map to inputs. */
export interface HeatmapRun {
  id: number;
  row: number | null;
  explanation: LabelExplanation;
  modality: Modality;
  /** Tabular: the instance's columns in order. */
  columns: readonly string[];
}

/**
 * Heatmap data from the first explanation of each run, one column per input (a table's column, whatever
 * bin the run's feature names; a word; a segment), the input's weight being the sum of its features'
 * (null: the run selected none of them). Inputs are ordered by aggregate importance, mean |weight| over
 * all runs with absence counting as 0, and cut to `limit`.
 */
export function heatmapData(runs: readonly HeatmapRun[], limit = 20): Heatmap {
  const perRun = runs.map(
    (r) => new Map(inputImportance(r.explanation, r.modality, r.columns).map((w) => [w.input, w.sum])),
  );
  const totals = new Map<string, number>();
  for (const weights of perRun)
    for (const [name, w] of weights) totals.set(name, (totals.get(name) ?? 0) + Math.abs(w));
  const importance = [...totals]
    .map(([name, total]) => ({ name, meanAbs: total / Math.max(1, runs.length) }))
    .sort((a, b) => b.meanAbs - a.meanAbs);
  const features = importance.slice(0, limit).map((f) => f.name);
  let scale = 0;
  const rows = runs.map((r, i) => {
    const weights = features.map((f) => perRun[i].get(f) ?? null);
    for (const w of weights) if (w !== null) scale = Math.max(scale, Math.abs(w));
    return { runId: r.id, row: r.row, weights };
  });
  return { features, rows, importance, scale };
}

/** Average advance of a character of the charts' 12 px sans-serif labels, with a margin for wide letters. */
const LABEL_CHAR_PX = 6.8;

/**
 * A feature's name as one line of an axis `width` pixels wide: whole when it fits, otherwise cut with an
 * ellipsis (the chart shows the full name in its tooltip and its table). Never wraps, so labels never overlap.
 */
export function axisLabel(name: string, width: number): string {
  const fits = Math.max(4, Math.floor((width - 10) / LABEL_CHAR_PX));
  return name.length <= fits ? name : `${name.slice(0, fits - 1).trimEnd()}…`;
}
