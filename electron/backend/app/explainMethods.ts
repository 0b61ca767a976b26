import { validateExplainRequest } from '../../../shared/contract/limits';
import type { ApiArgs, PickSummary, RunDetail, WorkbenchApi } from '../../../shared/contract/api';
import { invalidInput } from '../../../shared/contract/errors';
import type { ModelRecord } from '../../../shared/domain/audit';
import { compareRuns, explanationsToCompare } from '../../../shared/engine/compareRuns';
import { prepareExplanation } from '../explain/prepareExplanation';
import { pickRepresentatives } from '../explain/pickRepresentatives';
import type { ModelDescription } from '../onnx/loadModel';
import { logPick } from '../store/picks';
import { runDetail } from './runDetail';
import type { BackendContext } from './backendContext';
import { datasetKindOf } from './datasetFiles';
import {
  datasetOf,
  describeRegistered,
  explainRows,
  inputsFor,
  modelOf,
  saveExplained,
  startJob,
  type JobOutcome,
} from './explainRows';

type Methods = Pick<WorkbenchApi, 'runExplanation' | 'pickInstances' | 'cancelJob' | 'getRun' | 'compareRuns'>;

/** Explanations: jobs in the worker pool, saved run by run, reported as events. */
export function explainMethods(ctx: BackendContext): Methods {
  /** SP-LIME: explains every candidate, saves only the picked ones, and logs the pick. */
  async function pick(
    jobId: string,
    args: ApiArgs<'pickInstances'>,
    description: ModelDescription,
    record: ModelRecord,
    signal: AbortSignal,
  ): Promise<{ runIds: number[]; pick: PickSummary }> {
    const { data, train, inputs, common } = await inputsFor(ctx, args, description);
    const prepared = await prepareExplanation(description, inputs[0], common);
    const results = await ctx.pool.run(description, prepared.job, {
      signal,
      onProgress: (done, total) => ctx.emit({ type: 'job-progress', jobId, done, total }),
    });
    const chosen = pickRepresentatives(results, args.budget, prepared.job);
    const total = chosen.importance.reduce((a, x) => a + x.importance, 0);
    const saved = chosen.picks.map((p) => {
      const runId = saveExplained(ctx, prepared, results[p.index], record, data.id, train?.id ?? data.id, p.row);
      ctx.emit({ type: 'job-run-saved', jobId, runId, row: p.row });
      return { row: p.row, runId, coverageGain: p.coverageGain };
    });
    logPick(ctx.db, ctx.actor, {
      modelId: record.id,
      datasetId: data.id,
      candidates: args.rows,
      budget: args.budget,
      picks: saved,
      coverage: chosen.coverage,
    });
    const picks = saved.map(({ row, runId, coverageGain }) => ({
      row,
      runId,
      coverageShare: total > 0 ? coverageGain / total : 0,
    }));
    const summary: PickSummary = {
      candidates: args.rows.length,
      budget: args.budget,
      coverage: chosen.coverage,
      picks,
      importance: chosen.importance.slice(0, 20).map(({ name, importance }) => ({ name, importance })),
    };
    return { runIds: picks.map((p) => p.runId), pick: summary };
  }

  /** Starts a job on a registered model whose file is unchanged; its end comes as an event. */
  async function start<A extends ApiArgs<'runExplanation'>>(
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
    validateExplainRequest(args.params ?? {}, {
      task: description.profile.task,
      classNames: description.profile.classNames,
      path: description.path,
    });
    return { jobId: startJob(ctx, (jobId, signal) => work(jobId, args, description, record, signal)) };
  }

  return {
    runExplanation: (args) =>
      start(args, async (jobId, a, description, record, signal) => ({
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
      return start(args, pick);
    },
    async cancelJob({ jobId }) {
      const controller = ctx.jobs.get(jobId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    async getRun({ runId }) {
      return runDetail(ctx.db, runId);
    },
    async compareRuns({ runIds }) {
      const [a, b] = await Promise.all(runIds.map((id) => runDetail(ctx.db, id, false)));
      checkSameFeatureSpace(a, b);
      const [first, other] = explanationsToCompare(
        { prediction: a.prediction, explanations: a.runs[0].explanations },
        { explanations: b.runs[0].explanations },
      );
      return compareRuns(
        {
          id: a.id,
          instance: a.instance,
          prediction: a.prediction,
          explanation: first,
          classNames: a.model.classNames,
        },
        {
          id: b.id,
          instance: b.instance,
          prediction: b.prediction,
          explanation: other,
          classNames: b.model.classNames,
        },
      );
    },
  };
}

/**
 * Two runs whose features can be matched: the same modality, and the same columns (tables), the same text
 * or the same image; otherwise a weight of one would be shown under a feature of the other.
 */
function checkSameFeatureSpace(a: RunDetail, b: RunDetail): void {
  const what = (r: RunDetail) => `run ${r.id} (${r.model.family} ${r.model.versionLabel}, ${r.modality})`;
  const refuse = (expected: string, found: string) => invalidInput(`runs ${a.id} and ${b.id}`, expected, found);
  if (a.modality !== b.modality)
    throw refuse('two runs of one feature space (the same kind of input)', `${what(a)} against ${what(b)}`);
  if (a.modality === 'tabular') {
    const [ca, cb] = [Object.keys(a.instance), Object.keys(b.instance)];
    if (ca.join('\u0000') !== cb.join('\u0000'))
      throw refuse(
        'two runs over the same columns',
        `${ca.length} columns against ${cb.length}, ${
          ca
            .filter((c) => !cb.includes(c))
            .slice(0, 3)
            .join(', ') || 'in another order'
        }`,
      );
  } else if (
    a.modality === 'text'
      ? a.instance.text !== b.instance.text
      : a.instance.path !== b.instance.path || a.instance.segmentation !== b.instance.segmentation
  ) {
    throw refuse(
      `two runs of the same ${a.modality === 'text' ? 'text' : 'image, segmented alike'} (its words or segments are its features)`,
      `${what(a)} and ${what(b)} of different ${a.modality === 'text' ? 'texts' : 'images or segmentations'}`,
    );
  }
}
