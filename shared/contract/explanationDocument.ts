import type { ExplanationRun, StabilitySummary } from '../domain/explanation';
import type { Modality } from '../domain/model';
import type { TabularParams } from '../domain/params';

export const EXPLANATION_SCHEMA = 'lime-workbench/explanation@1';

/** The JSON that `explain --format json` prints for one instance (CLI.md): a public contract. */
export interface ExplanationDocument {
  schema: typeof EXPLANATION_SCHEMA;
  model: { path: string; sha256: string };
  modality: Modality;
  instance: { row: number; values: Record<string, number | string> };
  prediction: { classNames: string[]; probabilities: number[] } | { value: number };
  params: Omit<TabularParams, 'kernelWidth'> & { kernelWidth: number };
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
}

export interface ExplanationDocumentInput {
  model: { path: string; sha256: string };
  modality: Modality;
  task: 'classification' | 'regression';
  classNames: string[] | null;
  row: number;
  values: Record<string, number | string>;
  prediction: number[];
  params: TabularParams;
  kernelWidth: number;
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
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
    instance: { row: input.row, values: input.values },
    prediction,
    params: { ...input.params, kernelWidth: input.kernelWidth },
    runs: input.runs,
    stability: input.stability,
  };
}
