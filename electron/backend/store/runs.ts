import type { RunFlag, RunSort, RunSummary, SavedRun, Verdict } from '../../../shared/domain/audit';
import type { Modality } from '../../../shared/domain/model';
import { TOOL_VERSION } from '../../../shared/version';
import { appendLog } from './auditLog';
import { canonicalJson } from './canonical';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

/** A run to save: what a saved run holds, less what the store assigns. */
export type RunToSave = Omit<SavedRun, 'id' | 'toolVersion' | 'createdAt' | 'params'> & { params: object };

interface DbRunRow {
  id: number;
  model_id: number;
  dataset_id: number | null;
  train_dataset_id: number | null;
  row_index: number | null;
  modality: Modality;
  instance_json: string;
  params_json: string;
  seed: number;
  prediction_json: string;
  runs_json: string;
  stability_json: string | null;
  tool_version: string;
  created_at: string;
}

/** Saves one explained instance (all its seeds) and logs it, in one transaction; returns its id. */
export function saveRun(db: Db, run: RunToSave, actor: string): number {
  const first = run.runs[0]?.explanations[0];
  if (!first) throw new RangeError('saveRun: a run without any explanation');
  const totalMs = run.runs.reduce((a, r) => a + r.timing.totalMs, 0);
  const inferenceMs = run.runs.reduce((a, r) => a + r.timing.inferenceMs, 0);
  return db
    .transaction(() => {
      const id = Number(
        insertRun(db).run({
          model_id: run.modelId,
          dataset_id: run.datasetId,
          train_dataset_id: run.trainDatasetId,
          row_index: run.row,
          modality: run.modality,
          instance_json: JSON.stringify(run.instance),
          params_json: JSON.stringify(run.params),
          seed: run.seed,
          prediction_json: JSON.stringify(run.prediction),
          runs_json: JSON.stringify(run.runs),
          stability_json: run.stability ? JSON.stringify(run.stability) : null,
          label: first.label,
          label_name: first.labelName,
          score: first.score,
          local_prediction: first.localPrediction,
          model_prediction: first.modelPrediction,
          total_ms: totalMs,
          inference_ms: inferenceMs,
          tool_version: TOOL_VERSION,
          created_at: new Date().toISOString(),
        }).lastInsertRowid,
      );
      appendLog(db, actor, 'run.saved', `run:${id}`, {
        table: 'explanation_runs',
        id,
        digest: rowDigest(db, 'explanation_runs', id),
        modelId: run.modelId,
        row: run.row,
      });
      if (run.kernelShap || run.kernelWidthSweep) {
        const checksId = Number(
          db
            .prepare(
              'INSERT INTO run_checks (run_id, kernel_shap_json, agreement_json, sweep_json) VALUES (?, ?, ?, ?)',
            )
            .run(
              id,
              run.kernelShap ? JSON.stringify(run.kernelShap) : null,
              run.kernelShap ? JSON.stringify(run.agreement ?? []) : null,
              run.kernelWidthSweep ? JSON.stringify(run.kernelWidthSweep) : null,
            ).lastInsertRowid,
        );
        appendLog(db, actor, 'run.checks.saved', `run:${id}`, {
          table: 'run_checks',
          id: checksId,
          digest: rowDigest(db, 'run_checks', checksId),
          runId: id,
        });
      }
      return id;
    })
    .immediate();
}

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();
function insertRun(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s =
      db.prepare(`INSERT INTO explanation_runs (model_id, dataset_id, train_dataset_id, row_index, modality, instance_json, params_json, seed,
        prediction_json, runs_json, stability_json, label, label_name, score, local_prediction, model_prediction, total_ms, inference_ms, tool_version, created_at)
      VALUES (@model_id, @dataset_id, @train_dataset_id, @row_index, @modality, @instance_json, @params_json, @seed,
        @prediction_json, @runs_json, @stability_json, @label, @label_name, @score, @local_prediction, @model_prediction, @total_ms, @inference_ms, @tool_version, @created_at)`);
    statements.set(db, s);
  }
  return s;
}

