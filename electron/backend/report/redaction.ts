import type { RunDetail } from '../../../shared/contract/api';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { DatasetRecord } from '../../../shared/domain/audit';
import type { ExplanationRun, SampleGuarantee } from '../../../shared/domain/explanation';
import { closestNames } from '../../../shared/engine/cohortFilter';
import { REDACTED } from '../../../shared/report/reportModel';
import { readDataset } from '../app/datasetFiles';

/** What a report must not show. */
export interface RedactOptions {
  /** Columns of the audit's tabular data, named exactly. */
  columns?: string[];
  /** Words of text runs, masked everywhere (case-insensitive, whole words). */
  words?: string[];
  /** Image runs: every picture replaced by its segment outline. */
  images?: boolean;
  /** Also redact unredacted columns that predict a redacted one (see `related`). */
  related?: boolean;
}

/** A column and the datasets it is redacted in. */
export interface RedactedColumn {
  column: string;
  datasets: string[];
}

/** An unredacted column that predicts a redacted one: |Pearson r| ≥ RELATED_R in a dataset holding both. */
export interface RelatedColumn {
  column: string;
  predicts: string;
  r: number;
  dataset: string;
}

export const RELATED_R = 0.9;

export interface RedactionPlan {
  columns: RedactedColumn[];
  /** Columns that predict a redacted one and were left shown (a warning), or redacted too with `related`. */
  related: RelatedColumn[];
  words: string[];
  images: boolean;
}

/**
 * Checks the names against the audit's tabular columns — exactly, so a typo or a wrong case is an error that
 * lists the closest names instead of a report that silently redacts nothing — and finds the columns that
 * would give a redacted one away.
 */
