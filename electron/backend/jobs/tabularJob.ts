import type { TabularParams } from '../../../shared/domain/params';
import type { TabularColumn, TabularTable } from '../../../shared/domain/tabular';
import { defaultKernelWidth, explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { tabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import { DEFAULT_SHAP_SAMPLES, kernelShapTabular } from '../../../shared/engine/shap/kernelShap';
import { agreementByLabel } from '../../../shared/engine/methodAgreement';
import { sweepKernelWidth } from '../../../shared/engine/kernelWidthSweep';
import { Rng } from '../../../shared/engine/random';
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
  const background = params.method !== 'lime' ? shapBackground(job.train, params.seed) : null;
  const name = (values: Float64Array) => (j: number) => {
    const c = job.columns[j];
    return `${c.name} = ${c.kind === 'categorical' ? c.categories[values[j]] : values[j]}`;
  };
  const shap = (values: Float64Array, seed: number) =>
    kernelShapTabular(values, background!.values, background!.rows, predictor, name(values), {
      task: model.profile.task,
      numSamples: params.method === 'both' ? DEFAULT_SHAP_SAMPLES : params.numSamples,
      seed,
      labels: params.labels,
      topLabels: params.topLabels,
      classNames: model.profile.classNames,
      clock: hooks.clock,
    });
  // --method both: LIME as the runs, KernelSHAP of the instance beside them, and how far the two agree.
  const extras = new Map<number, Record<string, unknown>>();
  const widths = new Map<number, number>();
  const explainers = job.instances.map((instance) => ({
    row: instance.row,
    get kernelWidth() {
      return widths.get(instance.row) ?? kernelWidth;
    },
    extra: () => extras.get(instance.row) ?? {},
    explain: async (seed: number) => {
      if (params.method === 'kernel-shap') return shap(instance.values, seed);
      if (params.autoKernelWidth && !widths.has(instance.row)) {
        const trial = async (width: number, s: number) =>
          (await explainTabular(state, instance.values, predictor, { task: model.profile.task, numSamples: params.numSamples, numFeatures: params.numFeatures, kernelWidth: width, featureSelection: params.featureSelection, sampleAroundInstance: params.sampleAroundInstance, seed: s, labels: params.labels, topLabels: params.topLabels, workspace })).run;
        const sweep = await sweepKernelWidth(trial, defaultKernelWidth(job.columns.length), params.seed, params.numFeatures);
        widths.set(instance.row, sweep.chosen);
        extras.set(instance.row, { ...extras.get(instance.row), kernelWidthSweep: sweep });
      }
      const lime = await explainTabular(state, instance.values, predictor, {
        task: model.profile.task,
        numSamples: params.numSamples,
        numFeatures: params.numFeatures,
        kernelWidth: widths.get(instance.row) ?? kernelWidth,
        featureSelection: params.featureSelection,
        sampleAroundInstance: params.sampleAroundInstance,
        seed,
        labels: params.labels,
        topLabels: params.topLabels,
        classNames: model.profile.classNames,
        clock: hooks.clock,
        workspace,
      });
      if (params.method === 'both' && seed === params.seed) {
        const { run } = await shap(instance.values, seed);
        extras.set(instance.row, { ...extras.get(instance.row), kernelShap: run, agreement: agreementByLabel(lime.run, run) });
      }
      return lime;
    },
  }));
  return runInstances(explainers, job.instances.length, params.seed, params.runs, params.numFeatures, hooks);
}

/** KernelSHAP's background: up to 50 training rows, picked with the run's seed. */
function shapBackground(train: TabularTable, seed: number): { values: Float64Array; rows: number } {
  const cols = train.columns.length;
  const rows = Math.min(50, train.rows);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = 0; i < rows; i++) {
    const pick = i + rng.int(train.rows - i);
    [order[i], order[pick]] = [order[pick], order[i]];
  }
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) values.set(train.values.subarray(order[i] * cols, (order[i] + 1) * cols), i * cols);
  return { values, rows };
}
