import type { ExplanationRun } from '../../domain/explanation';
import type { FeatureSelection } from '../../domain/tabular';
import type { LabelChoice, Task } from '../explainLabels';
import type { Clock, Predictor } from '../predictor';
import { exponentialKernel } from '../kernel';
import { heldOutFidelity } from '../heldOutFidelity';
import { Rng } from '../random';
import { explainDrawn, type GuaranteeSettings } from '../sampleGuarantee';
import type { TabularExplainerState } from './fitTabular';
import { sampleTabular, type TabularWorkspace } from './sampleTabular';
import { rowWords } from '../wasm/regions';

export type { Task };

/** Options of one tabular explanation; defaults are the reference's (LIME.md §1–2). */
export interface TabularExplainOptions extends LabelChoice {
  /** Neighbourhood size including the instance. Default 5000. */
  numSamples?: number;
  /** Features in the explanation. Default 10. */
  numFeatures?: number;
  /** Default 0.75 · √columns. */
  kernelWidth?: number | null;
  /** Default 'auto'. */
  featureSelection?: FeatureSelection;
  /** Continuous mode: sample around the instance instead of the training mean. Default false. */
  sampleAroundInstance?: boolean;
  /** Default 0. */
  seed?: number;
  clock?: Clock;
  /** Buffers to reuse across runs (see TabularWorkspace); allocated when absent or of another size. */
  workspace?: TabularWorkspace;
  /** Fresh samples to test the surrogate on (held-out fidelity). Default a tenth of numSamples, at least 100; 0: none. */
  heldOutSamples?: number;
  /** `--num-samples auto`: grow the neighbourhood until the chosen features are stable (numSamples is then unused). */
  guarantee?: GuaranteeSettings | null;
}

/** Defaults resolved against the data: what a stored run records. */
export function defaultKernelWidth(columns: number): number {
  return 0.75 * Math.sqrt(columns);
}

/** The model's scores at the instance (row 0 of the neighbourhood), length outputs. */
export interface TabularExplanationResult {
  run: ExplanationRun;
  prediction: Float32Array;
}

/**
 * Explains one instance: sample the neighbourhood, query the model once for all rows, weight by the
 * kernel, fit one surrogate per label.
 * @param instance raw values of the instance (categorical: codes), length columns
 */
export async function explainTabular(
  state: TabularExplainerState,
  instance: Float64Array,
  predictor: Predictor,
  options: TabularExplainOptions,
): Promise<TabularExplanationResult> {
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const cols = state.columns.length;
  const rng = new Rng(seed);
  const around = options.sampleAroundInstance ?? false;
  const settings = options.guarantee ?? null;
  let instanceValues: Int32Array = new Int32Array(0);
  let inferenceMs = 0;
  // Row 0 is the instance; further draws continue the stream (a guarantee grows the neighbourhood).
  const draw = async (rows: number, withInstance: boolean) => {
    const skip = withInstance ? 0 : 1;
    const h = sampleTabular(state, instance, rows + skip, rng, around, settings ? undefined : options.workspace);
    if (withInstance) instanceValues = h.instanceValues;
    const t0 = clock();
    const scores = await predictor.predict(h.x.subarray(skip * cols), rows);
    inferenceMs += clock() - t0;
    return {
      z: h.z.subarray(skip * cols),
      rows,
      cols,
      binary: h.binary,
      distances: h.distances.subarray(skip),
      ...(h.rowBits ? { rowBits: h.rowBits.subarray(skip * rowWords(cols)) } : {}),
      scores,
      outputs: predictor.outputs,
    };
  };
  const labelOptions = {
    ...options,
    numFeatures: options.numFeatures ?? 10,
    kernelWidth: options.kernelWidth ?? defaultKernelWidth(cols),
  };
  const { hood, guarantee, explanations, neighbourhood } = await explainDrawn(
    draw,
    options.numSamples ?? 5000,
    settings,
    { ...labelOptions, clock, startedAt: start },
    (feature) => featureName(state, instanceValues, feature),
  );
  const scores = hood.scores;
  const numSamples = hood.rows;
  const fresh = options.heldOutSamples ?? Math.max(100, Math.round(numSamples / 10));
  let heldOutMs = 0;
  if (fresh > 0) {
    // An independent stream: the held-out samples share nothing with the fitted ones. They may take the
    // start of the workspace: the fitted neighbourhood is done with.
    const ws = options.workspace;
    const room = ws && ws.distances.length >= fresh + 1 && ws.x.length >= (fresh + 1) * cols;
    const other = sampleTabular(
      state,
      instance,
      fresh + 1,
      new Rng(seed ^ 0x5bd1e995),
      options.sampleAroundInstance ?? false,
      room
        ? {
            x: ws.x.subarray(0, (fresh + 1) * cols),
            z: ws.z.subarray(0, (fresh + 1) * cols),
            distances: ws.distances.subarray(0, fresh + 1),
          }
        : undefined,
    );
    const t0 = clock();
    const freshScores = await predictor.predict(other.x, other.rows);
    heldOutMs = clock() - t0;
    const w = exponentialKernel(other.distances, options.kernelWidth ?? defaultKernelWidth(cols));
    const outputs = predictor.outputs;
    for (const e of explanations) {
      const label = e.label ?? 0;
      const y = Float64Array.from({ length: other.rows }, (_, i) => freshScores[i * outputs + label]);
      // Row 0 of a neighbourhood is the instance itself, which the fit has seen: leave it out.
      e.heldOut = heldOutFidelity(e, other.z.subarray(cols), other.rows - 1, cols, w.subarray(1), y.subarray(1));
    }
  }
  return {
    run: {
      seed,
      explanations,
      timing: { totalMs: clock() - start, inferenceMs: inferenceMs + heldOutMs },
      neighbourhood,
      ...(guarantee ? { guarantee } : {}),
    },
    prediction: scores.slice(0, predictor.outputs),
  };
}

/** Readable name of an interpretable feature: the instance's bin or `name=value`, or the column name. */
export function featureName(state: TabularExplainerState, instanceValues: Int32Array, feature: number): string {
  const col = state.columns[feature];
  const v = instanceValues[feature];
  return v >= 0 ? col.valueLabels[v] : col.name;
}
