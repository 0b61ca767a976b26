import { appendLog, readLog } from './auditLog';
import type { Db } from './openAudit';

const PICKED = 'instances.picked';

/** An SP-LIME pick as the audit log keeps it: the candidates, the rows picked and the runs saved for them. */
export interface RecordedPick {
  modelId: number;
  datasetId: number | null;
  candidates: number[];
  budget: number;
  picks: { row: number; runId: number; coverageGain: number }[];
  coverage: number;
}

/** Records a pick in the audit log (its runs are saved, and logged, on their own). */
export function logPick(db: Db, actor: string, pick: RecordedPick): void {
  const { modelId, ...details } = pick;
  appendLog(db, actor, PICKED, `model:${modelId}`, { method: 'sp-lime', ...details });
}

/** Every pick the audit log holds, oldest first. */
export function readPicks(db: Db): (RecordedPick & { seq: number; at: string; actor: string })[] {
  return readLog(db)
    .filter((entry) => entry.action === PICKED)
    .map((entry) => ({
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      modelId: Number(entry.subject.replace(/^model:/, '')),
      ...(entry.details as Omit<RecordedPick, 'modelId'>),
    }));
}
