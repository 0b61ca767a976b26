import type { TabularParams } from '../../../shared/domain/params';
import type { TabularColumn, TabularTable } from '../../../shared/domain/tabular';
import { defaultKernelWidth, explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { tabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import type { LoadedModel } from '../onnx/loadModel';
import { OnnxTabularPredictor } from '../onnx/tabularPredictor';
import { runInstances, type InstanceExplanation, type JobHooks } from './runInstances';

export type { InstanceExplanation, JobHooks };

/** Everything a worker needs to explain rows of a tabular data set: plain, structured-cloneable data. */
export interface TabularJob {
  kind: 'tabular';
  columns: TabularColumn[];
  train: TabularTable;
  trainLabels: Float64Array | null;
  instances: { row: number; values: Float64Array }[];
  params: TabularParams;
}

/** Runs a tabular job against an open model: fit the statistics once, then every run of every instance. */
export async function runTabularJob(model: LoadedModel, job: TabularJob, hooks: JobHooks = {}): Promise<InstanceExplanation[]> {
  const { params } = job;
  const state = fitTabular(job.train, { discretizer: params.discretizer, trainingLabels: job.trainLabels });
  const predictor = new OnnxTabularPredictor(model, job.columns);
  const kernelWidth = params.kernelWidth ?? defaultKernelWidth(job.columns.length);
  // One workspace for every run: fresh multi-megabyte buffers cost more in page faults than the sampling.
  const workspace = tabularWorkspace(params.numSamples, job.columns.length);
  const explainers = job.instances.map((instance) => ({
    row: instance.row,
    kernelWidth,
    explain: (seed: number) =>
      explainTabular(state, instance.values, predictor, {
        task: model.profile.task,
        numSamples: params.numSamples,
        numFeatures: params.numFeatures,
        kernelWidth,
        featureSelection: params.featureSelection,
        sampleAroundInstance: params.sampleAroundInstance,
        seed,
        labels: params.labels,
        topLabels: params.topLabels,
        classNames: model.profile.classNames,
        clock: hooks.clock,
        workspace,
      }),
  }));
  return runInstances(explainers, job.instances.length, params.seed, params.runs, params.numFeatures, hooks);
}
