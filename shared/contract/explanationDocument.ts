import type { GuaranteeParams } from '../domain/params';
import type { ExplanationRun, StabilitySummary } from '../domain/explanation';
import type { Modality } from '../domain/model';
import type { FeatureSelection } from '../domain/tabular';
import { checksOf, type RunChecks } from '../domain/audit';

/** Parameters of any modality, with the kernel width resolved; each modality adds its own. */
export interface ResolvedParams {
  numSamples: number;
  numFeatures: number;
  kernelWidth: number;
  featureSelection: FeatureSelection;
  seed: number;
  runs: number;
  labels: number[] | null;
  topLabels: number | null;
  /** Tabular: how continuous columns were binned ('quartile', 'decile', 'entropy' or 'none'). */
  discretizer?: string;
  /** Text: 'bow' (remove every occurrence of a word) or 'position' (each occurrence on its own). */
  mode?: string;
  /** Image: the segmentation algorithm, or 'given' for a segment file. */
  segmentation?: string;
  /** `--num-samples auto`: the guarantee asked for (numSamples is then where the neighbourhood started). */
  guarantee?: GuaranteeParams | null;
  [modalitySpecific: string]: unknown;
}

/** The explained instance: tabular values, a text, or an image. */
export interface DocumentInstance {
  row: number;
  values?: Record<string, number | string>;
  text?: string;
  /**
   * With a given segmentation (--segments), the file's segment ids (the weights' `feature`s) and the ids
   * from 0 to the largest that no pixel carries.
   */
  image?: {
    path: string;
    width: number;
    height: number;
    segments: number;
    segmentIds?: number[];
    missingSegmentIds?: number[];
  };
}

export const EXPLANATION_SCHEMA = 'lime-workbench/explanation@1';

/** The JSON that `explain --format json` prints for one instance (CLI.md): a public contract. */
export interface ExplanationDocument extends RunChecks {
  schema: typeof EXPLANATION_SCHEMA;
  model: { path: string; sha256: string };
  modality: Modality;
  instance: DocumentInstance;
  prediction: { classNames: string[]; probabilities: number[] } | { value: number };
  params: ResolvedParams;
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
}

export interface ExplanationDocumentInput {
  model: { path: string; sha256: string };
  modality: Modality;
  task: 'classification' | 'regression';
  classNames: string[] | null;
  instance: DocumentInstance;
  prediction: number[];
  params: object;
  kernelWidth: number;
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
  /** What the run was checked against (the document keeps these, and nothing else of an instance's extras). */
  extra?: RunChecks;
}

/** Builds the document; class names default to the class indices as text. */
export function explanationDocument(input: ExplanationDocumentInput): ExplanationDocument {
  const prediction =
    input.task === 'regression'
      ? { value: input.prediction[0] }
      : { classNames: input.classNames ?? input.prediction.map((_, i) => String(i)), probabilities: input.prediction };
  return {
    schema: EXPLANATION_SCHEMA,
    model: input.model,
    modality: input.modality,
    instance: input.instance,
    prediction,
    params: { ...input.params, kernelWidth: input.kernelWidth } as ResolvedParams,
    runs: input.runs,
    stability: input.stability,
    ...checksOf(input.extra ?? {}),
  };
}
