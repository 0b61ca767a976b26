import { WorkbenchError } from '../../../shared/contract/errors';
import type { Annotation, Verdict } from '../../../shared/domain/audit';
import { appendLog } from './auditLog';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

interface DbAnnotationRow {
  id: number;
  run_id: number;
  version: number;
  verdict: Verdict;
  rationale: string;
  tags_json: string;
  reviewer: string;
  created_at: string;
}

/** Records a verdict on a run as its next version; earlier versions stay as they were. */
export function annotate(db: Db, input: { runId: number; verdict: Verdict; rationale: string; tags?: string[]; reviewer: string }): Annotation {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM explanation_runs WHERE id = ?').get(input.runId)) {
      throw new WorkbenchError('not-found', `run ${input.runId}: expected a saved run of this audit, found none`);
    }
    const { next } = db.prepare('SELECT coalesce(max(version), 0) + 1 AS next FROM annotations WHERE run_id = ?').get(input.runId) as { next: number };
    const id = Number(
      db
        .prepare('INSERT INTO annotations (run_id, version, verdict, rationale, tags_json, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.runId, next, input.verdict, input.rationale, JSON.stringify(input.tags ?? []), input.reviewer, new Date().toISOString()).lastInsertRowid,
    );
    appendLog(db, input.reviewer, 'run.annotated', `run:${input.runId}`, { table: 'annotations', id, digest: rowDigest(db, 'annotations', id), verdict: input.verdict, version: next });
    return toAnnotation(db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as DbAnnotationRow);
  }).immediate();
}

/** Every version of a run's annotation, oldest first. */
export function annotationHistory(db: Db, runId: number): Annotation[] {
  return (db.prepare('SELECT * FROM annotations WHERE run_id = ? ORDER BY version').all(runId) as DbAnnotationRow[]).map(toAnnotation);
}

function toAnnotation(r: DbAnnotationRow): Annotation {
  return { id: r.id, runId: r.run_id, version: r.version, verdict: r.verdict, rationale: r.rationale, tags: JSON.parse(r.tags_json), reviewer: r.reviewer, createdAt: r.created_at };
}
