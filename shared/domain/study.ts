import type { Annotation } from './audit';

/** How a study's rows were chosen. */
export type StudySelection =
  { kind: 'rows'; rows: number[] } | { kind: 'cohort'; where: string } | { kind: 'pick'; pickSeq: number };

/** A saved comparison study: two models over rows of one dataset, explained alike. */
export interface StudyRecord {
  id: number;
  title: string;
  modelAId: number;
  modelBId: number;
  datasetId: number;
  trainDatasetId: number | null;
  selection: StudySelection;
  /** Every row the study covers, in order. */
  rows: number[];
  /** The explanation parameters every run of the study shares (and the label column). */
  explain: { labelColumn: string | null; params: Record<string, unknown> };
  createdAt: string;
  /** Rows explained under both models so far (a cancelled study has fewer than `rows`). */
  done: number;
}

/** A study in a listing, with its latest verdict. */
export interface StudyListItem extends StudyRecord {
  modelA: string;
  modelB: string;
  latest: Annotation | null;
}
