import type { LabelExplanation } from '../domain/explanation';
import type { Modality } from '../domain/model';
import { inputImportance } from './inputImportance';
import { bootstrapColumnMeans, closedFormColumnMeans } from './columnMeans';
import { normalQuantile } from './normal';
import { spearman } from './spearman';

/**
 * One side of a study row, as the summary reads it: the model's prediction and its explanation of the row's
 * label (the same on both sides) gathered by input.
 */
export interface StudySide {
  runId: number;
  /** Class probabilities, or [value] for a regression model. */
  prediction: number[];
  /** The label explained; null for a regression model. */
  label: number | null;
  labelName: string | null;
  /** [input, Σ of its features' weights], one entry per input the explanation weighs. */
  inputs: [string, number][];
}

/** One row of a study, explained under model A and model B with the same parameters and seed. */
export interface StudyRow {
  row: number;
  a: StudySide;
  b: StudySide;
}

/**
 * A study row from its two runs' explanations of one label, each gathered by input (inputImportance):
 * what a study stores with each finished row, so its summary never reads the runs again.
 * @param columns tabular: the instance's columns, in the model's order
 */
export function studyRowOf(
  row: number,
  modality: Modality,
  columns: readonly string[],
  a: { runId: number; prediction: number[]; explanation: LabelExplanation },
  b: { runId: number; prediction: number[]; explanation: LabelExplanation },
): StudyRow {
  const side = (s: typeof a): StudySide => ({
    runId: s.runId,
    prediction: s.prediction,
    label: s.explanation.label,
    labelName: s.explanation.labelName,
    inputs: inputImportance(s.explanation, modality, columns).map((w) => [w.input, w.sum]),
  });
  return { row, a: side(a), b: side(b) };
}

export interface StudySummaryOptions {
  task: 'classification' | 'regression';
  classNames: string[] | null;
  /** Names of the two sides, for the summary text (e.g. "v1", "v2"). */
  names: [string, string];
  /** Top-k overlap of the per-row agreement. Default 5. */
  topK?: number;
  /**
   * Bootstrap resamples of the rows for the importance intervals. Default 200 while rows × inputs is at
   * most 100,000; past that 0: the intervals use the bootstrap's closed form for a mean (its standard error
   * is the sample's sd/√n) with a normal quantile, which the resampled intervals approach at that size.
   */
  resamples?: number;
  /** Seed of the bootstrap. Default 0. */
  seed?: number;
}

/** How far the two explanations of one row agree, over the inputs either uses. */
export interface RowAgreement {
  row: number;
  runIds: [number, number];
  /** Spearman rank correlation of |importance| per input (ties ranked by their mean rank); 1 when both are empty. */
  rankCorrelation: number;
  /** Share of A's top-k inputs among B's top k. */
  topKOverlap: number;
  /** Inputs weighted with opposite signs by the two explanations. */
  signChanges: string[];
  /** The predicted label (class name) differs. */
  flip: boolean;
  predictedA: string;
  predictedB: string;
  /** The explained label's probability (or the value) under A and B. */
  valueA: number;
  valueB: number;
}

