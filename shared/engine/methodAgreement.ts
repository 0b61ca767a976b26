import type { ExplanationRun, LabelExplanation } from '../domain/explanation';
import { spearman } from './spearman';

/** How far two explanations of one instance agree (LIME and KernelSHAP, or any two). */
export interface MethodAgreement {
  /** Spearman rank correlation of the two attributions over every feature either one weighs (absent: 0). */
  rankCorrelation: number;
  /** Features in both top k, over k. */
  topKOverlap: number;
  topK: number;
}

/** Agreement of two explanations whose features share one index space (tabular: the column). */
export function methodAgreement(a: LabelExplanation, b: LabelExplanation, topK = 5): MethodAgreement {
  const features = [...new Set([...a.weights, ...b.weights].map((w) => w.feature))];
  const weight = (e: LabelExplanation, f: number) => e.weights.find((w) => w.feature === f)?.weight ?? 0;
  const rankCorrelation = spearman(
    features.map((f) => weight(a, f)),
    features.map((f) => weight(b, f)),
  );
  const top = (e: LabelExplanation) => new Set(e.weights.slice(0, topK).map((w) => w.feature));
  const [ta, tb] = [top(a), top(b)];
  const k = Math.min(topK, ta.size, tb.size);
  return { rankCorrelation, topKOverlap: k ? [...ta].filter((f) => tb.has(f)).length / k : 0, topK: k };
}

/** One label's agreement, as a document and a saved run carry it. */
export type LabelAgreement = { label: number | null } & MethodAgreement;

/**
 * Per label that LIME explained, how far KernelSHAP's explanation of the same label agrees (features
 * share one index space in every modality: columns, words, segments).
 */
export function agreementByLabel(lime: ExplanationRun, shap: ExplanationRun): LabelAgreement[] {
  return lime.explanations.flatMap((e) => {
    const other = shap.explanations.find((s) => s.label === e.label);
    return other ? [{ label: e.label, ...methodAgreement(e, other) }] : [];
  });
}

/**
 * A reviewer's reading of an agreement: two methods that rank the features alike (ρ ≥ 0.7) back each
 * other; below 0.4 they tell different stories and neither should be read alone.
 */
export function describeAgreement(a: MethodAgreement): { level: 'agree' | 'partly' | 'disagree'; summary: string } {
  const shared = `ρ ${a.rankCorrelation.toFixed(2)}; ${Math.round(a.topKOverlap * a.topK)} of the top ${a.topK} features shared`;
  if (a.rankCorrelation >= 0.7)
    return { level: 'agree', summary: `LIME and KernelSHAP rank the features alike (${shared}).` };
  if (a.rankCorrelation >= 0.4) return { level: 'partly', summary: `LIME and KernelSHAP partly agree (${shared}).` };
  return { level: 'disagree', summary: `LIME and KernelSHAP disagree (${shared}): read neither explanation alone.` };
}
