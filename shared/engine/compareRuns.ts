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
 * Compares two explanations of one feature space feature by feature, matched by name (the same bin of the
 * same column, the same word, the same segment), sorted by the size of the weight difference: what a
 * reviewer looks at when a model is retrained. Features of one name (a word at several positions) are summed.
 */
export function compareRuns(a: ComparableRun, b: ComparableRun): RunComparison {
  const byName = (e: LabelExplanation) => {
    const out = new Map<string, { feature: number; weight: number; rank: number }>();
    e.weights.forEach((w, i) => {
      const seen = out.get(w.name);
      out.set(
        w.name,
        seen ? { ...seen, weight: seen.weight + w.weight } : { feature: w.feature, weight: w.weight, rank: i + 1 },
      );
    });
    return out;
  };
  const [ma, mb] = [byName(a.explanation), byName(b.explanation)];
  const names = [...new Set([...ma.keys(), ...mb.keys()])];
  const features = names
    .map((name) => {
      const [x, y] = [ma.get(name), mb.get(name)];
      const weightA = x?.weight ?? 0;
      const weightB = y?.weight ?? 0;
      return {
        feature: (x ?? y)!.feature,
        name,
        weightA,
        weightB,
        difference: weightB - weightA,
        rankA: x?.rank ?? null,
        rankB: y?.rank ?? null,
      };
    })
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.feature - y.feature);
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const classification = a.explanation.label !== null;
  const describe = (run: ComparableRun) =>
    classification
      ? (run.classNames?.[argmax(run.prediction)] ?? String(argmax(run.prediction)))
      : run.prediction[0].toFixed(3);
  const flip = classification
    ? argmax(a.prediction) !== argmax(b.prediction)
    : Math.abs(b.prediction[0] - a.prediction[0]) > 0.1 * Math.max(Math.abs(a.prediction[0]), 1e-9);
  const top = (e: LabelExplanation) => new Set(e.weights.slice(0, 5).map((w) => w.name));
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

/**
 * The two explanations a comparison reads, of one label: the class A predicts when both runs explained it
 * (a study explains every class), else A's first label; B's explanation of that same label (else its first).
 */
export function explanationsToCompare(
  a: { prediction: readonly number[]; explanations: LabelExplanation[] },
  b: { explanations: LabelExplanation[] },
): [LabelExplanation, LabelExplanation] {
  const predicted = a.prediction.indexOf(Math.max(...a.prediction));
  const label =
    a.explanations.some((e) => e.label === predicted) && b.explanations.some((e) => e.label === predicted)
      ? predicted
      : a.explanations[0].label;
  const pick = (list: LabelExplanation[]) => list.find((e) => e.label === label) ?? list[0];
  return [pick(a.explanations), pick(b.explanations)];
}
