import type { StudySummary } from '../engine/versionStudy';
import type { Annotation, AuditHead, AuditInfo, VerifyReport } from '../domain/audit';
import type { LabelExplanation, LabelStability } from '../domain/explanation';
import type { RunComparison } from '../engine/compareRuns';
import type { KernelWidthSweep } from '../engine/kernelWidthSweep';
import type { LabelAgreement } from '../engine/methodAgreement';

/** Everything the review report shows, gathered and redacted by the backend; rendering is pure. */
export interface ReportModel {
  audit: AuditInfo & { path: string };
  /** When the report holds only some reviewed explanations, which, in words; null: all of them. */
  selection: string | null;
  generatedAt: string;
  toolVersion: string;
  reviewers: string[];
  /** Columns whose values the report must not show. */
  redacted: string[];
  /** What was redacted, exactly, and what may still give it away. */
  redaction: {
    /** Each redacted column with the datasets it is redacted in. */
    columns: { column: string; datasets: string[] }[];
    /** Words masked in text runs. */
    words: number;
    /** Image runs shown as segment outlines only. */
    images: boolean;
    /** Rationales, tags and titles that quoted a redacted value and were redacted. */
    texts: number;
    /** Unredacted columns that predict a redacted one (|r| ≥ 0.9): a warning. */
    related: { column: string; predicts: string; r: number }[];
  };
  models: {
    id: number;
    family: string;
    versionLabel: string;
    sha256: string;
    producer: string;
    opsets: string;
    path: string;
  }[];
  datasets: { id: number; path: string; sha256: string; rowCount: number }[];
  summary: {
    verdictsByModel: { model: string; trusted: number; notTrusted: number; followUp: number; none: number }[];
    openFollowUps: { runId: number; model: string; row: number | null; rationale: string }[];
    flagged: { runId: number; model: string; reason: string }[];
    /** SP-LIME picks from the audit log: which rows represent which candidates, each saved as a run. */
    picks: {
      at: string;
      actor: string;
      model: string;
      dataset: string;
      candidates: number;
      coverage: number;
      rows: { row: number; runId: number }[];
    }[];
  };
  explanations: ReportExplanation[];
  comparisons: (RunComparison & { modelA: string; modelB: string; row: number | null })[];
  /** Version reviews: each comparison study with its summary and verdicts. */
  studies: ReportStudy[];
  appendix: {
    reruns: { runId: number; command: string }[];
    headHash: string | null;
    verify: VerifyReport;
    /** The seal beside the audit file (lime-workbench seal), checked against the file. */
    seal: {
      sha256: string;
      head: AuditHead | null;
      entries: number;
      sealedAt: string;
      signers: string[];
      matches: boolean;
    } | null;
  };
}

/** A comparison study as its Version review section shows it. */
export interface ReportStudy {
  id: number;
  title: string;
  modelA: string;
  modelB: string;
  dataset: string;
  /** How the rows were chosen, in words (a cohort filter naming a redacted column is withheld). */
  selection: string;
  rows: number;
  done: number;
  numSamples: number | null;
  summary: StudySummary;
  verdicts: Annotation[];
  /** Runs of the study that have a page of their own in the report (reviewed explanations). */
  runPages: number[];
}

/** One reviewed explanation, as its page shows it. */
export interface ReportExplanation {
  runId: number;
  model: string;
  modality: 'tabular' | 'text' | 'image';
  row: number | null;
  /** Tabular values (redacted ones replaced by the mark), or the text, or nothing for images. */
  values: [string, string][];
  text: string | null;
  /** Image runs: the picture and its overlay as PNG data URLs. */
  picture: string | null;
  overlay: string | null;
  prediction: { name: string; value: number; predicted: boolean }[];
  explanation: LabelExplanation;
  stability: LabelStability | null;
  runs: number;
  /** Kernel weights' effective sample size of the first run, and its samples; null for runs saved without it. */
  effectiveSampleSize: number | null;
  samples: number;
  /** With a sample guarantee: whether the selection is stable, in words (see guaranteeSummary). */
  guarantee: { stable: boolean; text: string } | null;
  /** Method both: KernelSHAP of the label explained, and how far it agrees with LIME. */
  kernelShap: LabelExplanation | null;
  agreement: LabelAgreement | null;
  /** Kernel width auto: the sweep that chose the width. */
  sweep: KernelWidthSweep | null;
  params: [string, string][];
  seed: number;
  verdicts: Annotation[];
}

/** What stands in for a redacted value everywhere in the report. */
export const REDACTED = '▇▇▇ redacted';

/** "1 reviewed explanation", "7 reviewed explanations": how the report's writers count what it holds. */
export function reviewedExplanations(count: number): string {
  return `${count} reviewed explanation${count === 1 ? '' : 's'}`;
}