export interface RunFilter {
  modelId?: number;
  /** 'none' selects runs without any verdict. */
  verdict?: Verdict | 'none';
  label?: number;
  /** Only the runs of this version-review study. */
  studyId?: number;
  flag?: RunFlag;
  /** Only these runs. */
  runIds?: number[];
  /** Default newest first; 'score' puts the lowest weighted R² first. */
  sort?: RunSort;
  limit?: number;
  offset?: number;
}

/**
 * The SQL conditions of each flag, over explanation_runs r (and its checks c): the surrogate misses the model
 * by more than 0.1 (10 % of the value for a regression) or explains little (weighted R² < 0.1); the stability
 * index of several seeds below 0.6; LIME and KernelSHAP rank the features unlike (ρ < 0.4); a sample guarantee
 * asked for and not reached.
 */
const FLAG_SQL: Record<RunFlag, string> = {
  'low-fidelity':
    'r.score < 0.1 OR abs(r.local_prediction - r.model_prediction) > (CASE WHEN r.label IS NULL THEN 0.1 * max(abs(r.model_prediction), 1e-9) ELSE 0.1 END)',
  unstable: "json_extract(r.stability_json, '$.labels[0].index') < 0.6",
  'methods-disagree':
    "EXISTS (SELECT 1 FROM run_checks c, json_each(c.agreement_json) g WHERE c.run_id = r.id AND json_extract(g.value, '$.rankCorrelation') < 0.4)",
  'not-guaranteed':
    "EXISTS (SELECT 1 FROM json_each(r.runs_json) x WHERE json_extract(x.value, '$.guarantee.stable') = 0)",
};

const SORT_SQL: Record<RunSort, string> = {
  newest: 'r.id DESC',
  oldest: 'r.id ASC',
  score: 'r.score ASC, r.id ASC',
  row: 'r.row_index ASC, r.id ASC',
};

/** The WHERE clause of a filter (parameters named as in runFilterParams; flags and sorts from fixed lists). */
function whereOf(filter: RunFilter): string {
  const flag = filter.flag ? `AND (${FLAG_SQL[filter.flag]})` : '';
  const ids = filter.runIds ? 'AND r.id IN (SELECT value FROM json_each(@run_ids))' : '';
  return `WHERE (@model_id IS NULL OR r.model_id = @model_id)
          AND (@label IS NULL OR r.label = @label)
          AND (@verdict IS NULL OR (@verdict = 'none' AND a.verdict IS NULL) OR a.verdict = @verdict)
          AND (@study_id IS NULL OR r.id IN (SELECT run_a_id FROM study_rows WHERE study_id = @study_id
                                             UNION SELECT run_b_id FROM study_rows WHERE study_id = @study_id))
          ${flag} ${ids}`;
}

function runFilterParams(filter: RunFilter) {
  return {
    model_id: filter.modelId ?? null,
    label: filter.label ?? null,
    verdict: filter.verdict ?? null,
    study_id: filter.studyId ?? null,
    ...(filter.runIds ? { run_ids: JSON.stringify(filter.runIds) } : {}),
  };
}

const LATEST_VERDICT =
  'LEFT JOIN annotations a ON a.run_id = r.id AND a.version = (SELECT max(version) FROM annotations WHERE run_id = r.id)';

