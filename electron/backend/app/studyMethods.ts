import type { ApiArgs, StudyDetail, WorkbenchApi } from '../../../shared/contract/api';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import type { ModelRecord } from '../../../shared/domain/audit';
import type { StudyRecord, StudySelection } from '../../../shared/domain/study';
import { CohortSyntaxError, matchesCohort, parseCohortFilter } from '../../../shared/engine/cohortFilter';
import { summariseStudy } from '../../../shared/engine/versionStudy';
import { annotateSubject, annotationHistory } from '../store/annotations';
import { readPicks } from '../store/picks';
import {
  addStudyRow,
  comparedRow,
  createStudy,
  explainKey,
  getStudyRecord,
  listStudies,
  reusableRun,
  studyPairs,
  studyRows,
} from '../store/studies';
import type { BackendContext } from './backendContext';
import { readDataset } from './datasetFiles';
import { datasetOf, describeRegistered, explainRows, modelOf, startJob } from './explainRows';

type Methods = Pick<
  WorkbenchApi,
  'createStudy' | 'resumeStudy' | 'listStudies' | 'getStudy' | 'saveStudyAnnotation' | 'listPicks'
>;

/** Rows explained per step under both models: a cancelled study keeps every finished step. */
const CHUNK = 16;

/** Version review: two models over a cohort, saved as a study, explained in the worker pool. */
export function studyMethods(ctx: BackendContext): Methods {
  return {
    async createStudy(args) {
      const [a, b] = [modelOf(ctx, args.modelAId), modelOf(ctx, args.modelBId)];
      checkComparable(a, b);
      const data = datasetOf(ctx, args.datasetId);
      if (args.trainDatasetId) datasetOf(ctx, args.trainDatasetId);
      const { selection, rows } = await selectRows(args, data.path);
      const studyId = createStudy(
        ctx.db,
        {
          title: args.title ?? `${a.family} ${a.versionLabel} against ${b.family} ${b.versionLabel}`,
          modelAId: a.id,
          modelBId: b.id,
          datasetId: data.id,
          trainDatasetId: args.trainDatasetId ?? null,
          selection,
          rows,
          // Each row its own seeds, the same under both models: rows are independent draws of LIME's sampling
          // noise, so the study's intervals over rows account for it. Every class is explained (unless the
          // labels are given), so both models explain the class A predicts even where B predicts another.
          explain: {
            labelColumn: args.labelColumn ?? null,
            params: { ...studyLabels(a, args.params), ...args.params, rowSeeds: true },
          },
        },
        ctx.actor,
      );
      return run(getStudyRecord(ctx.db, studyId)!);
    },
    async resumeStudy({ studyId }) {
      return run(study(studyId));
    },
    async listStudies() {
      return listStudies(ctx.db);
    },
    async getStudy({ studyId }) {
      return studyDetail(ctx, studyId);
    },
    async listPicks() {
      return readPicks(ctx.db).map((p) => ({
        seq: p.seq,
        at: p.at,
        modelId: p.modelId,
        datasetId: p.datasetId,
        rows: p.picks.map((x) => x.row),
        candidates: p.candidates.length,
      }));
    },
    async saveStudyAnnotation({ studyId, ...verdict }) {
      study(studyId);
      return annotateSubject(ctx.db, 'study', studyId, { ...verdict, tags: verdict.tags ?? [] });
    },
  };

  function study(id: number): StudyRecord {
    const s = getStudyRecord(ctx.db, id);
    if (!s) throw new WorkbenchError('not-found', `study ${id}: expected a comparison study of this audit, found none`);
    return s;
  }

  /** The rows of a pick, a cohort or a list, checked against the dataset. */
  async function selectRows(
    args: ApiArgs<'createStudy'>,
    path: string,
  ): Promise<{ selection: StudySelection; rows: number[] }> {
    const content = await readDataset(ctx.paths.check(path));
    if (args.pickSeq !== undefined) {
      const pick = readPicks(ctx.db).find((p) => p.seq === args.pickSeq);
      if (!pick)
        throw invalidInput(`pickSeq ${args.pickSeq}`, 'the audit log entry of an SP-LIME pick', 'no such pick');
      if (pick.datasetId !== args.datasetId)
        throw invalidInput(
          `pickSeq ${args.pickSeq}`,
          `a pick among the rows of dataset ${args.datasetId}`,
          `a pick of dataset ${pick.datasetId}`,
        );
      return { selection: { kind: 'pick', pickSeq: args.pickSeq }, rows: pick.picks.map((p) => p.row) };
    }
    if (args.where !== undefined) {
      let filter;
      try {
        filter = parseCohortFilter(args.where, content.columns);
      } catch (error) {
        if (error instanceof CohortSyntaxError) throw new WorkbenchError('invalid-argument', `where: ${error.message}`);
        throw error;
      }
      const rows = content.rows.flatMap((cells, i) =>
        matchesCohort(filter, Object.fromEntries(content.columns.map((c, j) => [c, cells[j] ?? null]))) ? [i] : [],
      );
      if (!rows.length)
        throw invalidInput(
          `where ${args.where.slice(0, 80)}`,
          `a cohort of at least one row of ${path}`,
          'no row that matches',
        );
      return { selection: { kind: 'cohort', where: args.where }, rows };
    }
    const rows = [...new Set(args.rows)];
    const beyond = rows.find((r) => r >= content.rows.length);
    if (beyond !== undefined)
      throw invalidInput(
        `row ${beyond}`,
        `a row of ${path} from 0 to ${content.rows.length - 1}`,
        'a row past the end',
      );
    return { selection: { kind: 'rows', rows }, rows };
  }

  /**
   * Explains the study's unfinished rows, a chunk at a time under A then B (reusing runs of studies with the
   * same explanation key), and records each row once both runs are saved.
   */
  async function run(s: StudyRecord): Promise<{ jobId: string; studyId: number }> {
    const [a, b] = [modelOf(ctx, s.modelAId), modelOf(ctx, s.modelBId)];
    const [da, db] = await Promise.all([describeRegistered(a, ctx.paths), describeRegistered(b, ctx.paths)]);
    const key = explainKey(s);
    const finished = new Set(studyPairs(ctx.db, s.id).map((p) => p.row));
    const todo = s.rows.filter((r) => !finished.has(r));
    const jobId = startJob(ctx, async (id, signal) => {
      const runIds: number[] = [];
      let done = 0;
      const total = todo.length * 2;
      for (let start = 0; start < todo.length; start += CHUNK) {
        if (signal.aborted)
          throw new WorkbenchError(
            'cancelled',
            `the study was cancelled after ${finished.size} of ${s.rows.length} rows; resume it to explain the rest`,
          );
        const chunk = todo.slice(start, start + CHUNK);
        const sides = [];
        for (const [model, description] of [
          [a, da],
          [b, db],
        ] as const) {
          const runs = new Map<number, number>();
          for (const row of chunk) {
            const reused = reusableRun(ctx.db, model.id, key, row);
            if (reused !== null) runs.set(row, reused);
          }
          const missing = chunk.filter((row) => !runs.has(row));
          done += chunk.length - missing.length;
          if (missing.length) {
            const args = {
              modelId: model.id,
              datasetId: s.datasetId,
              trainDatasetId: s.trainDatasetId,
              labelColumn: s.explain.labelColumn,
              rows: missing,
              params: s.explain.params,
            };
            await explainRows(ctx, args, description, model, signal, (runId, row) => {
              runs.set(row, runId);
              runIds.push(runId);
              ctx.emit({ type: 'job-run-saved', jobId: id, runId, row });
              ctx.emit({ type: 'job-progress', jobId: id, done: ++done, total });
            });
          }
          sides.push(runs);
        }
        for (const row of chunk) {
          addStudyRow(ctx.db, s.id, comparedRow(ctx.db, row, sides[0].get(row)!, sides[1].get(row)!), ctx.actor);
          finished.add(row);
        }
        ctx.emit({ type: 'job-progress', jobId: id, done, total });
      }
      return { runIds };
    });
    return { jobId, studyId: s.id };
  }
}

