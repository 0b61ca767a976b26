import { validateExplainRequest } from '../../../shared/contract/limits';
import { guaranteeOf, type ApiArgs, type WorkbenchApi } from '../../../shared/contract/api';
import { invalidInput } from '../../../shared/contract/errors';
import type { ModelRecord } from '../../../shared/domain/audit';
import type { ModelDescription } from '../onnx/loadModel';
import type { BackendContext } from './backendContext';
import { compareSavedRuns } from './compareSaved';
import { datasetKindOf } from './datasetFiles';
import {
  datasetOf,
  describeRegistered,
  explainRows,
  modelOf,
  rehearseRows,
  startJob,
  type JobOutcome,
} from './explainRows';
import { pickJob } from './pickJob';
import { runDetail } from './runDetail';

type Methods = Pick<
  WorkbenchApi,
  'prepareModel' | 'runExplanation' | 'pickInstances' | 'cancelJob' | 'getRun' | 'compareRuns'
>;

/** Explanations: jobs in the worker pool, saved run by run, reported as events. */
export function explainMethods(ctx: BackendContext): Methods {
  return {
    /**
     * The reviewer chose a model to explain: an idle worker opens its session (and runs it once, see
     * preTouch) now, while the rest of the form is filled in, instead of when Explain is pressed; with the
     * data chosen too, it rehearses an explanation of it (rehearseRows).
     */
    async prepareModel({ modelId, datasetId, trainDatasetId }) {
      const description = await describeRegistered(modelOf(ctx, modelId), ctx.paths);
      const preparing = ctx.pool.open(description);
      const rehearsing =
        preparing &&
        datasetId !== undefined &&
        (await rehearseRows(ctx, { modelId, datasetId, trainDatasetId }, description));
      return { preparing, rehearsing };
    },
    runExplanation: (args) =>
      startJobOn(ctx, args, async (jobId, a, description, record, signal) => ({
        runIds: await explainRows(
          ctx,
          a,
          description,
          record,
          signal,
          (runId, row) => ctx.emit({ type: 'job-run-saved', jobId, runId, row }),
          (done, total) => ctx.emit({ type: 'job-progress', jobId, done, total }),
        ),
      })),
    pickInstances: async (args) => {
      const { path } = datasetOf(ctx, args.datasetId);
      if (datasetKindOf(path) === 'images')
        throw invalidInput(
          path,
          'a table or texts to pick among (SP-LIME picks tabular and text instances)',
          'a folder of images',
        );
      return startJobOn(ctx, args, (...job) => pickJob(ctx, ...job));
    },
    async cancelJob({ jobId }) {
      const controller = ctx.jobs.get(jobId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    async getRun({ runId }) {
      return runDetail(ctx.db, runId);
    },
    compareRuns: ({ runIds }) => compareSavedRuns(ctx, runIds),
  };
}

/** Starts a job on a registered model whose file is unchanged; its end comes as an event. */
async function startJobOn<A extends ApiArgs<'runExplanation'>>(
  ctx: BackendContext,
  args: A,
  work: (
    jobId: string,
    args: A,
    description: ModelDescription,
    record: ModelRecord,
    signal: AbortSignal,
  ) => Promise<JobOutcome>,
) {
  const record = modelOf(ctx, args.modelId);
  const description = await describeRegistered(record, ctx.paths);
  datasetOf(ctx, args.datasetId);
  // Refused here, before a job exists, with the command line's words.
  const params = args.params ?? {};
  validateExplainRequest(
    { ...params, guarantee: guaranteeOf(params) },
    {
      task: description.profile.task,
      classNames: description.profile.classNames,
      path: description.path,
    },
  );
  return { jobId: startJob(ctx, (jobId, signal) => work(jobId, args, description, record, signal)) };
}
