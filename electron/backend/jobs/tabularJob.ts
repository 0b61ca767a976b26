import { instanceSeed } from '../../../shared/domain/params';
import type { TabularParams } from '../../../shared/domain/params';
import type { Discretizer, TabularColumn, TabularTable } from '../../../shared/domain/tabular';
import { defaultKernelWidth, explainTabular } from '../../../shared/engine/tabular/explainTabular';
import { fitTabular, type TabularExplainerState } from '../../../shared/engine/tabular/fitTabular';
import { tabularWorkspace, type TabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import { kernelShapTabular } from '../../../shared/engine/shap/kernelShap';
import { Rng } from '../../../shared/engine/random';
import { RecentlyUsed } from '../data/recentlyUsed';
import { fitKey } from './fitKey';
import type { LoadedModel } from '../onnx/loadModel';
import { OnnxTabularPredictor } from '../onnx/tabularPredictor';
import { labelOptions, methodExplainer, guaranteeSettings } from './methodExplainer';
import { heldBytes, ReusedBuffers } from './reusedBuffers';
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
  /** fitKey(train, params.discretizer, trainLabels), where the tables were coded; computed here when absent. */
  fitKey?: string;
}

/** Runs a tabular job against an open model: fit the statistics once, then every run of every instance. */
export async function runTabularJob(
  model: LoadedModel,
  job: TabularJob,
  hooks: JobHooks = {},
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const state = fittedState(job.train, params.discretizer, job.trainLabels, job.fitKey);
  // One workspace for every run, passed on to the thread's next job on the same table: fresh
  // multi-megabyte buffers cost more in page faults than the sampling.
  const rows = params.numSamples;
  return buffers.with(
    (kept) => kept.state === state && kept.rows === rows,
    () => ({ state, rows, workspace: tabularWorkspace(rows, job.columns.length, { state }) }),
    ({ workspace }) => explainRows(model, job, state, workspace, hooks),
  );
}

/** A workspace and what it was made for (its arena holds room for that state's bin tables). */
const buffers = new ReusedBuffers<{ state: TabularExplainerState; rows: number; workspace: TabularWorkspace }>(
  ({ workspace: { x, z, distances } }) => heldBytes(x, z, distances),
);

function explainRows(
  model: LoadedModel,
  job: TabularJob,
  state: TabularExplainerState,
  workspace: TabularWorkspace,
  hooks: JobHooks,
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const predictor = new OnnxTabularPredictor(model, job.columns);
  const kernelWidth = params.kernelWidth ?? defaultKernelWidth(job.columns.length);
  const background = params.method !== 'lime' ? shapBackground(job.train, params.seed) : null;
  const name = (values: Float64Array) => (j: number) => {
    const c = job.columns[j];
    return `${c.name} = ${c.kind === 'categorical' ? c.categories[values[j]] : values[j]}`;
  };
  const labelled = labelOptions(model, params, hooks);
  const explainers = job.instances.map(({ row, values }) => {
    const lime = (width: number, seed: number) =>
      explainTabular(state, values, predictor, {
        ...labelled,
        numSamples: params.numSamples,
        numFeatures: params.numFeatures,
        kernelWidth: width,
        featureSelection: params.featureSelection,
        sampleAroundInstance: params.sampleAroundInstance,
        seed,
        workspace,
        guarantee: guaranteeSettings(params),
      });
    const shap = (seed: number, numSamples: number) =>
      kernelShapTabular(values, background!.values, background!.rows, predictor, name(values), {
        ...labelled,
        numSamples,
        seed,
      });
    return methodExplainer(
      row,
      { ...params, seed: instanceSeed(params, row) },
      { given: kernelWidth, sweepBase: defaultKernelWidth(job.columns.length) },
      lime,
      shap,
    );
  });
  return runInstances(explainers, job.instances.length, params.runs, params.numFeatures, hooks);
}

/** Fitted explainer states of this thread's recent jobs, by fitKey. */
const fitted = new RecentlyUsed<TabularExplainerState>(4);

/**
 * The explainer's statistics of a training table, fitted once per thread for the same table and
 * discretizer: fitting tabulates every bin's quantile function (about 5 ms for breast_cancer, more than
 * the explanation's sampling), and a reviewer explains row after row against one training set. The key
 * is a digest of everything the fit reads (fitKey), so a changed table is fitted afresh.
 */
export function fittedState(
  train: TabularTable,
  discretizer: Discretizer,
  labels: Float64Array | null,
  key = fitKey(train, discretizer, labels),
): TabularExplainerState {
  return fitted.getOrMake(key, () => fitTabular(train, { discretizer, trainingLabels: labels }));
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
