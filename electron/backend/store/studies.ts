import type { ExplanationRun } from '../../../shared/domain/explanation';
import type { Modality } from '../../../shared/domain/model';
import type { StudyListItem, StudyRecord, StudySelection } from '../../../shared/domain/study';
import { explanationsToCompare } from '../../../shared/engine/compareRuns';
import { studyRowOf, type StudyRow } from '../../../shared/engine/versionStudy';
import { annotationHistory } from './annotations';
import { appendLog } from './auditLog';
import { canonicalJson } from './canonical';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

interface DbStudyRow {
  id: number;
  title: string;
  model_a_id: number;
  model_b_id: number;
  dataset_id: number;
  train_dataset_id: number | null;
  selection_json: string;
  rows_json: string;
  explain_key: string;
  created_at: string;
  done: number;
}

export type StudyToSave = Omit<StudyRecord, 'id' | 'createdAt' | 'done'>;

/** The key every run of a study is explained with: its dataset, training data, label column and parameters. */
export function explainKey(study: Pick<StudyToSave, 'datasetId' | 'trainDatasetId' | 'explain'>): string {
  return canonicalJson({
    datasetId: study.datasetId,
    trainDatasetId: study.trainDatasetId,
    labelColumn: study.explain.labelColumn,
    params: study.explain.params,
  });
}

/** Saves a new study (no rows yet) and logs it; returns its id. */
export function createStudy(db: Db, study: StudyToSave, actor: string): number {
  return db
    .transaction(() => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO comparison_studies (title, model_a_id, model_b_id, dataset_id, train_dataset_id, selection_json, rows_json, explain_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            study.title,
            study.modelAId,
            study.modelBId,
            study.datasetId,
            study.trainDatasetId,
            JSON.stringify(study.selection),
            JSON.stringify(study.rows),
            explainKey(study),
            new Date().toISOString(),
          ).lastInsertRowid,
      );
      appendLog(db, actor, 'study.created', `study:${id}`, {
        table: 'comparison_studies',
        id,
        digest: rowDigest(db, 'comparison_studies', id),
        models: [study.modelAId, study.modelBId],
        rows: study.rows.length,
      });
      return id;
    })
    .immediate();
}

/** Records a finished row of a study: its run under each model, and what its summary reads of them. */
export function addStudyRow(db: Db, studyId: number, compared: StudyRow, actor: string): void {
  const { row, a, b } = compared;
  db.transaction(() => {
    const id = Number(
      db
        .prepare(
          'INSERT INTO study_rows (study_id, row_index, run_a_id, run_b_id, compared_json) VALUES (?, ?, ?, ?, ?)',
        )
        .run(studyId, row, a.runId, b.runId, JSON.stringify({ a, b })).lastInsertRowid,
    );
    appendLog(db, actor, 'study.row', `study:${studyId}`, {
      table: 'study_rows',
      id,
      digest: rowDigest(db, 'study_rows', id),
      row,
      runs: [a.runId, b.runId],
    });
  }).immediate();
}

/** A study row from two saved runs of one row: both explanations of the label compared, gathered by input. */
export function comparedRow(db: Db, row: number, runA: number, runB: number): StudyRow {
  const read = (id: number) => {
    const r = db
      .prepare('SELECT modality, instance_json, prediction_json, runs_json FROM explanation_runs WHERE id = ?')
      .get(id) as { modality: Modality; instance_json: string; prediction_json: string; runs_json: string };
    return {
      runId: id,
      modality: r.modality,
      columns: r.modality === 'tabular' ? Object.keys(JSON.parse(r.instance_json) as object) : [],
      prediction: JSON.parse(r.prediction_json) as number[],
      explanations: (JSON.parse(r.runs_json) as ExplanationRun[])[0].explanations,
    };
  };
  const [a, b] = [read(runA), read(runB)];
  const [ea, eb] = explanationsToCompare(a, b);
  return studyRowOf(row, a.modality, a.columns, { ...a, explanation: ea }, { ...b, explanation: eb });
}

