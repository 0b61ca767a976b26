import type { LabelExplanation } from '../domain/explanation';

/** One feature across two explanations. */
export interface FeatureComparison {
  feature: number;
  name: string;
  weightA: number;
  weightB: number;
  /** weightB − weightA. */
  difference: number;
  /** 1-based rank by |weight| in each explanation; null where the feature was not selected. */
  rankA: number | null;
  rankB: number | null;
}

/** Two explanations of (usually) one instance, e.g. under two versions of a model. */
export interface RunComparison {
  runIds: [number, number];
  label: number | null;
  labelName: string | null;
  sameInstance: boolean;
  /** The predicted class differs (classification), or the value moved by more than 10 % (regression). */
  predictionFlip: boolean;
  predictedA: string;
  predictedB: string;
  modelPredictionA: number;
  modelPredictionB: number;
  features: FeatureComparison[];
  /** Share of the top-5 features of A also in B's top 5. */
  topOverlap: number;
}

export interface ComparableRun {
  id: number;
  instance: Record<string, number | string>;
  prediction: number[];
  explanation: LabelExplanation;
  classNames: string[] | null;
}

/**
 * Compares two explanations feature by feature (by feature index and name), sorted by the size of the
 * weight difference: what a reviewer looks at when a model is retrained.
 */
export function compareRuns(a: ComparableRun, b: ComparableRun): RunComparison {
  const rank = (e: LabelExplanation) => new Map(e.weights.map((w, i) => [w.feature, i + 1]));
  const [ra, rb] = [rank(a.explanation), rank(b.explanation)];
  const names = new Map<number, string>();
  for (const w of [...a.explanation.weights, ...b.explanation.weights]) names.set(w.feature, w.name);
  const weight = (e: LabelExplanation, f: number) => e.weights.find((w) => w.feature === f)?.weight ?? 0;
  const features = [...names.keys()]
    .map((feature) => {
      const weightA = weight(a.explanation, feature);
      const weightB = weight(b.explanation, feature);
      return { feature, name: names.get(feature)!, weightA, weightB, difference: weightB - weightA, rankA: ra.get(feature) ?? null, rankB: rb.get(feature) ?? null };
    })
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.feature - y.feature);
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const classification = a.explanation.label !== null;
  const describe = (run: ComparableRun) => (classification ? (run.classNames?.[argmax(run.prediction)] ?? String(argmax(run.prediction))) : run.prediction[0].toFixed(3));
  const flip = classification
    ? argmax(a.prediction) !== argmax(b.prediction)
    : Math.abs(b.prediction[0] - a.prediction[0]) > 0.1 * Math.max(Math.abs(a.prediction[0]), 1e-9);
  const top = (e: LabelExplanation) => new Set(e.weights.slice(0, 5).map((w) => w.feature));
  const [ta, tb] = [top(a.explanation), top(b.explanation)];
  return {
    runIds: [a.id, b.id],
    label: a.explanation.label,
    labelName: a.explanation.labelName,
    sameInstance: JSON.stringify(a.instance) === JSON.stringify(b.instance),
    predictionFlip: flip,
    predictedA: describe(a),
    predictedB: describe(b),
    modelPredictionA: a.explanation.modelPrediction,
    modelPredictionB: b.explanation.modelPrediction,
    features,
    topOverlap: ta.size ? [...ta].filter((f) => tb.has(f)).length / ta.size : 0,
  };
}
