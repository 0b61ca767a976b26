import type { ExplanationRun, StabilitySummary } from '../../../shared/domain/explanation';
import type { TabularParams } from '../../../shared/domain/params';
import type { TabularColumn, TabularTable } from '../../../shared/domain/tabular';
import { WorkbenchError } from '../../../shared/contract/errors';
import { summariseStability } from '../../../shared/engine/stability';
import { defaultKernelWidth, explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { tabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import type { LoadedModel } from '../onnx/loadModel';
import { OnnxTabularPredictor } from '../onnx/tabularPredictor';

/** Everything a worker needs to explain rows of a tabular data set: plain, structured-cloneable data. */
export interface TabularJob {
  kind: 'tabular';
  columns: TabularColumn[];
  train: TabularTable;
  trainLabels: Float64Array | null;
  instances: { row: number; values: Float64Array }[];
  params: TabularParams;
}

/** One explained instance. */
export interface InstanceExplanation {
  row: number;
  /** The model's scores at the instance. */
  prediction: number[];
  kernelWidth: number;
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
}

export interface JobHooks {
  /** Called after each run; `done` of `total` runs over all instances. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each instance completes, so a caller can print or save it at once. */
  onInstance?: (result: InstanceExplanation) => void;
  /** Polled between runs. */
  isCancelled?: () => boolean;
  clock?: () => number;
}

/** Runs a tabular job against an open model: fit the statistics once, then every run of every instance. */
export async function runTabularJob(model: LoadedModel, job: TabularJob, hooks: JobHooks = {}): Promise<InstanceExplanation[]> {
  const { params } = job;
  const state = fitTabular(job.train, { discretizer: params.discretizer, trainingLabels: job.trainLabels });
  const predictor = new OnnxTabularPredictor(model, job.columns);
  const kernelWidth = params.kernelWidth ?? defaultKernelWidth(job.columns.length);
  const workspace = tabularWorkspace(params.numSamples, job.columns.length);
  const total = job.instances.length * params.runs;
  const results: InstanceExplanation[] = [];
  let done = 0;
  for (const instance of job.instances) {
    const runs: ExplanationRun[] = [];
    let prediction: Float32Array | null = null;
    for (let r = 0; r < params.runs; r++) {
      if (hooks.isCancelled?.()) throw new WorkbenchError('cancelled', 'the explanation was cancelled');
      const out = await explainTabular(state, instance.values, predictor, {
        task: model.profile.task,
        numSamples: params.numSamples,
        numFeatures: params.numFeatures,
        kernelWidth,
        featureSelection: params.featureSelection,
        sampleAroundInstance: params.sampleAroundInstance,
        seed: params.seed + r,
        labels: params.labels,
        topLabels: params.topLabels,
        classNames: model.profile.classNames,
        clock: hooks.clock,
        workspace,
      });
      prediction = out.prediction;
      runs.push(out.run);
      hooks.onProgress?.(++done, total);
    }
    const result: InstanceExplanation = {
      row: instance.row,
      prediction: Array.from(prediction!),
      kernelWidth,
      runs,
      stability: params.runs > 1 ? summariseStability(runs, params.numFeatures) : null,
    };
    hooks.onInstance?.(result);
    results.push(result);
  }
  return results;
}
