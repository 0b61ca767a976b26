import { randomUUID } from 'node:crypto';
import { guaranteeOf, type ApiArgs, type PickSummary } from '../../../shared/contract/api';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { validateExplainRequest } from '../../../shared/contract/limits';
import type { DatasetRecord, ModelRecord } from '../../../shared/domain/audit';
import { instanceSeed } from '../../../shared/domain/params';
import { prepareExplanation } from '../explain/prepareExplanation';
import { withoutRows, type CommonParams, type ExplainInput, type PreparedExplanation } from '../explain/prepared';
import type { InstanceExplanation } from '../jobs/runInstances';
import { describeModelFile, type ModelDescription } from '../onnx/loadModel';
import { getDataset } from '../store/datasets';
import { getModel } from '../store/models';
import { runFromDocument } from '../store/runFromDocument';
import { explainedRowsLike, saveRun } from '../store/runs';
import type { BackendContext } from './backendContext';
import { UNCONFINED, type PathPolicy } from './pathPolicy';
import { readDataset } from './datasetFiles';

/** What explaining rows of a dataset takes (runExplanation's arguments). */
export type ExplainRowsArgs = ApiArgs<'runExplanation'>;

export function datasetOf(ctx: Pick<BackendContext, 'db'>, id: number): DatasetRecord {
  const d = getDataset(ctx.db, id);
  if (!d) throw new WorkbenchError('not-found', `dataset ${id}: expected a dataset of this audit, found none`);
  return d;
}

export function modelOf(ctx: Pick<BackendContext, 'db'>, id: number): ModelRecord {
  const m = getModel(ctx.db, id);
  if (!m) throw new WorkbenchError('not-found', `model ${id}: expected a model of this audit, found none`);
  return m;
}

/** A registered model's file, checked unchanged, described with its registered profile. */
export async function describeRegistered(
  record: ModelRecord,
  paths: PathPolicy = UNCONFINED,
): Promise<ModelDescription> {
  const description = await describeModelFile(paths.check(record.path));
  if (description.sha256 !== record.sha256) {
    throw invalidInput(
      record.path,
      `the model registered as ${record.family} ${record.versionLabel} (SHA-256 ${record.sha256.slice(0, 12)}…)`,
      `a file that has changed since (${description.sha256.slice(0, 12)}…); add it again as a new version`,
    );
  }
  return { ...description, profile: record.profile };
}

/** The inputs of an explanation job: an image dataset explains each chosen file as its own instance. */
export async function inputsFor(ctx: BackendContext, args: ExplainRowsArgs, description: ModelDescription) {
  const data = datasetOf(ctx, args.datasetId);
  const train = args.trainDatasetId ? datasetOf(ctx, args.trainDatasetId) : null;
  const p = args.params ?? {};
  // Before any file is read or job started: the same answer the command line gives.
  validateExplainRequest(
    { ...p, guarantee: guaranteeOf(p) },
    {
      task: description.profile.task,
      classNames: description.profile.classNames,
      path: description.path,
    },
  );
  const common: CommonParams = {
    numSamples: p.numSamples === 'auto' ? undefined : p.numSamples,
    guarantee: guaranteeOf(p),
    numFeatures: p.numFeatures,
    kernelWidth: p.kernelWidth ?? null,
    featureSelection: (p.featureSelection ?? 'auto') as CommonParams['featureSelection'],
    seed: p.seed ?? 0,
    runs: p.runs ?? 1,
    ...(p.rowSeeds ? { rowSeeds: true } : {}),
    labels: p.labels ?? null,
    topLabels: p.topLabels ?? null,
  };
  // Confined sessions (browser mode) read only files under the folders they were given.
  ctx.paths.check(data.path);
  if (train) ctx.paths.check(train.path);
  const content = await readDataset(data.path);
  const everyKind = { method: p.method, autoKernelWidth: p.autoKernelWidth };
  const inputs: ExplainInput[] =
    content.kind === 'images'
      ? args.rows.map((row) => {
          if (row >= content.files!.length)
            throw invalidInput(
              `row ${row}`,
              `a row of ${data.path} from 0 to ${content.files!.length - 1}`,
              'a row past the end',
            );
          return {
            ...everyKind,
            rows: [0],
            data: content.files![row],
            segmentation: p.segmentation,
            ...(p.rowSeeds ? { seed: instanceSeed(common, row) } : {}),
          };
        })
      : [
          {
            ...everyKind,
            rows: args.rows,
            data: data.path,
            ...(content.kind === 'table'
              ? {
                  train: train?.path,
                  labelColumn: args.labelColumn ?? guessLabelColumn(content.columns, description),
                  discretizer: p.discretizer as ExplainInput['discretizer'],
                }
              : { textMode: p.textMode }),
          },
        ];
  return { data, train, kind: content.kind, inputs, common };
}

