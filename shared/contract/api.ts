import { z } from 'zod';
import type {
  Annotation,
  AuditHead,
  AuditInfo,
  DatasetRecord,
  ModelRecord,
  RunSummary,
  SavedRun,
  VerifyReport,
} from '../domain/audit';
import { RUN_FLAGS, RUN_SORTS, VERDICTS } from '../domain/audit';
import type { ModelInfo, ModelProfile } from '../domain/model';
import {
  DEFAULT_GUARANTEE_PARAMS,
  EXPLAIN_METHODS,
  SEGMENTATIONS,
  TEXT_MODES,
  type GuaranteeParams,
} from '../domain/params';
import { DISCRETIZERS, FEATURE_SELECTIONS } from '../domain/tabular';
import type { RunComparison } from '../engine/compareRuns';
import type { StudySummary } from '../engine/versionStudy';
import type { StudyListItem } from '../domain/study';
import type { ErrorCode } from './errors';
import { LIMITS } from './limits';
import { profileOverrideSchema } from './profileSchema';
import { API_METHOD_NAMES, type ApiMethodName } from './methods';

const id = z.number().int().positive();
const path = z.string().min(1).max(4096);
const none = z.object({}).strict();

/** Explanation parameters a caller may set; anything left out takes the modality's default. */
export const explainParamsSchema = z
  .object({
    /** A fixed neighbourhood, or 'auto': grown until the selection is stable (confidence, maxSamples, timeBudgetMs). */
    numSamples: z.union([z.number().int().min(2).max(LIMITS.numSamples), z.literal('auto')]),
    confidence: z.number().min(0.5).lt(1),
    maxSamples: z.number().int().min(2).max(LIMITS.numSamples),
    timeBudgetMs: z.number().int().positive().max(3_600_000).nullable(),
    numFeatures: z.number().int().min(1).max(LIMITS.numFeatures),
    kernelWidth: z.number().positive().nullable(),
    featureSelection: z.enum(FEATURE_SELECTIONS as [string, ...string[]]),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    rowSeeds: z.boolean(),
    runs: z.number().int().min(1).max(LIMITS.runs),
    labels: z.array(z.number().int().min(0)).min(1).max(LIMITS.labels).nullable(),
    topLabels: z.number().int().min(1).max(LIMITS.labels).nullable(),
    discretizer: z.enum(DISCRETIZERS as [string, ...string[]]),
    method: z.enum(EXPLAIN_METHODS),
    autoKernelWidth: z.boolean(),
    textMode: z.enum(TEXT_MODES),
    segmentation: z.enum(SEGMENTATIONS),
  })
  .partial()
  .strict();

/** What to explain: a model, rows of a dataset (an image folder's files), and the parameters. */
const explainArgs = z
  .object({
    modelId: id,
    datasetId: id,
    trainDatasetId: id.nullable().optional(),
    labelColumn: z.string().min(1).max(500).nullable().optional(),
    rows: z.array(z.number().int().min(0)).min(1).max(LIMITS.rowsPerRequest),
    params: explainParamsSchema.optional(),
    /** Skip the rows this audit already explained with the same model, data, parameters and seeds. */
    resume: z.boolean().optional(),
  })
  .strict();

/** Which saved runs: by model, latest verdict (or none yet), label, study, or a flag. */
const runFilter = {
  modelId: id.optional(),
  verdict: z.enum([...VERDICTS, 'none']).optional(),
  label: z.number().int().min(0).optional(),
  studyId: id.optional(),
  flag: z.enum(RUN_FLAGS).optional(),
};

const verdictArgs = {
  verdict: z.enum(VERDICTS),
  rationale: z.string().trim().min(1).max(20_000),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  reviewer: z.string().trim().min(1).max(200),
};

/**
 * A version review: two models over rows of one dataset, chosen as a list (`rows`), a cohort filter over the
 * dataset's columns (`where`) or the rows of an SP-LIME pick (`pickSeq`, its audit log entry); exactly one.
 */
export const createStudyArgs = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    modelAId: id,
    modelBId: id,
    datasetId: id,
    trainDatasetId: id.nullable().optional(),
    labelColumn: z.string().min(1).max(500).nullable().optional(),
    rows: z.array(z.number().int().min(0)).min(1).max(100_000).optional(),
    where: z.string().trim().min(1).max(2000).optional(),
    pickSeq: id.optional(),
    params: explainParamsSchema.optional(),
  })
  .strict()
  .refine((a) => [a.rows, a.where, a.pickSeq].filter((x) => x !== undefined).length === 1, {
    message: 'expected exactly one of rows, where and pickSeq',
    path: ['rows'],
  })
  .refine((a) => a.modelAId !== a.modelBId, { message: 'expected two different models', path: ['modelBId'] });