/** An input's importance over the cohort under A and B, and how B shifted it (values with 95 % bootstrap intervals). */
export interface InputShift {
  input: string;
  /** Mean |importance| over the rows. */
  meanAbsA: number;
  intervalA: [number, number];
  meanAbsB: number;
  intervalB: [number, number];
  /**
   * Mean over rows of B's importance in A's direction minus A's magnitude, s·w_B − |w_A| with s the sign
   * of w_A (of w_B where A leaves the input out): mean|w_B| − mean|w_A| when no sign changes, and
   * strongly negative where B reverses the input's effect. Positive: B leans more on the input.
   */
  shift: number;
  /**
   * Simultaneous 95 % interval over every input (Bonferroni: each at 1 − 0.05/inputs), from the bootstrap
   * standard error over rows: with 30 inputs, 95 % intervals each would call one or two shifts real by chance.
   */
  intervalShift: [number, number];
  /** The shift's interval excludes zero. */
  established: boolean;
  /** Rows where B weighs the input with the opposite sign. */
  signChanges: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface StudySummary {
  rows: number;
  task: 'classification' | 'regression';
  /** What each row's value is, for a chart's axis: "P(benign)", "P(the class A predicts)" or "the predicted value". */
  valueName: string;
  /** The label every row explains, or null when it varies by row (each row: the class A predicts) or for regression. */
  label: number | null;
  labelName: string | null;
  flips: RowAgreement[];
  /** The change of the explained label's probability (or value), B − A, over the rows. */
  deltaHistogram: HistogramBin[];
  meanDelta: number;
  /** Per-row agreement, in the study's row order. */
  agreement: RowAgreement[];
  agreementHistogram: HistogramBin[];
  medianRankCorrelation: number;
  meanTopKOverlap: number;
  topK: number;
  /** Every input, largest |shift| first. */
  shifts: InputShift[];
  /** Rows by divergence: flips first, then lowest rank correlation, then lowest overlap. */
  ranked: RowAgreement[];
  /** A plain-language summary a reviewer can paste into a verdict. */
  text: string;
}

const argmax = (p: readonly number[]) => p.reduce((best, x, i) => (x > p[best] ? i : best), 0);

/**
 * What a version review shows: prediction flips, the change of the explained label's probability, how far
 * the two explanations of each row agree, and which inputs B leans on more or less than A over the cohort.
 * Pure: the same rows and seed give the same summary.
 */
export function summariseStudy(rows: readonly StudyRow[], options: StudySummaryOptions): StudySummary {
  const topK = options.topK ?? 5;
  const labels = new Set(rows.map((r) => r.a.label));
  const label = labels.size === 1 ? (rows[0].a.label ?? null) : null;
  const labelName = label === null ? null : (rows[0].a.labelName ?? null);
  const className = (i: number) => options.classNames?.[i] ?? String(i);
  const describe = (p: number[]) => (options.task === 'classification' ? className(argmax(p)) : p[0].toPrecision(4));
  // The explained label's probability (each row explains one label under both models), or the value.
  const valueOf = (p: number[], rowLabel: number | null) =>
    options.task === 'classification' ? (p[rowLabel ?? argmax(p)] ?? 0) : p[0];

  // Per row and side: importance per input as input indices and weights.
  const index = new Map<string, number>();
  const names: string[] = [];
  const gather = (inputs: [string, number][]) => {
    const js: number[] = [];
    const ws: number[] = [];
    for (const [name, weight] of inputs) {
      let j = index.get(name);
      if (j === undefined) index.set(name, (j = names.push(name) - 1));
      js.push(j);
      ws.push(weight);
    }
    return { js, ws };
  };
  const perRow = rows.map((r) => ({ a: gather(r.a.inputs), b: gather(r.b.inputs) }));
  const n = rows.length;
  const m = names.length;
  // Flat row-major matrices of |w_A|, |w_B| and the directional shift, for the bootstrap.
  const absA = new Float64Array(n * m);
  const absB = new Float64Array(n * m);
  const shift = new Float64Array(n * m);
  const signChanges = new Int32Array(m);
  const wa = new Float64Array(m);
  const wb = new Float64Array(m);
  /** The top-k inputs of one side by |weight| (ties by name). */
  const top = (side: { js: number[]; ws: number[] }) =>
    side.js
      .map((j, k) => [j, Math.abs(side.ws[k])] as const)
      .sort((x, y) => y[1] - x[1] || (names[x[0]] < names[y[0]] ? -1 : 1))
      .slice(0, topK)
      .map(([j]) => j);

  const agreement: RowAgreement[] = rows.map((r, i) => {
    const { a, b } = perRow[i];
    const used = [...a.js];
    for (const j of b.js) if (!a.js.includes(j)) used.push(j);
    a.js.forEach((j, k) => (wa[j] = a.ws[k]));
    b.js.forEach((j, k) => (wb[j] = b.ws[k]));
    const changed: string[] = [];
    const va: number[] = [];
    const vb: number[] = [];
    for (const j of used) {
      const [x, y] = [wa[j], wb[j]];
      absA[i * m + j] = Math.abs(x);
      absB[i * m + j] = Math.abs(y);
      shift[i * m + j] = (Math.sign(x) || Math.sign(y)) * y - Math.abs(x);
      if (x * y < 0) {
        changed.push(names[j]);
        signChanges[j]++;
      }
      va.push(Math.abs(x));
      vb.push(Math.abs(y));
    }
    for (const j of used) wa[j] = wb[j] = 0;
    const [ta, tb] = [top(a), top(b)];
    const flip = options.task === 'classification' && argmax(r.a.prediction) !== argmax(r.b.prediction);
    return {
      row: r.row,
      runIds: [r.a.runId, r.b.runId],
      rankCorrelation: used.length < 2 ? 1 : spearman(va, vb),
      topKOverlap: ta.length ? ta.filter((j) => tb.includes(j)).length / ta.length : 1,
      signChanges: changed,
      flip,
      predictedA: describe(r.a.prediction),
      predictedB: describe(r.b.prediction),
      valueA: valueOf(r.a.prediction, r.a.label),
      valueB: valueOf(r.b.prediction, r.a.label),
    };
  });

  const resamples = options.resamples ?? (n * m <= 100_000 ? 200 : 0);
  const intervals =
    resamples > 0
      ? bootstrapColumnMeans([absA, absB, shift], n, m, resamples, options.seed ?? 0)
      : closedFormColumnMeans([absA, absB, shift], n, m);
  const z = normalQuantile(1 - 0.025 / Math.max(1, m));
  const shifts: InputShift[] = names
    .map((input, j) => {
      const [ciA, ciB, ciShift] = intervals.map((perColumn) => perColumn[j]);
      const intervalShift: [number, number] = [ciShift.mean - z * ciShift.se, ciShift.mean + z * ciShift.se];
      return {
        input,
        meanAbsA: ciA.mean,
        intervalA: ciA.interval,
        meanAbsB: ciB.mean,
        intervalB: ciB.interval,
        shift: ciShift.mean,
        intervalShift,
        established: intervalShift[0] > 0 || intervalShift[1] < 0,
        signChanges: signChanges[j],
      };
    })
    .sort((x, y) => Math.abs(y.shift) - Math.abs(x.shift) || (x.input < y.input ? -1 : 1));

  const deltas = agreement.map((r) => r.valueB - r.valueA);
  const correlations = agreement.map((r) => r.rankCorrelation);
  const ranked = [...agreement].sort(
    (x, y) =>
      Number(y.flip) - Number(x.flip) ||
      x.rankCorrelation - y.rankCorrelation ||
      x.topKOverlap - y.topKOverlap ||
      x.row - y.row,
  );
  const summary: StudySummary = {
    rows: n,
    task: options.task,
    valueName:
      options.task === 'regression'
        ? 'the predicted value'
        : label !== null
          ? `P(${labelName ?? label})`
          : `P(the class ${options.names[0]} predicts)`,
    label,
    labelName,
    flips: agreement.filter((r) => r.flip),
    deltaHistogram: histogram(deltas, symmetricEdges(deltas, 12)),
    meanDelta: mean(deltas),
    agreement,
    agreementHistogram: histogram(
      correlations,
      Array.from({ length: 11 }, (_, i) => -1 + i * 0.2),
    ),
    medianRankCorrelation: median(correlations),
    meanTopKOverlap: mean(agreement.map((r) => r.topKOverlap)),
    topK,
    shifts,
    ranked,
    text: '',
  };
  summary.text = studyText(summary, options);
  return summary;
}

/** The summary in words, for a reviewer to paste into a verdict. */
function studyText(s: StudySummary, options: StudySummaryOptions): string {
  const [nameA, nameB] = options.names;
  if (s.rows === 0) return `No rows compared yet between ${nameA} and ${nameB}.`;
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 && x > 0 ? 1 : 0)} %`;
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
  const rowsOf = (list: RowAgreement[]) =>
    `row${list.length === 1 ? '' : 's'} ${list
      .slice(0, 8)
      .map((r) => r.row)
      .join(', ')}${list.length > 8 ? ` and ${list.length - 8} more` : ''}`;
  const parts: string[] = [];
  const what =
    options.task === 'classification'
      ? s.label !== null
        ? `the probability of ${s.labelName ?? `label ${s.label}`}`
        : `the probability of the class ${nameA} predicts`
      : 'the predicted value';
  parts.push(
    options.task === 'classification'
      ? s.flips.length
        ? `Over ${s.rows} rows, ${nameB} changes the predicted class of ${s.flips.length} (${pct(s.flips.length / s.rows)}): ${rowsOf(s.flips)}.`
        : `Over ${s.rows} rows, ${nameB} predicts the same class as ${nameA} on every row.`
      : `Over ${s.rows} rows, ${nameB} and ${nameA} are compared on the predicted value.`,
  );
  const largest = s.agreement.reduce(
    (best, r) => (Math.abs(r.valueB - r.valueA) > Math.abs(best.valueB - best.valueA) ? r : best),
    s.agreement[0],
  );
  parts.push(
    `${what[0].toUpperCase()}${what.slice(1)} moves by ${signed(s.meanDelta)} on average (largest change ${signed(largest.valueB - largest.valueA)}, row ${largest.row}).`,
  );
  const poor = s.agreement.filter((r) => r.rankCorrelation < 0.5);
  parts.push(
    `The two versions explain the same prediction ${s.medianRankCorrelation >= 0.7 ? 'alike' : s.medianRankCorrelation >= 0.4 ? 'partly alike' : 'differently'} on most rows (median rank correlation ${s.medianRankCorrelation.toFixed(2)}, top-${s.topK} overlap ${pct(s.meanTopKOverlap)})` +
      (poor.length
        ? `; ${poor.length} ${poor.length === 1 ? 'row agrees' : 'rows agree'} poorly (ρ < 0.5): ${rowsOf(poor)}.`
        : '.'),
  );
  const established = s.shifts.filter((x) => x.established);
  const more = established.filter((x) => x.shift > 0).slice(0, 3);
  const less = established.filter((x) => x.shift < 0).slice(0, 3);
  const describeShift = (x: InputShift) =>
    `${x.input} (${signed(x.shift)}${x.signChanges ? `, sign reversed in ${x.signChanges} row${x.signChanges === 1 ? '' : 's'}` : ''})`;
  if (more.length || less.length) {
    const clauses = [
      more.length ? `leans more on ${more.map(describeShift).join(', ')}` : '',
      less.length ? `less on ${less.map(describeShift).join(', ')}` : '',
    ].filter(Boolean);
    parts.push(
      `${nameB} ${clauses.join(' and ')}; the shifts of ${s.shifts.length - established.length} other input${s.shifts.length - established.length === 1 ? '' : 's'} are within noise (simultaneous 95 % intervals, bootstrap over rows).`,
    );
  } else {
    parts.push(`No input's importance shifted beyond noise (simultaneous 95 % intervals, bootstrap over rows).`);
  }
  return parts.join(' ');
}

function mean(v: readonly number[]): number {
  return v.length ? v.reduce((a, x) => a + x, 0) / v.length : 0;
}

function median(v: readonly number[]): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Bin edges symmetric around zero covering every value. */
function symmetricEdges(v: readonly number[], bins: number): number[] {
  const reach = Math.max(1e-6, ...v.map(Math.abs));
  return Array.from({ length: bins + 1 }, (_, i) => -reach + (2 * reach * i) / bins);
}

/** Counts of values per bin [edge_i, edge_i+1); values below the first edge count in the first bin, above the last in the last. */
export function histogram(values: readonly number[], edges: readonly number[]): HistogramBin[] {
  const bins = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1], count: 0 }));
  for (const x of values) {
    const i = bins.findIndex((b) => x < b.to);
    bins[i < 0 ? bins.length - 1 : i].count++;
  }
  return bins;
}