export async function planRedaction(datasets: DatasetRecord[], options: RedactOptions): Promise<RedactionPlan> {
  const tables = datasets.filter((d) => !/\.(jsonl|ndjson|txt|png|jpe?g)$/i.test(d.path) && d.columns.length > 1);
  const all = [...new Set(tables.flatMap((d) => d.columns))];
  const names = [...new Set(options.columns ?? [])];
  for (const name of names) {
    if (!all.includes(name)) {
      throw new WorkbenchError(
        'invalid-argument',
        `--redact "${name.slice(0, 80)}": expected a column of the audit's tabular data, found none of that name (${
          all.length
            ? `closest: ${closestNames(name, all)
                .map((c) => `"${c}"`)
                .join(', ')}`
            : 'the audit has no tabular data'
        })`,
      );
    }
  }
  const related: RelatedColumn[] = [];
  for (const d of tables.filter((t) => names.some((n) => t.columns.includes(n)))) {
    const content = await readDataset(d.path);
    if (content.kind !== 'table') continue;
    const column = (name: string) => content.rows.map((r) => Number(r[content.columns.indexOf(name)]));
    for (const secret of names.filter((n) => content.columns.includes(n))) {
      const x = column(secret);
      for (const other of content.columns) {
        if (names.includes(other) || other === secret) continue;
        const r = pearson(x, column(other));
        if (Math.abs(r) < RELATED_R) continue;
        // Once per pair of columns, with the strongest correlation over the datasets that hold both.
        const seen = related.find((x2) => x2.column === other && x2.predicts === secret);
        if (!seen) related.push({ column: other, predicts: secret, r, dataset: d.path });
        else if (Math.abs(r) > Math.abs(seen.r)) Object.assign(seen, { r, dataset: d.path });
      }
    }
  }
  const extra = options.related ? [...new Set(related.map((r) => r.column))] : [];
  const columns = [...names, ...extra].map((column) => ({
    column,
    datasets: tables.filter((d) => d.columns.includes(column)).map((d) => d.path),
  }));
  return {
    columns,
    related,
    words: [...new Set((options.words ?? []).map((w) => w.trim()).filter(Boolean))],
    images: options.images ?? false,
  };
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  if (n < 3 || x.some((v) => !Number.isFinite(v)) || y.some((v) => !Number.isFinite(v))) return 0;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** The strings a redacted run's values would show as: as written, and as the report rounds numbers. */
export function secretsOf(d: RunDetail, plan: RedactionPlan): string[] {
  const out = new Set<string>(plan.words);
  if (d.modality === 'tabular') {
    for (const { column } of plan.columns) {
      const v = d.instance[column];
      if (v === undefined || v === null || String(v).trim() === '') continue;
      out.add(String(v).trim());
      const n = Number(v);
      if (Number.isFinite(n)) out.add(n.toFixed(2));
    }
  }
  return [...out];
}

/** A text with every secret (a whole number or word, never part of a longer one) replaced by the mark. */
export function scrub(text: string, secrets: string[]): { text: string; changed: boolean } {
  let out = text;
  for (const s of secrets) {
    const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}.])${escaped}(?![\\p{L}\\p{N}]|\\.\\d)`, 'giu'), REDACTED);
  }
  return { text: out, changed: out !== text };
}

/**
 * A run with what the plan hides replaced everywhere it could show: tabular values and the bins that name
 * them, words in the text and in the weights, pictures by their outlines.
 */
export function redactRun(d: RunDetail, plan: RedactionPlan, outline: string | null): RunDetail {
  if (d.modality === 'image' && plan.images)
    return { ...d, picture: outline ?? undefined, overlay: outline ?? undefined };
  if (d.modality === 'text' && plan.words.length) {
    const rename = <T extends { name: string }>(w: T): T =>
      plan.words.some((x) => x.toLowerCase() === w.name.toLowerCase()) ? { ...w, name: REDACTED } : w;
    const renameRun = (r: ExplanationRun): ExplanationRun => ({
      ...r,
      explanations: r.explanations.map((e) => ({ ...e, weights: e.weights.map(rename) })),
      ...(r.guarantee ? { guarantee: renameGuarantee(r.guarantee, (_, name) => rename({ name }).name) } : {}),
    });
    return {
      ...d,
      instance: { ...d.instance, text: scrub(String(d.instance.text), plan.words).text },
      runs: d.runs.map(renameRun),
      ...(d.kernelShap ? { kernelShap: renameRun(d.kernelShap) } : {}),
      stability: d.stability && {
        ...d.stability,
        labels: d.stability.labels.map((l) => ({ ...l, features: l.features.map(rename) })),
      },
    };
  }
  const hiddenNames = new Set(plan.columns.map((c) => c.column));
  if (hiddenNames.size === 0 || d.modality !== 'tabular') return d;
  const columns = Object.keys(d.instance);
  const hidden = new Set(columns.flatMap((c, j) => (hiddenNames.has(c) ? [j] : [])));
  const rename = <T extends { feature: number; name: string }>(w: T): T =>
    hidden.has(w.feature) ? { ...w, name: `${columns[w.feature]}: ${REDACTED}` } : w;
  const renameRun = (r: ExplanationRun): ExplanationRun => ({
    ...r,
    explanations: r.explanations.map((e) => ({ ...e, weights: e.weights.map(rename) })),
    ...(r.guarantee
      ? { guarantee: renameGuarantee(r.guarantee, (feature, name) => rename({ feature, name }).name) }
      : {}),
  });
  return {
    ...d,
    ...(d.kernelShap ? { kernelShap: renameRun(d.kernelShap) } : {}),
    instance: Object.fromEntries(Object.entries(d.instance).map(([k, v]) => [k, hiddenNames.has(k) ? REDACTED : v])),
    runs: d.runs.map(renameRun),
    stability: d.stability && {
      ...d.stability,
      labels: d.stability.labels.map((l) => ({ ...l, features: l.features.map(rename) })),
    },
  };
}

/** A run's sample guarantee with its steps' feature names (and the verdict that quotes them) renamed. */
function renameGuarantee(g: SampleGuarantee, rename: (feature: number, name: string) => string): SampleGuarantee {
  let verdict = g.verdict;
  const renamed = (feature: number, name: string) => {
    const next = rename(feature, name);
    if (next !== name) verdict = verdict.split(name).join(next);
    return next;
  };
  const labels = g.labels.map((l) => ({
    ...l,
    steps: l.steps.map((s) => ({
      ...s,
      name: renamed(s.feature, s.name),
      runnerUpName: s.runnerUp === null || s.runnerUpName === null ? null : renamed(s.runnerUp, s.runnerUpName),
    })),
  }));
  return { ...g, labels, verdict };
}