const SELECT_STUDY = `SELECT s.*, (SELECT count(*) FROM study_rows r WHERE r.study_id = s.id) AS done FROM comparison_studies s`;

export function getStudyRecord(db: Db, id: number): StudyRecord | null {
  const row = db.prepare(`${SELECT_STUDY} WHERE s.id = ?`).get(id) as DbStudyRow | undefined;
  return row ? toStudy(row) : null;
}

/** Every study (or the one with `id`), newest first, with the models' names and its latest verdict. */
export function listStudies(db: Db, id: number | null = null): StudyListItem[] {
  const names = new Map(
    (
      db.prepare('SELECT id, family, version_label FROM models').all() as {
        id: number;
        family: string;
        version_label: string;
      }[]
    ).map((m) => [m.id, `${m.family} ${m.version_label}`]),
  );
  const rows = (
    id === null
      ? db.prepare(`${SELECT_STUDY} ORDER BY s.id DESC`).all()
      : db.prepare(`${SELECT_STUDY} WHERE s.id = ?`).all(id)
  ) as DbStudyRow[];
  return rows.map((row) => {
    const study = toStudy(row);
    return {
      ...study,
      modelA: names.get(study.modelAId) ?? `model ${study.modelAId}`,
      modelB: names.get(study.modelBId) ?? `model ${study.modelBId}`,
      latest: annotationHistory(db, study.id, 'study').at(-1) ?? null,
    };
  });
}

/** A study's finished rows, in the study's row order. */
export function studyPairs(db: Db, studyId: number): { row: number; runA: number; runB: number }[] {
  return db
    .prepare(
      'SELECT row_index AS row, run_a_id AS runA, run_b_id AS runB FROM study_rows WHERE study_id = ? ORDER BY id',
    )
    .all(studyId) as { row: number; runA: number; runB: number }[];
}

/** A study's finished rows as its summary reads them, in the study's row order. */
export function studyRows(db: Db, studyId: number): StudyRow[] {
  const rows = db
    .prepare('SELECT row_index, compared_json FROM study_rows WHERE study_id = ? ORDER BY id')
    .all(studyId) as { row_index: number; compared_json: string }[];
  return rows.map((r) => ({ row: r.row_index, ...(JSON.parse(r.compared_json) as Pick<StudyRow, 'a' | 'b'>) }));
}

/**
 * A saved run of `modelId` on `row` explained with the same key by an earlier study (or this one): reused
 * instead of explained again. The key names dataset ids as they were when the study was made; a study
 * merged from another audit has other ids now, so the study's own dataset columns must agree too.
 */
export function reusableRun(db: Db, modelId: number, key: string, row: number): number | null {
  const found = db
    .prepare(
      `SELECT CASE WHEN s.model_a_id = @model THEN r.run_a_id ELSE r.run_b_id END AS run
         FROM study_rows r JOIN comparison_studies s ON s.id = r.study_id
        WHERE s.explain_key = @key AND r.row_index = @row AND (s.model_a_id = @model OR s.model_b_id = @model)
          AND s.dataset_id = json_extract(@key, '$.datasetId')
          AND s.train_dataset_id IS json_extract(@key, '$.trainDatasetId')
        ORDER BY r.id LIMIT 1`,
    )
    .get({ model: modelId, key, row }) as { run: number } | undefined;
  return found?.run ?? null;
}

function toStudy(r: DbStudyRow): StudyRecord {
  const key = JSON.parse(r.explain_key) as { labelColumn: string | null; params: Record<string, unknown> };
  return {
    id: r.id,
    title: r.title,
    modelAId: r.model_a_id,
    modelBId: r.model_b_id,
    datasetId: r.dataset_id,
    trainDatasetId: r.train_dataset_id,
    selection: JSON.parse(r.selection_json) as StudySelection,
    rows: JSON.parse(r.rows_json) as number[],
    explain: { labelColumn: key.labelColumn, params: key.params },
    createdAt: r.created_at,
    done: r.done,
  };
}