/** How many saved runs pass the filter (paging aside). */
export function countRuns(db: Db, filter: RunFilter = {}): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM explanation_runs r ${LATEST_VERDICT} ${whereOf(filter)}`)
    .get(runFilterParams(filter)) as { n: number };
  return row.n;
}

/** Saved runs with their latest verdict, filtered, sorted (newest first by default) and paged. */
export function listRuns(db: Db, filter: RunFilter = {}): RunSummary[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.model_id, m.family, m.version_label, r.row_index, r.modality, r.label, r.label_name, r.score,
              r.local_prediction, r.model_prediction, r.seed, r.created_at, a.verdict, a.reviewer, a.version AS annotation_version,
              (SELECT min(json_extract(value, '$.guarantee.stable')) FROM json_each(r.runs_json)) AS guarantee_stable,
              (SELECT max(json_extract(value, '$.guarantee.samples')) FROM json_each(r.runs_json)) AS guarantee_samples
         FROM explanation_runs r
         JOIN models m ON m.id = r.model_id
         ${LATEST_VERDICT}
         ${whereOf(filter)}
        ORDER BY ${SORT_SQL[filter.sort ?? 'newest']}
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...runFilterParams(filter), limit: filter.limit ?? -1, offset: filter.offset ?? 0 }) as Record<
    string,
    never
  >[];
  return rows.map((r) => ({
    id: r.id,
    modelId: r.model_id,
    modelFamily: r.family,
    modelVersion: r.version_label,
    row: r.row_index,
    modality: r.modality,
    label: r.label,
    labelName: r.label_name,
    score: r.score,
    localPrediction: r.local_prediction,
    modelPrediction: r.model_prediction,
    seed: r.seed,
    createdAt: r.created_at,
    verdict: r.verdict,
    reviewer: r.reviewer,
    guarantee: r.guarantee_stable === null ? null : { stable: r.guarantee_stable === 1, samples: r.guarantee_samples },
    annotationVersion: r.annotation_version,
  }));
}

/** One saved run in full, or null. */
export function getRun(db: Db, id: number): SavedRun | null {
  const r = db.prepare('SELECT * FROM explanation_runs WHERE id = ?').get(id) as DbRunRow | undefined;
  if (!r) return null;
  const checks = db
    .prepare('SELECT kernel_shap_json, agreement_json, sweep_json FROM run_checks WHERE run_id = ?')
    .get(id) as
    { kernel_shap_json: string | null; agreement_json: string | null; sweep_json: string | null } | undefined;
  return {
    id: r.id,
    modelId: r.model_id,
    datasetId: r.dataset_id,
    trainDatasetId: r.train_dataset_id,
    row: r.row_index,
    modality: r.modality,
    instance: JSON.parse(r.instance_json) as SavedRun['instance'],
    params: JSON.parse(r.params_json) as SavedRun['params'],
    seed: r.seed,
    prediction: JSON.parse(r.prediction_json) as SavedRun['prediction'],
    runs: JSON.parse(r.runs_json) as SavedRun['runs'],
    stability: r.stability_json ? (JSON.parse(r.stability_json) as SavedRun['stability']) : null,
    ...(checks?.kernel_shap_json
      ? {
          kernelShap: JSON.parse(checks.kernel_shap_json) as SavedRun['kernelShap'],
          agreement: JSON.parse(checks.agreement_json ?? '[]') as SavedRun['agreement'],
        }
      : {}),
    ...(checks?.sweep_json ? { kernelWidthSweep: JSON.parse(checks.sweep_json) as SavedRun['kernelWidthSweep'] } : {}),
    toolVersion: r.tool_version,
    createdAt: r.created_at,
  };
}

/**
 * The rows this audit already holds an explanation of with the same model and data (by SHA-256),
 * parameters and seeds — the saved run's parameters are its key; only the kernel width, which a row may
 * choose for itself, is left aside. What a resumed batch skips.
 */
export function explainedRowsLike(
  db: Db,
  sha256: { model: string; data: string | null; train: string | null },
  documentParams: object,
): Set<number> {
  const key = (params: Record<string, unknown>) => {
    const { kernelWidth: _width, ...rest } = params;
    return canonicalJson(rest);
  };
  const wanted = key(documentParams as Record<string, unknown>);
  const rows = db
    .prepare(
      `SELECT r.row_index AS row, r.params_json AS params
         FROM explanation_runs r
         JOIN models m ON m.id = r.model_id
         LEFT JOIN datasets d ON d.id = r.dataset_id
         LEFT JOIN datasets t ON t.id = r.train_dataset_id
        WHERE m.sha256 = ? AND d.sha256 IS ? AND t.sha256 IS ? AND r.row_index IS NOT NULL`,
    )
    .all(sha256.model, sha256.data, sha256.train) as { row: number; params: string }[];
  return new Set(rows.filter((r) => key(JSON.parse(r.params) as Record<string, unknown>) === wanted).map((r) => r.row));
}
