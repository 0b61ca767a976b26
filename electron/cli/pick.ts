import { pickRepresentatives } from '../backend/explain/pickRepresentatives';
import type { PreparedExplanation } from '../backend/explain/prepared';
import type { InstanceExplanation } from '../backend/jobs/runInstances';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { choiceFlag, intFlag, parseFlags, rowsFlag, usage } from './args';
import { StoreSession } from './storeSession';
import { FLAGS, startAndPrepare, workersFor } from './explain';
import type { CommandIo } from './io';
import { countProgress, progressOptions } from './progress';

export const PICK_HELP = `Usage: lime-workbench pick MODEL.onnx --data FILE --rows A-B --budget K [explain flags]

SP-LIME: explains every row of A-B, then picks the K rows whose explanations together cover the most
important features (importance √Σ|weight| over all rows), a representative set to review first. Takes
the flags of explain (e.g. --train, --label-column, --num-samples, --seed); --format json|text.
--store FILE saves the picked rows' explanations into that audit file (created if missing) and records
the pick in its audit log; the other candidates are not saved.
`;

export async function pickCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('pick', argv, { ...FLAGS, budget: { type: 'string' } });
  if (f.help) return (io.out(PICK_HELP), 0);
  if (positionals.length !== 1)
    throw usage(`pick: expected one model file, found ${positionals.length ? positionals.join(' ') : 'none'}`);
  if (f.rows === undefined) throw usage('pick: expected --rows A-B, the candidates, found none');
  const budget = intFlag('--budget', f.budget, 5, 1, 1000);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const rows = rowsFlag(undefined, f.rows);
  const workers = workersFor(f, rows.length);
  const { pool, threads, spinning, split } = workers;
  const progress = countProgress(progressOptions(f), io, 'runs');
  let results: InstanceExplanation[];
  let prepared: PreparedExplanation;
  let model: ModelDescription;
  try {
    ({ model, prepared } = await startAndPrepare(f, positionals[0], rows, workers));
    results = await pool.runBatch(
      model,
      prepared.job,
      { threads, spinning, onProgress: (done, total) => progress(done, total) },
      split,
    );
  } finally {
    progress.end();
    await pool.close();
  }
  const pick = pickRepresentatives(results, budget, prepared.job);
  let runIds: number[] | null = null;
  if (f.store !== undefined) {
    const session = await StoreSession.open(f.store, model, prepared.datasets);
    try {
      const ids = pick.picks.map((p) => session.save(prepared.documentFor(results[p.index]), results[p.index]));
      session.logPick({
        candidates: rows,
        budget,
        picks: pick.picks.map((p, i) => ({ row: p.row, runId: ids[i], coverageGain: p.coverageGain })),
        coverage: pick.coverage,
      });
      runIds = ids;
    } finally {
      session.close(io);
    }
  }
  const picked = pick.picks.map((p, i) => ({
    row: p.row,
    coverageGain: p.coverageGain,
    ...(runIds ? { runId: runIds[i] } : {}),
  }));
  if (format === 'json') {
    io.out(
      JSON.stringify({
        schema: 'lime-workbench/pick@1',
        model: { path: model.path, sha256: model.sha256 },
        candidates: rows.length,
        budget,
        picks: picked,
        coverage: pick.coverage,
        importance: pick.importance,
      }),
    );
  } else {
    io.out(
      [
        `Picked ${picked.length} of ${rows.length} rows, covering ${(pick.coverage * 100).toFixed(0)} % of the features' importance:`,
        ...picked.map(
          (p) =>
            `  row ${String(p.row).padStart(5)}  adds ${p.coverageGain.toFixed(3)}${'runId' in p ? `  saved as run ${p.runId} in ${f.store}` : ''}`,
        ),
        'Most important features over all candidates:',
        ...pick.importance.slice(0, 10).map((x) => `  ${x.importance.toFixed(3)}  ${x.name}`),
      ].join('\n'),
    );
  }
  return 0;
}
