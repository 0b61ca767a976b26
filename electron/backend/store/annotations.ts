import { WorkbenchError } from '../../../shared/contract/errors';
import type { Annotation, Verdict } from '../../../shared/domain/audit';
import { appendLog, signerOf } from './auditLog';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

/** What a verdict is recorded on: a saved run, or a comparison study. Table names come from here only. */
const SUBJECTS = {
  run: {
    table: 'annotations',
    key: 'run_id',
    parent: 'explanation_runs',
    noun: 'a saved run',
    action: 'run.annotated',
  },
  study: {
    table: 'study_annotations',
    key: 'study_id',
    parent: 'comparison_studies',
    noun: 'a comparison study',
    action: 'study.annotated',
  },
} as const;
export type AnnotationSubject = keyof typeof SUBJECTS;

interface DbAnnotationRow {
  id: number;
  run_id?: number;
  study_id?: number;
  version: number;
  verdict: Verdict;
  rationale: string;
  tags_json: string;
  reviewer: string;
  created_at: string;
  signed_by: string | null;
}

export interface AnnotationInput {
  verdict: Verdict;
  rationale: string;
  tags?: string[];
  reviewer: string;
}

/** Records a verdict on a run as its next version; earlier versions stay as they were. */
export function annotate(db: Db, input: AnnotationInput & { runId: number }): Annotation {
  return annotateSubject(db, 'run', input.runId, input);
}

/**
 * Records a verdict on a run or a study as its next version, logged with the row's digest; earlier
 * versions stay as they were. `runId` of the result is the subject's id.
 */
export function annotateSubject(
  db: Db,
  subject: AnnotationSubject,
  subjectId: number,
  input: AnnotationInput,
): Annotation {
  const s = SUBJECTS[subject];
  checkSigning(db, input);
  return db
    .transaction(() => {
      const id = insertAnnotation(db, subject, subjectId, input);
      return toAnnotation(
        db
          .prepare(`SELECT *, ${signedBy(s.table)} FROM ${s.table} a WHERE id = ?`)
          .get(`${subject}:${subjectId}`, id) as DbAnnotationRow,
      );
    })
    .immediate();
}

/** A verdict is signed by the key this session signs with, and must be where the audit requires it. */
function checkSigning(db: Db, input: AnnotationInput): void {
  const signer = signerOf(db);
  if (signer && signer.reviewer !== input.reviewer) {
    throw new WorkbenchError(
      'invalid-argument',
      `reviewer: expected ${signer.reviewer}, whose key signs this session's entries, found ${input.reviewer}`,
    );
  }
  if (
    !signer &&
    (db.prepare('SELECT require_signatures AS r FROM audit WHERE id = 1').get() as { r: number } | undefined)?.r === 1
  ) {
    throw new WorkbenchError(
      'invalid-argument',
      `this audit requires every verdict to be signed: expected a reviewer's key (lime-workbench keys create; annotate --key NAME, or Sign with in the app), found none`,
    );
  }
}

/** The annotation's next version and its log entry (call inside a transaction); returns the row's id. */
function insertAnnotation(db: Db, subject: AnnotationSubject, subjectId: number, input: AnnotationInput): number {
  const s = SUBJECTS[subject];
  if (!db.prepare(`SELECT 1 FROM ${s.parent} WHERE id = ?`).get(subjectId)) {
    throw new WorkbenchError('not-found', `${subject} ${subjectId}: expected ${s.noun} of this audit, found none`);
  }
  const { next } = db
    .prepare(`SELECT coalesce(max(version), 0) + 1 AS next FROM ${s.table} WHERE ${s.key} = ?`)
    .get(subjectId) as { next: number };
  const id = Number(
    db
      .prepare(
        `INSERT INTO ${s.table} (${s.key}, version, verdict, rationale, tags_json, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        subjectId,
        next,
        input.verdict,
        input.rationale,
        JSON.stringify(input.tags ?? []),
        input.reviewer,
        new Date().toISOString(),
      ).lastInsertRowid,
  );
  appendLog(db, input.reviewer, s.action, `${subject}:${subjectId}`, {
    table: s.table,
    id,
    digest: rowDigest(db, s.table, id),
    verdict: input.verdict,
    version: next,
  });
  return id;
}

/** Every version of a run's (or a study's) annotation, oldest first. */
export function annotationHistory(db: Db, subjectId: number, subject: AnnotationSubject = 'run'): Annotation[] {
  const s = SUBJECTS[subject];
  return (
    db
      .prepare(`SELECT *, ${signedBy(s.table)} FROM ${s.table} a WHERE ${s.key} = ? ORDER BY version`)
      .all(`${subject}:${subjectId}`, subjectId) as DbAnnotationRow[]
  ).map(toAnnotation);
}

/**
 * The fingerprint of the key that signed an annotation's log entry — here, or in the source audit it was
 * merged from (a column expression; binds the subject).
 */
function signedBy(table: string): string {
  return `coalesce(
    (SELECT g.fingerprint FROM audit_log l JOIN log_signatures g ON g.seq = l.seq WHERE l.subject = ? AND json_extract(l.details_json, '$.table') = '${table}' AND json_extract(l.details_json, '$.id') = a.id),
    (SELECT ml.fingerprint FROM merged_rows mr JOIN merged_log ml ON ml.source_id = mr.source_id AND ml.seq = mr.source_seq WHERE mr.table_name = '${table}' AND mr.row_id = a.id)
  ) AS signed_by`;
}

function toAnnotation(r: DbAnnotationRow): Annotation {
  return {
    id: r.id,
    runId: (r.run_id ?? r.study_id)!,
    version: r.version,
    verdict: r.verdict,
    rationale: r.rationale,
    tags: JSON.parse(r.tags_json) as string[],
    reviewer: r.reviewer,
    createdAt: r.created_at,
    signedBy: r.signed_by,
  };
}

/**
 * One verdict on many runs at once: each run gets its own annotation (its next version) and its own entry in
 * the audit log (signed, where a key signs this session), all in one transaction — every run or none.
 * @returns how many runs were annotated
 */
export function annotateRuns(db: Db, runIds: readonly number[], input: AnnotationInput): number {
  if (runIds.length === 0) throw new WorkbenchError('invalid-argument', 'runs: expected at least one run, found none');
  checkSigning(db, input);
  db.transaction(() => {
    for (const runId of runIds) insertAnnotation(db, 'run', runId, input);
  }).immediate();
  return runIds.length;
}