/**
 * Explains rows in the worker pool and saves each as a run as it comes.
 * @param onSaved told of each saved run and its row
 * @param onProgress told of the instances done of the total
 */
export async function explainRows(
  ctx: BackendContext,
  args: ExplainRowsArgs,
  description: ModelDescription,
  record: ModelRecord,
  signal: AbortSignal,
  onSaved: (runId: number, row: number) => void,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number[]> {
  const { data, train, kind, inputs, common } = await inputsFor(ctx, args, description);
  const runIds: number[] = [];
  const sha256 = { model: record.sha256, data: data.sha256, train: (train ?? data).sha256 };
  for (const [k, input] of inputs.entries()) {
    // An image is explained alone, as row 0: with rowSeeds its input carries its own row's seed.
    const prepared = await prepareExplanation(
      description,
      input,
      input.seed === undefined ? common : { ...common, seed: input.seed, rowSeeds: false },
    );
    // Resuming: the rows this audit already explained alike are skipped (an image is its dataset's row).
    const done = args.resume ? explainedRowsLike(ctx.db, sha256, prepared.documentParams) : new Set<number>();
    if (kind === 'images' && done.has(args.rows[k])) continue;
    const job = kind === 'images' ? prepared.job : withoutRows(prepared.job, done);
    await ctx.pool.run(description, job, {
      signal,
      onProgress: (done, total) => onProgress(k * total + done, inputs.length * total),
      onInstance: (result) => {
        const row = kind === 'images' ? args.rows[k] : result.row;
        runIds.push(saveExplained(ctx, prepared, result, record, data.id, train?.id ?? data.id, row));
        onSaved(runIds.at(-1)!, row);
      },
    });
    await prepared.finish?.();
  }
  return runIds;
}

/**
 * Has the worker opening the model rehearse the default explanation of the data's first row, one run, and
 * keep nothing of it (WorkerPool.rehearse): for tables and texts, whose explanations take milliseconds; an
 * image's is not spent unasked. False where it cannot: images, no idle worker, or data the explanation would
 * refuse, which the real explanation then says.
 */
export async function rehearseRows(
  ctx: BackendContext,
  args: Pick<ExplainRowsArgs, 'modelId' | 'datasetId' | 'trainDatasetId'>,
  description: ModelDescription,
): Promise<boolean> {
  try {
    const { kind, inputs, common } = await inputsFor(ctx, { ...args, rows: [0], params: { runs: 1 } }, description);
    if (kind === 'images') return false;
    return ctx.pool.rehearse(description, (await prepareExplanation(description, inputs[0], common)).job) !== null;
  } catch {
    return false;
  }
}

/** Saves one explained instance as a run of the audit. */
export function saveExplained(
  ctx: BackendContext,
  prepared: PreparedExplanation,
  result: InstanceExplanation,
  record: ModelRecord,
  datasetId: number,
  trainDatasetId: number,
  row: number,
): number {
  const saved = runFromDocument(prepared.documentFor(result), result, {
    modelId: record.id,
    datasetId,
    trainDatasetId,
  });
  return saveRun(ctx.db, { ...saved, row }, ctx.actor);
}

/** What a job ends with, as its job-done event carries it. */
export type JobOutcome = { runIds: number[]; pick?: PickSummary };

/**
 * Starts a job in the background: its end comes as a job-done or job-failed event, and cancelJob stops it.
 * @returns the job's id, at once
 */
export function startJob(
  ctx: BackendContext,
  work: (jobId: string, signal: AbortSignal) => Promise<JobOutcome>,
): string {
  const jobId = randomUUID();
  const controller = new AbortController();
  ctx.jobs.set(jobId, controller);
  work(jobId, controller.signal)
    .then((outcome) => ctx.emit({ type: 'job-done', jobId, ...outcome }))
    .catch((error: unknown) => {
      const e = error instanceof WorkbenchError ? error : new WorkbenchError('internal', (error as Error).message);
      ctx.emit({ type: 'job-failed', jobId, error: { code: e.code, message: e.message } });
    })
    .finally(() => ctx.jobs.delete(jobId));
  return jobId;
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
