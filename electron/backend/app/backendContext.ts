import type { ApiEvent } from '../../../shared/contract/api';
import type { WorkerPool } from '../jobs/workerPool';
import type { Signer } from '../keys/reviewerKeys';
import type { PdfRenderer } from '../report/renderPdf';
import type { Db } from '../store/openAudit';
import type { PathPolicy } from './pathPolicy';

/** What every method implementation shares. */
export interface BackendContext {
  db: Db;
  storePath: string;
  actor: string;
  pool: WorkerPool;
  /** Jobs under way, by id: cancelJob aborts one. */
  jobs: Map<string, AbortController>;
  pdfRenderer?: PdfRenderer;
  /** The reviewer's key this session signs with (useKey), carried over when another audit is opened. */
  signer: Signer | null;
  /** Every path a call names, and every file read for one, passes here first. */
  paths: PathPolicy;
  emit(event: ApiEvent): void;
  /** Replaces the open audit (openAudit). */
  reopen(
    path: string,
    create: boolean,
    title?: string,
    purpose?: string,
    requireSignatures?: boolean,
    passphrase?: string,
  ): void;
}
