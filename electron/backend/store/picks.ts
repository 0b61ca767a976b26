import { appendLog } from './auditLog';
import type { Db } from './openAudit';

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
  appendLog(db, actor, 'instances.picked', `model:${modelId}`, { method: 'sp-lime', ...details });
}

/** Every pick the audit log holds, oldest first. */
export function readPicks(db: Db): (RecordedPick & { at: string; actor: string })[] {
  return (db.prepare("SELECT at, actor, subject, details_json FROM audit_log WHERE action = 'instances.picked' ORDER BY seq").all() as { at: string; actor: string; subject: string; details_json: string }[]).map(
    (r) => ({ at: r.at, actor: r.actor, modelId: Number(r.subject.replace(/^model:/, '')), ...(JSON.parse(r.details_json) as Omit<RecordedPick, 'modelId'>) }),
  );
}
