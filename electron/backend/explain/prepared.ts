import { WorkbenchError } from '../../../shared/contract/errors';
import {
  explanationDocument,
  type DocumentInstance,
  type ExplanationDocument,
} from '../../../shared/contract/explanationDocument';
import type { ModelDescription } from '../onnx/loadModel';
import {
  AUTO_INITIAL_SAMPLES,
  type BaseParams,
  type ExplainMethod,
  type Segmentation,
  type TextMode,
} from '../../../shared/domain/params';
import { DEFAULT_SHAP_SAMPLES } from '../../../shared/engine/shap/kernelShap';
import { keepInstances, type Job } from '../jobs/messages';
import type { InstanceExplanation } from '../jobs/runInstances';

/** Parameters every modality shares, as asked (sizes left undefined take the modality's default). */
export type CommonParams = Omit<BaseParams, 'numSamples' | 'numFeatures'> &
  Partial<Pick<BaseParams, 'numSamples' | 'numFeatures'>>;

/**
 * What to explain, whoever asks (the command line or the app): the instances' source and the
 * modality-specific choices. A field that does not apply to the model's modality is refused.
 */
export interface ExplainInput {
  rows: number[];
  /** This input's own seed, over the job's (an image of a study, explained alone). */
  seed?: number;
  /** Tabular: a CSV; text: JSON Lines or plain text; image: an image file. */
  data?: string;
  /** Text: the text itself, instead of `data`. */
  text?: string;
  train?: string;
  labelColumn?: string | null;
  categorical?: string[];
  discretizer?: 'quartile' | 'decile' | 'entropy' | 'none';
  /** Choose the kernel width by a sweep. */
  autoKernelWidth?: boolean;
  /** LIME (default), KernelSHAP, or both with their agreement. */
  method?: ExplainMethod;
  sampleAroundInstance?: boolean;
  textMode?: TextMode;
  batchSize?: number;
  segments?: string;
  segmentation?: Segmentation;
  hide?: 'mean' | number[];
  overlay?: string;
}

/** Refuses the fields of `input` that do not apply, naming them and the modality. */
export function refuseFields(
  input: ExplainInput,
  fields: (keyof ExplainInput)[],
  flags: Record<string, string>,
  modality: string,
): void {
  const given = fields.filter((k) => input[k] !== undefined && input[k] !== false);
  if (given.length)
    throw new WorkbenchError(
      'invalid-argument',
      `${given.map((k) => flags[k] ?? k).join(', ')}: expected only with other kinds of model, found a ${modality} model`,
    );
}

/** A data file an explanation read, to register in an audit. */
export interface DatasetToRegister {
  path: string;
  sha256: string;
  columns: string[];
  rowCount: number;
}

/** What each modality prepares for `explain`: the worker's job and how to describe each result. */
export interface PreparedExplanation {
  job: Job;
  /** The instances' file (and the training file, tabular); empty for `--text`. */
  datasets: { data: DatasetToRegister | null; train: DatasetToRegister | null };
  /** Where the instances come from, for the text output. */
  source: string;
  documentFor(result: InstanceExplanation): ExplanationDocument;
  /** The parameters every document of this explanation carries (its kernel width aside): what --resume matches. */
  documentParams: object;
  /** Waits for any files written along the way (image overlays). */
  finish?: () => Promise<void>;
}

/** The explanation document of one result: everything but the instance comes from the model and result. */
export function documentOf(
  model: ModelDescription,
  instance: DocumentInstance,
  params: object,
  result: InstanceExplanation,
): ExplanationDocument {
  return explanationDocument({
    model: { path: model.path, sha256: model.sha256 },
    modality: model.profile.modality,
    task: model.profile.task,
    classNames: model.profile.classNames,
    instance,
    prediction: result.prediction,
    params,
    kernelWidth: result.kernelWidth,
    runs: result.runs,
    stability: result.stability,
    extra: result.extra,
  });
}

/**
 * The method and sizes of an explanation: KernelSHAP alone takes 2048 coalitions by default, LIME (alone
 * or beside KernelSHAP, which then takes 2048) the modality's own sample count.
 */
export function methodParams(
  f: ExplainInput,
  common: CommonParams,
  defaults: { numSamples: number; numFeatures: number },
) {
  const method = f.method ?? 'lime';
  return {
    method,
    autoKernelWidth: f.autoKernelWidth ?? false,
    numSamples:
      common.numSamples ??
      (common.guarantee ? AUTO_INITIAL_SAMPLES : method === 'kernel-shap' ? DEFAULT_SHAP_SAMPLES : defaults.numSamples),
    // A guarantee tests a selection: an image's default of every segment leaves nothing to select.
    numFeatures: common.numFeatures ?? (common.guarantee ? Math.min(10, defaults.numFeatures) : defaults.numFeatures),
  };
}

/** The job without the instances of these rows. */
export function withoutRows(job: Job, done: Set<number>): Job {
  return keepInstances(job, (x) => !done.has(x.row));
}