/** A classifier's every class, to explain under both models (at most 50; more is left to the caller's labels). */
function studyLabels(model: ModelRecord, params: ApiArgs<'createStudy'>['params']): { labels?: number[] } {
  const classes =
    model.profile.classNames?.length ??
    model.info.outputs.find((o) => Array.isArray(o.shape) && o.shape.length === 2 && typeof o.shape[1] === 'number')
      ?.shape?.[1];
  if (
    model.profile.task !== 'classification' ||
    params?.labels ||
    params?.topLabels ||
    typeof classes !== 'number' ||
    classes > 50
  )
    return {};
  return { labels: Array.from({ length: classes }, (_, i) => i) };
}

/** Two models a study can compare: the same kind of input and output, the same inputs, the same labels. */
function checkComparable(a: ModelRecord, b: ModelRecord): void {
  const name = (m: ModelRecord) => `${m.family} ${m.versionLabel}`;
  const inputs = (m: ModelRecord) => m.info.inputs.map((i) => `${i.name}${JSON.stringify(i.shape ?? [])}`).join(', ');
  const differs = (what: string, x: string, y: string) =>
    invalidInput(
      `models ${name(a)} and ${name(b)}`,
      `two models over the same input columns and label set (two versions of one model)`,
      `${what} ${x} against ${y}`,
    );
  if (a.profile.modality !== b.profile.modality) throw differs('modalities', a.profile.modality, b.profile.modality);
  if (a.profile.task !== b.profile.task) throw differs('tasks', a.profile.task, b.profile.task);
  if (inputs(a) !== inputs(b)) throw differs('inputs', inputs(a), inputs(b));
  const features = (m: ModelRecord) => JSON.stringify(m.profile.tabular?.featureNames ?? null);
  if (features(a) !== features(b)) throw differs('feature names', features(a), features(b));
  const labels = (m: ModelRecord) => JSON.stringify(m.profile.classNames ?? null);
  if (labels(a) !== labels(b)) throw differs('class names', labels(a), labels(b));
}

/** A study, its summary over the finished rows, and its verdicts. */
export function studyDetail(ctx: Pick<BackendContext, 'db'>, studyId: number): StudyDetail {
  const [item] = listStudies(ctx.db, studyId);
  if (!item)
    throw new WorkbenchError('not-found', `study ${studyId}: expected a comparison study of this audit, found none`);
  const { profile } = modelOf(ctx, item.modelAId);
  const summary = summariseStudy(studyRows(ctx.db, studyId), {
    task: profile.task,
    classNames: profile.classNames,
    names: [item.modelA, item.modelB],
  });
  return { study: item, summary, annotations: annotationHistory(ctx.db, studyId, 'study') };
}
