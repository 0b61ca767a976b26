import type { KernelWidthSweep } from '../engine/kernelWidthSweep';
import type { LabelAgreement } from '../engine/methodAgreement';
import type { ExplanationRun, StabilitySummary } from './explanation';
import type { Modality, ModelInfo, ModelProfile } from './model';

export const VERDICTS = ['trusted', 'not-trusted', 'follow-up'] as const;

/**
 * Why a run may need a second look: the surrogate misses the model or explains little, its seeds disagree,
 * LIME and KernelSHAP disagree, or a sample guarantee was asked for and not reached.
 */
export const RUN_FLAGS = ['low-fidelity', 'unstable', 'methods-disagree', 'not-guaranteed'] as const;
export type RunFlag = (typeof RUN_FLAGS)[number];

/** How the runs list is ordered: newest or oldest first, the lowest fidelity (weighted R²) first, or by row. */
export const RUN_SORTS = ['newest', 'oldest', 'score', 'row'] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export type Verdict = (typeof VERDICTS)[number];

export interface AuditInfo {
  title: string;
  purpose: string;
  createdAt: string;
  toolVersion: string;
  /** Every verdict must carry a reviewer's signature. */
  requireSignatures: boolean;
}

/** A model file registered in an audit. */
export interface ModelRecord {
  id: number;
  family: string;
  versionLabel: string;
  path: string;
  size: number;
  sha256: string;
  info: ModelInfo;
  profile: ModelProfile;
  addedAt: string;
}

export interface DatasetRecord {
  id: number;
  path: string;
  sha256: string;
  columns: string[];
  rowCount: number;
  addedAt: string;
}

/** What a run was checked against beside its own seeds; an explanation document and a saved run carry it alike. */
export interface RunChecks {
  /** Method both: KernelSHAP of the instance, and per label how far it agrees with LIME's first run. */
  kernelShap?: ExplanationRun;
  agreement?: LabelAgreement[];
  /** Kernel width auto: every width tried, the fidelity target, and the width chosen. */
  kernelWidthSweep?: KernelWidthSweep;
}

/** The checks `source` holds (an explanation's extras, a document), and nothing else. */
export function checksOf(source: RunChecks): RunChecks {
  return {
    ...(source.kernelShap ? { kernelShap: source.kernelShap, agreement: source.agreement ?? [] } : {}),
    ...(source.kernelWidthSweep ? { kernelWidthSweep: source.kernelWidthSweep } : {}),
  };
}

/** One explained instance, as saved: everything needed to re-run it. */
export interface SavedRun extends RunChecks {
  id: number;
  modelId: number;
  datasetId: number | null;
  trainDatasetId: number | null;
  row: number | null;
  modality: Modality;
  instance: Record<string, number | string>;
  params: Record<string, unknown>;
  seed: number;
  prediction: number[];
  runs: ExplanationRun[];
  stability: StabilitySummary | null;
  toolVersion: string;
  createdAt: string;
}

/** A saved run in a listing, with its latest verdict. */
export interface RunSummary {
  id: number;
  modelId: number;
  modelFamily: string;
  modelVersion: string;
  row: number | null;
  modality: Modality;
  label: number | null;
  labelName: string | null;
  score: number;
  localPrediction: number;
  modelPrediction: number;
  seed: number;
  createdAt: string;
  verdict: Verdict | null;
  reviewer: string | null;
  annotationVersion: number | null;
  /** With a sample guarantee: whether every seed's selection was stable, and the most samples a seed used. */
  guarantee: { stable: boolean; samples: number } | null;
}

export interface Annotation {
  id: number;
  runId: number;
  version: number;
  verdict: Verdict;
  rationale: string;
  tags: string[];
  reviewer: string;
  createdAt: string;
  /** Fingerprint of the reviewer key that signed the verdict's log entry; null when unsigned. */
  signedBy: string | null;
}

export interface AuditLogEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A position in the audit log and its hash: archived outside the file, it proves what came before. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** An anchor as people copy it: `SEQ:HASH`. */
export function formatHead(head: AuditHead | null): string {
  return head ? `${head.seq}:${head.hash}` : 'none (the audit log is empty)';
}

/** A key fingerprint for people: its first 16 hex digits in groups of four. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 16).replace(/(.{4})(?!$)/g, '$1 ');
}

/** What signed the audit: each reviewer key recorded, and how many entries and verdicts are signed. */
export interface SignatureSummary {
  keys: { reviewer: string; fingerprint: string }[];
  signedEntries: number;
  verdicts: number;
  signedVerdicts: number;
  required: boolean;
}

/** What `verify` found: each failure names what failed; warnings are what it could not prove. */
export interface VerifyReport {
  ok: boolean;
  integrity: string[];
  schemaVersion: number;
  logEntries: number;
  headHash: string | null;
  head: AuditHead | null;
  signatures: SignatureSummary;
  /** With an anchor (--expect-head): whether it is in the chain, and how many entries came after it. */
  anchor?: { head: AuditHead; found: boolean; entriesAfter: number };
  /** With a seal (--seal): whether the file is still exactly the sealed one. */
  seal?: { path: string; matches: boolean; reviewers: string[] };
  failures: {
    kind: 'integrity' | 'schema' | 'log' | 'content' | 'model-file' | 'signature' | 'anchor' | 'seal' | 'merged';
    message: string;
  }[];
  warnings: string[];
}