/**
 * Every API method and the schema of its argument: the one list from which the preload surface, the IPC
 * handlers and the HTTP routes derive. Every argument is validated against it at the boundary.
 */
export const API_ARGUMENTS = {
  getAudit: none,
  openAudit: z
    .object({
      path,
      create: z.boolean().optional(),
      title: z.string().trim().min(1).max(200).optional(),
      purpose: z.string().max(4000).optional(),
      requireSignatures: z.boolean().optional(),
      passphrase: z.string().min(8).max(1024).optional(),
    })
    .strict(),
  listModels: none,
  addModel: z
    .object({
      path,
      family: z.string().trim().min(1).max(200).optional(),
      versionLabel: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
  updateModelProfile: z.object({ modelId: id, profile: profileOverrideSchema }).strict(),
  listDatasets: none,
  addDataset: z.object({ path }).strict(),
  getDatasetRows: z
    .object({
      datasetId: id,
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      search: z.string().max(200).optional(),
      sortColumn: z.string().max(500).optional(),
      sortDescending: z.boolean().optional(),
    })
    .strict(),
  runExplanation: explainArgs,
  pickInstances: explainArgs
    .omit({ resume: true })
    .extend({ budget: z.number().int().min(1).max(100) })
    .strict(),
  cancelJob: z.object({ jobId: z.string().min(1).max(100) }).strict(),
  listRuns: z
    .object({
      ...runFilter,
      sort: z.enum(RUN_SORTS).optional(),
      /** A page: at most 1000 runs from `offset` (default 100 from 0). */
      limit: z.number().int().min(1).max(1000).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .strict(),
  getRun: z.object({ runId: id }).strict(),
  /** A model chosen, and perhaps its data: see WorkbenchApi's prepareModel. */
  prepareModel: z.object({ modelId: id, datasetId: id.optional(), trainDatasetId: id.nullable().optional() }).strict(),
  saveAnnotation: z.object({ runId: id, ...verdictArgs }).strict(),
  /** One verdict on many runs: the runs named, or every run that passes a filter (each its own annotation). */
  saveAnnotations: z
    .object({
      runIds: z.array(id).min(1).max(100_000).optional(),
      filter: z.object(runFilter).strict().optional(),
      ...verdictArgs,
    })
    .strict()
    .refine((a) => (a.runIds === undefined) !== (a.filter === undefined), {
      message: 'expected exactly one of runIds and filter',
      path: ['runIds'],
    }),
  compareRuns: z.object({ runIds: z.tuple([id, id]) }).strict(),
  createStudy: createStudyArgs,
  resumeStudy: z.object({ studyId: id }).strict(),
  listStudies: none,
  getStudy: z.object({ studyId: id }).strict(),
  saveStudyAnnotation: z.object({ studyId: id, ...verdictArgs }).strict(),
  listPicks: none,
  verifyAudit: none,
  exportReport: z
    .object({
      path,
      paper: z.enum(['A4', 'Letter']).optional(),
      redact: z.array(z.string().min(1).max(500)).max(1000).optional(),
      redactWords: z.array(z.string().min(1).max(200)).max(10_000).optional(),
      redactImages: z.boolean().optional(),
      redactRelated: z.boolean().optional(),
      /** Only the flagged reviewed explanations, or only these runs. */
      only: z.union([z.literal('flagged'), z.array(id).min(1).max(100_000)]).optional(),
    })
    .strict(),
  exportRedactedCopy: z
    .object({
      out: path,
      redact: z.array(z.string().min(1).max(500)).max(1000).optional(),
      redactWords: z.array(z.string().min(1).max(200)).max(10_000).optional(),
      redactImages: z.boolean().optional(),
      redactRelated: z.boolean().optional(),
      passphrase: z.string().min(8).max(1024).optional(),
    })
    .strict(),
  listKeys: none,
  /** Sign this session's entries with a key: a reviewer's name from listKeys, or a key file's path; null stops signing. */
  useKey: z
    .object({ key: z.string().trim().min(1).max(4096).nullable(), passphrase: z.string().max(1024).optional() })
    .strict(),
} as const satisfies Record<ApiMethodName, z.ZodType>;

export type ApiMethod = ApiMethodName;
export const API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES;
export type ApiArgs<M extends ApiMethod> = z.input<(typeof API_ARGUMENTS)[M]>;
export type ExplainParamsInput = z.infer<typeof explainParamsSchema>;

/** numSamples 'auto' as the guarantee it asks for, its settings defaulted; null for a fixed neighbourhood. */
export function guaranteeOf(p: ExplainParamsInput): GuaranteeParams | null {
  if (p.numSamples !== 'auto') return null;
  return {
    confidence: p.confidence ?? DEFAULT_GUARANTEE_PARAMS.confidence,
    maxSamples: p.maxSamples ?? DEFAULT_GUARANTEE_PARAMS.maxSamples,
    timeBudgetMs: p.timeBudgetMs ?? DEFAULT_GUARANTEE_PARAMS.timeBudgetMs,
  };
}

/** The audit as the app shows it. */
export interface AuditSummary extends AuditInfo {
  path: string;
  /** The audit log's head: the anchor to archive outside the file. */
  head: AuditHead | null;
  /** The key this session signs with, if any. */
  signingAs: { reviewer: string; fingerprint: string } | null;
  models: number;
  datasets: number;
  runs: number;
  verdicts: Record<string, number>;
}

/** A dataset's rows, a page at a time. */
export interface DatasetPage {
  datasetId: number;
  kind: 'table' | 'texts' | 'images';
  columns: string[];
  /** Total rows matching the search. */
  total: number;
  rows: { row: number; cells: string[] }[];
}

/** A model with what the app shows of it. */
export interface ModelDetail extends ModelRecord {
  info: ModelInfo;
  profile: ModelProfile;
}

/** A saved run with everything the review screen shows. */
export interface RunDetail extends SavedRun {
  model: {
    id: number;
    family: string;
    versionLabel: string;
    sha256: string;
    classNames: string[] | null;
    task: 'classification' | 'regression';
  };
  dataset: { id: number; path: string } | null;
  annotations: Annotation[];
  /** Image runs: the overlay of the first label as a PNG data URL, and the image itself. */
  overlay?: string;
  picture?: string;
}

/**
 * SP-LIME's answer (pickInstances): the rows picked among the candidates, each saved as a run, in pick
 * order, and the features' global importance √Σ|weight| over every candidate (the largest 20).
 */
export interface PickSummary {
  candidates: number;
  budget: number;
  coverage: number;
  /** `coverageShare`: the share of all features' importance this pick added to the ones before it. */
  picks: { row: number; runId: number; coverageShare: number }[];
  importance: { name: string; importance: number }[];
}

/** An SP-LIME pick as the audit log records it: which rows of which dataset were picked, by which model. */
export interface RecordedPickSummary {
  /** The audit log entry: what a study names the pick by (pickSeq). */
  seq: number;
  at: string;
  modelId: number;
  datasetId: number | null;
  rows: number[];
  candidates: number;
}

/** A study with what the Compare screen shows: its summary over the finished rows and its verdicts. */
export interface StudyDetail {
  study: StudyListItem;
  summary: StudySummary;
  annotations: Annotation[];
}

/** What each method returns. */
export interface ApiResults {
  getAudit: AuditSummary;
  openAudit: AuditSummary;
  listModels: ModelDetail[];
  addModel: ModelDetail;
  updateModelProfile: ModelDetail;
  listDatasets: (DatasetRecord & { kind: DatasetPage['kind'] })[];
  addDataset: DatasetRecord & { kind: DatasetPage['kind'] };
  getDatasetRows: DatasetPage;
  runExplanation: { jobId: string };
  pickInstances: { jobId: string };
  cancelJob: { cancelled: boolean };
  /**
   * Whether an idle worker began opening the model's session (false: every worker is busy), and whether it
   * also began rehearsing the default explanation of the dataset's first row (a table or texts), so that the
   * first real one finds the training table fitted and the code compiled (WorkerPool.rehearse).
   */
  prepareModel: { preparing: boolean; rehearsing: boolean };
  /** A page of the runs that pass the filter, and how many pass it in all. */
  listRuns: { total: number; offset: number; runs: RunSummary[] };
  getRun: RunDetail;
  saveAnnotation: Annotation;
  /** How many runs the verdict was recorded on. */
  saveAnnotations: { count: number };
  compareRuns: RunComparison;
  createStudy: { jobId: string; studyId: number };
  resumeStudy: { jobId: string; studyId: number };
  listStudies: StudyListItem[];
  getStudy: StudyDetail;
  saveStudyAnnotation: Annotation;
  listPicks: RecordedPickSummary[];
  verifyAudit: VerifyReport;
  exportReport: { path: string; bytes: number; explanations: number; warnings: string[] };
  exportRedactedCopy: { out: string; rows: number; head: AuditHead | null; redacted: string[]; warnings: string[] };
  listKeys: { reviewer: string; fingerprint: string; encrypted: boolean }[];
  useKey: AuditSummary;
}

/** The API every transport carries: one typed method per name. */
export type WorkbenchApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResults[M]> };

/** Every reply: a value, or an error from the closed set of codes. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** Progress and completion of long jobs. */
export type ApiEvent =
  | { type: 'job-progress'; jobId: string; done: number; total: number }
  | { type: 'job-run-saved'; jobId: string; runId: number; row: number }
  | { type: 'job-done'; jobId: string; runIds: number[]; pick?: PickSummary }
  | { type: 'job-failed'; jobId: string; error: { code: ErrorCode; message: string } };
