import {
  API_ARGUMENTS,
  API_METHODS,
  type ApiEvent,
  type ApiArgs,
  type ApiMethod,
  type ApiResults,
  type Result,
  type WorkbenchApi,
} from '../../../shared/contract/api';
import { WorkbenchError } from '../../../shared/contract/errors';
import { describeIssues } from '../../../shared/contract/profileSchema';
import { WorkerPool } from '../jobs/workerPool';
import type { PdfRenderer } from '../report/renderPdf';
import { useSigner } from '../store/auditLog';
import { UNCONFINED, type PathPolicy } from './pathPolicy';
import { openAudit, actorOf, readAuditInfo } from '../store/openAudit';
import { reportPdf } from '../report/writeReport';
import type { BackendContext } from './backendContext';
import { auditMethods } from './auditMethods';
import { explainMethods } from './explainMethods';
import { studyMethods } from './studyMethods';

export interface BackendOptions {
  /** The audit file to open. */
  storePath: string;
  /** Create it if missing. Default false. */
  create?: boolean;
  /** Explanation workers. Default 1. */
  workers?: number;
  /** Who acts, for the audit log; default the operating-system user. */
  actor?: string;
  /** For a new audit file. */
  title?: string;
  purpose?: string;
  /** How reports become PDF: headless Chromium by default; the desktop app passes Electron's printToPDF. */
  pdfRenderer?: PdfRenderer;
  /** Which files API calls may name and read: browser mode confines them; default unconfined. */
  paths?: PathPolicy;
  /**
   * Start the workers now and compile the engine in them (the app, which starts long before the first
   * explanation); default false: a one-off command would only wait for it.
   */
  warm?: boolean;
}

export interface Backend {
  api: WorkbenchApi;
  /**
   * The review report as PDF bytes, for browser mode to send as a download instead of writing a path;
   * arguments validated as exportReport's (without its path).
   */
  downloadReport(
    args: unknown,
  ): Promise<Result<{ pdf: Uint8Array; explanations: number; title: string; warnings: string[] }>>;
  /** Validates a call's arguments (untrusted: from the renderer or HTTP) and runs it; never throws. */
  dispatch(method: string, args: unknown): Promise<Result<unknown>>;
  /** dispatch, typed by method: what an in-process transport (the renderer's tests) calls. */
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<Result<ApiResults[M]>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * The workbench backend: the API over the audit store, the ONNX adapter and a pool of explanation
 * workers. The desktop shell wires it to IPC, `serve` to HTTP, tests call it directly; it never imports
 * electron.
 */
export function createBackend(options: BackendOptions): Backend {
  const listeners = new Set<(event: ApiEvent) => void>();
  const context: BackendContext = {
    db: openAudit(options.storePath, {
      create: options.create,
      title: options.title,
      purpose: options.purpose,
      actor: options.actor,
    }),
    storePath: options.storePath,
    actor: actorOf(options.actor),
    pool: new WorkerPool(options.workers ?? 1),
    jobs: new Map(),
    pdfRenderer: options.pdfRenderer,
    signer: null,
    paths: options.paths ?? UNCONFINED,
    emit: (event) => listeners.forEach((l) => l(event)),
    reopen(path, create, title, purpose, requireSignatures, passphrase) {
      // A passphrase unlocks (or, creating, encrypts) this audit only; it is kept by the connection, nowhere else.
      const next = openAudit(path, {
        create,
        title,
        purpose,
        actor: this.actor,
        requireSignatures,
        passphrase: passphrase ?? null,
      });
      useSigner(next, this.signer);
      this.db.close();
      this.db = next;
      this.storePath = path;
    },
  };
  if (options.warm) context.pool.warm();
  const api = { ...auditMethods(context), ...explainMethods(context), ...studyMethods(context) } satisfies WorkbenchApi;
  const backend: Backend = {
    api,
    // The method's own implementation made the value: its type is the method's result.
    call: (method, args) => backend.dispatch(method, args) as Promise<Result<ApiResults[typeof method]>>,
    async dispatch(method, args) {
      if (!(API_METHODS as string[]).includes(method)) {
        return failure(
          'invalid-argument',
          `method "${String(method).slice(0, 60)}": expected one of ${API_METHODS.join(', ')}`,
        );
      }
      const m = method as ApiMethod;
      const parsed = API_ARGUMENTS[m].safeParse(args ?? {});
      if (!parsed.success) return failure('invalid-argument', `${m}: ${describeIssues(parsed.error)}`);
      try {
        const value = await (api[m] as (a: unknown) => Promise<ApiResults[typeof m]>)(parsed.data);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof WorkbenchError) return failure(error.code, error.message);
        return failure('internal', `${m}: ${(error as Error).message}`);
      }
    },
    async downloadReport(args) {
      const parsed = API_ARGUMENTS.exportReport.omit({ path: true }).safeParse(args ?? {});
      if (!parsed.success) return failure('invalid-argument', `exportReport: ${describeIssues(parsed.error)}`);
      try {
        const { pdf, explanations, warnings } = await reportPdf(context.db, context.storePath, {
          ...parsed.data,
          renderer: context.pdfRenderer,
        });
        return { ok: true, value: { pdf, explanations, warnings, title: readAuditInfo(context.db).title } };
      } catch (error) {
        if (error instanceof WorkbenchError) return failure(error.code, error.message);
        return failure('internal', `exportReport: ${(error as Error).message}`);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await context.pool.close();
      context.db.close();
    },
  };
  return backend;
}

function failure(code: WorkbenchError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
