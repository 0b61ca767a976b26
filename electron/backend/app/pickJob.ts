import type { ApiArgs, PickSummary } from '../../../shared/contract/api';
import type { ModelRecord } from '../../../shared/domain/audit';
import { prepareExplanation } from '../explain/prepareExplanation';
import { pickRepresentatives } from '../explain/pickRepresentatives';
import type { ModelDescription } from '../onnx/loadModel';
import { logPick } from '../store/picks';
import type { BackendContext } from './backendContext';
import { inputsFor, saveExplained } from './explainRows';

/** SP-LIME as a job: explains every candidate, saves only the picked ones, and logs the pick. */
export async function pickJob(
  ctx: BackendContext,
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
