import { randomUUID } from 'node:crypto';
import type { ApiArgs, PickSummary, WorkbenchApi } from '../../../shared/contract/api';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import type { DatasetRecord, ModelRecord } from '../../../shared/domain/audit';
import { compareRuns } from '../../../shared/engine/compareRuns';
import { prepareExplanation } from '../explain/prepareExplanation';
import { pickRepresentatives } from '../explain/pickRepresentatives';
import type { CommonParams, ExplainInput, PreparedExplanation } from '../explain/prepared';
import type { InstanceExplanation } from '../jobs/runInstances';
import { logPick } from '../store/picks';
import { describeModelFile, type ModelDescription } from '../onnx/loadModel';
import { getDataset } from '../store/datasets';
import { getModel } from '../store/models';
import { runFromDocument } from '../store/runFromDocument';
import { saveRun } from '../store/runs';
import { runDetail } from './runDetail';
import type { BackendContext } from './createBackend';
import { datasetKindOf, readDataset } from './datasetFiles';

type Methods = Pick<WorkbenchApi, 'runExplanation' | 'pickInstances' | 'cancelJob' | 'getRun' | 'compareRuns'>;

/** Explanations: jobs in the worker pool, saved run by run, reported as events. */
export function explainMethods(ctx: BackendContext): Methods {
  const jobs = new Map<string, AbortController>();
  const dataset = (id: number): DatasetRecord => {
    const d = getDataset(ctx.db, id);
    if (!d) throw new WorkbenchError('not-found', `dataset ${id}: expected a dataset of this audit, found none`);
    return d;
  };
  const model = (id: number): ModelRecord => {
    const m = getModel(ctx.db, id);
    if (!m) throw new WorkbenchError('not-found', `model ${id}: expected a model of this audit, found none`);
    return m;
  };

  /** The inputs of an explanation job: an image dataset explains each chosen file as its own instance. */
  async function inputsFor(args: ApiArgs<'runExplanation'>, description: ModelDescription) {
    const data = dataset(args.datasetId);
    const train = args.trainDatasetId ? dataset(args.trainDatasetId) : null;
    const p = args.params ?? {};
    const common: CommonParams = {
      numSamples: p.numSamples,
      numFeatures: p.numFeatures,
      kernelWidth: p.kernelWidth ?? null,
      featureSelection: (p.featureSelection ?? 'auto') as CommonParams['featureSelection'],
      seed: p.seed ?? 0,
      runs: p.runs ?? 1,
      labels: p.labels ?? null,
      topLabels: p.topLabels ?? null,
    };
    const content = await readDataset(data.path);
    const everyKind = { method: p.method, autoKernelWidth: p.autoKernelWidth };
    const inputs: ExplainInput[] =
      content.kind === 'images'
        ? args.rows.map((row) => {
            if (row >= content.files!.length) throw invalidInput(`row ${row}`, `a row of ${data.path} from 0 to ${content.files!.length - 1}`, 'a row past the end');
            return { ...everyKind, rows: [0], data: content.files![row], segmentation: p.segmentation };
          })
        : [
            {
              ...everyKind,
              rows: args.rows,
              data: data.path,
              ...(content.kind === 'table'
                ? { train: train?.path, labelColumn: args.labelColumn ?? guessLabelColumn(content.columns, description), discretizer: p.discretizer as ExplainInput['discretizer'] }
                : { textMode: p.textMode }),
            },
          ];
    return { data, train, kind: content.kind, inputs, common };
  }

  async function explain(jobId: string, args: ApiArgs<'runExplanation'>, description: ModelDescription, record: ModelRecord, signal: AbortSignal): Promise<{ runIds: number[] }> {
    const { data, train, kind, inputs, common } = await inputsFor(args, description);
    const runIds: number[] = [];
    for (const [k, input] of inputs.entries()) {
      const prepared = await prepareExplanation(description, input, common);
      await ctx.pool.run(description, prepared.job, {
        signal,
        onProgress: (done, total) => ctx.emit({ type: 'job-progress', jobId, done: k * total + done, total: inputs.length * total }),
        onInstance: (result) => {
          const row = kind === 'images' ? args.rows[k] : result.row;
          runIds.push(save(prepared, result, record, data.id, train?.id ?? data.id, row));
          ctx.emit({ type: 'job-run-saved', jobId, runId: runIds.at(-1)!, row });
        },
      });
      await prepared.finish?.();
    }
    return { runIds };
  }

  /** SP-LIME: explains every candidate, saves only the picked ones, and logs the pick. */
  async function pick(jobId: string, args: ApiArgs<'pickInstances'>, description: ModelDescription, record: ModelRecord, signal: AbortSignal): Promise<{ runIds: number[]; pick: PickSummary }> {
    const { data, train, inputs, common } = await inputsFor(args, description);
    const prepared = await prepareExplanation(description, inputs[0], common);
    const results = await ctx.pool.run(description, prepared.job, { signal, onProgress: (done, total) => ctx.emit({ type: 'job-progress', jobId, done, total }) });
    const chosen = pickRepresentatives(results, args.budget, prepared.job);
    const total = chosen.importance.reduce((a, x) => a + x.importance, 0);
    const saved = chosen.picks.map((p) => {
      const runId = save(prepared, results[p.index], record, data.id, train?.id ?? data.id, p.row);
      ctx.emit({ type: 'job-run-saved', jobId, runId, row: p.row });
      return { row: p.row, runId, coverageGain: p.coverageGain };
    });
    logPick(ctx.db, ctx.actor, { modelId: record.id, datasetId: data.id, candidates: args.rows, budget: args.budget, picks: saved, coverage: chosen.coverage });
    const picks = saved.map(({ row, runId, coverageGain }) => ({ row, runId, coverageShare: total > 0 ? coverageGain / total : 0 }));
    const summary: PickSummary = { candidates: args.rows.length, budget: args.budget, coverage: chosen.coverage, picks, importance: chosen.importance.slice(0, 20).map(({ name, importance }) => ({ name, importance })) };
    return { runIds: picks.map((p) => p.runId), pick: summary };
  }

  function save(prepared: PreparedExplanation, result: InstanceExplanation, record: ModelRecord, datasetId: number, trainDatasetId: number, row: number): number {
    const saved = runFromDocument(prepared.documentFor(result), result, { modelId: record.id, datasetId, trainDatasetId });
    return saveRun(ctx.db, { ...saved, row }, ctx.actor);
  }

  /** Starts a job on a registered model whose file is unchanged; its end comes as an event. */
  async function startJob<A extends ApiArgs<'runExplanation'>>(args: A, work: (jobId: string, args: A, description: ModelDescription, record: ModelRecord, signal: AbortSignal) => Promise<{ runIds: number[]; pick?: PickSummary }>) {
    const record = model(args.modelId);
    const description = await describeModelFile(record.path);
    if (description.sha256 !== record.sha256) {
      throw invalidInput(record.path, `the model registered as ${record.family} ${record.versionLabel} (SHA-256 ${record.sha256.slice(0, 12)}…)`, `a file that has changed since (${description.sha256.slice(0, 12)}…); add it again as a new version`);
    }
    dataset(args.datasetId);
    const jobId = randomUUID();
    const controller = new AbortController();
    jobs.set(jobId, controller);
    work(jobId, args, { ...description, profile: record.profile }, record, controller.signal)
      .then((outcome) => ctx.emit({ type: 'job-done', jobId, ...outcome }))
      .catch((error: unknown) => {
        const e = error instanceof WorkbenchError ? error : new WorkbenchError('internal', (error as Error).message);
        ctx.emit({ type: 'job-failed', jobId, error: { code: e.code, message: e.message } });
      })
      .finally(() => jobs.delete(jobId));
    return { jobId };
  }

  return {
    runExplanation: (args) => startJob(args, explain),
    pickInstances: async (args) => {
      const { path } = dataset(args.datasetId);
      if (datasetKindOf(path) === 'images') throw invalidInput(path, 'a table or texts to pick among (SP-LIME picks tabular and text instances)', 'a folder of images');
      return startJob(args, pick);
    },
    async cancelJob({ jobId }) {
      const controller = jobs.get(jobId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    async getRun({ runId }) {
      return runDetail(ctx.db, runId);
    },
    async compareRuns({ runIds }) {
      const [a, b] = await Promise.all(runIds.map((id) => runDetail(ctx.db, id, false)));
      const first = a.runs[0].explanations[0];
      const other = b.runs[0].explanations.find((e) => e.label === first.label) ?? b.runs[0].explanations[0];
      return compareRuns(
        { id: a.id, instance: a.instance, prediction: a.prediction, explanation: first, classNames: a.model.classNames },
        { id: b.id, instance: b.instance, prediction: b.prediction, explanation: other, classNames: b.model.classNames },
      );
    },
  };
}

/** A tabular dataset's ground-truth column: the one column the model's metadata does not name as a feature. */
function guessLabelColumn(columns: string[], model: ModelDescription): string | null {
  const features = model.profile.tabular?.featureNames;
  if (features) {
    const others = columns.filter((c) => !features.includes(c));
    if (others.length === 1) return others[0];
  }
  const width = model.info.inputs.length === 1 ? model.info.inputs[0].shape?.[1] : model.info.inputs.length;
  const named = columns.filter((c) => /^(label|target|class|y|outcome)$/i.test(c));
  return typeof width === 'number' && columns.length === width + 1 && named.length === 1 ? named[0] : null;
}
