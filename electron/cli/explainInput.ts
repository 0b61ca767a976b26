import type { ExplanationDocument } from '../../shared/contract/explanationDocument';
import type { Job } from '../backend/jobs/messages';
import type { InstanceExplanation } from '../backend/jobs/runInstances';

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
  /** Waits for any files written along the way (image overlays). */
  finish?: () => Promise<void>;
}
