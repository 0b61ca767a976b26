import { randomUUID } from 'node:crypto';
import type { ApiArgs, WorkbenchApi } from '../../../shared/contract/api';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import type { DatasetRecord, ModelRecord } from '../../../shared/domain/audit';
import { compareRuns } from '../../../shared/engine/compareRuns';
import { prepareExplanation } from '../explain/prepareExplanation';
import type { CommonParams, ExplainInput } from '../explain/prepared';
import { describeModelFile, type ModelDescription } from '../onnx/loadModel';
import { listDatasets } from '../store/datasets';
import { getModel } from '../store/models';
import { runFromDocument } from '../store/runFromDocument';
import { saveRun } from '../store/runs';
import { runDetail } from './runDetail';
import type { BackendContext } from './createBackend';
import { readDataset } from './datasetFiles';

type Methods = Pick<WorkbenchApi, 'runExplanation' | 'cancelJob' | 'getRun' | 'compareRuns'>;

/** Explanations: jobs in the worker pool, saved run by run, reported as events. */
export function explainMethods(ctx: BackendContext): Methods {
  const jobs = new Map<string, AbortController>();
  const dataset = (id: number): DatasetRecord => {
    const d = listDatasets(ctx.db).find((x) => x.id === id);
    if (!d) throw new WorkbenchError('not-found', `dataset ${id}: expected a dataset of this audit, found none`);
    return d;
  };
  const model = (id: number): ModelRecord => {
    const m = getModel(ctx.db, id);
    if (!m) throw new WorkbenchError('not-found', `model ${id}: expected a model of this audit, found none`);
    return m;
  };

  async function run(jobId: string, args: ApiArgs<'runExplanation'>, description: ModelDescription, record: ModelRecord, signal: AbortSignal): Promise<number[]> {
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
    const any = { method: p.method, autoKernelWidth: p.autoKernelWidth };
    // An image dataset explains each chosen file as its own instance; other kinds explain rows of one file.
    const inputs: ExplainInput[] =
      content.kind === 'images'
        ? args.rows.map((row) => {
            if (row >= content.files!.length) throw invalidInput(`row ${row}`, `a row of ${data.path} from 0 to ${content.files!.length - 1}`, 'a row past the end');
            return { ...any, rows: [0], data: content.files![row], segmentation: p.segmentation };
          })
        : [
            {
              ...any,
              rows: args.rows,
              data: data.path,
              ...(content.kind === 'table'
                ? { train: train?.path, labelColumn: args.labelColumn ?? guessLabelColumn(content.columns, description), discretizer: p.discretizer as ExplainInput['discretizer'] }
                : { textMode: p.textMode }),
            },
          ];
    const runIds: number[] = [];
    for (const [k, input] of inputs.entries()) {
      const prepared = await prepareExplanation(description, input, common);
      await ctx.pool.run(description, prepared.job, {
        signal,
        onProgress: (done, total) => ctx.emit({ type: 'job-progress', jobId, done: k * total + done, total: inputs.length * total }),
        onInstance: (result) => {
          const row = content.kind === 'images' ? args.rows[k] : result.row;
          const saved = runFromDocument(prepared.documentFor(result), result, { modelId: record.id, datasetId: data.id, trainDatasetId: train?.id ?? data.id });
          const runId = saveRun(ctx.db, { ...saved, row }, ctx.actor);
          runIds.push(runId);
          ctx.emit({ type: 'job-run-saved', jobId, runId, row });
        },
      });
      await prepared.finish?.();
    }
    return runIds;
  }

  return {
    async runExplanation(args) {
      const record = model(args.modelId);
      const description = await describeModelFile(record.path);
      if (description.sha256 !== record.sha256) {
        throw invalidInput(record.path, `the model registered as ${record.family} ${record.versionLabel} (SHA-256 ${record.sha256.slice(0, 12)}…)`, `a file that has changed since (${description.sha256.slice(0, 12)}…); add it again as a new version`);
      }
      dataset(args.datasetId);
      const jobId = randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      run(jobId, args, { ...description, profile: record.profile }, record, controller.signal)
        .then((runIds) => ctx.emit({ type: 'job-done', jobId, runIds }))
        .catch((error: unknown) => {
          const e = error instanceof WorkbenchError ? error : new WorkbenchError('internal', (error as Error).message);
          ctx.emit({ type: 'job-failed', jobId, error: { code: e.code, message: e.message } });
        })
        .finally(() => jobs.delete(jobId));
      return { jobId };
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
