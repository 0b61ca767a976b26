import type { ApiArgs, ApiEvent, ApiMethod, ApiResults, Result } from '../../../shared/contract/api';
import type { ChooseAuditKind, ChoosePathKind } from '../../../shared/contract/methods';
import type { Transport } from './client';

/** Browser mode: POST /api/<method> with the session token; events over server-sent events. */
export function httpTransport(token: string): Transport {
  return {
    async call(method, args) {
      const response = await fetch(`./api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lime-token': token },
        body: JSON.stringify(args),
      });
      if (!response.ok && response.status !== 200)
        return { ok: false, error: { code: 'internal', message: `the workbench server answered ${response.status}` } };
      // The server's reply to this method: JSON, so typed here, at the wire.
      return (await response.json()) as Result<ApiResults[typeof method]>;
    },
    subscribe(listener) {
      const source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as ApiEvent);
      return () => source.close();
    },
  };
}

/** A report sent by the server as a download (browser mode), or the error it answered with. */
export type ReportDownload = (args: {
  paper: 'A4' | 'Letter';
  redact: string[];
  redactWords: string[];
  redactImages: boolean;
  redactRelated: boolean;
  only?: 'flagged';
}) => Promise<{ blob: Blob; name: string; explanations: number; warnings: string[] }>;

/** Browser mode: the review report comes back as a PDF to save, never written to a path by the server. */
export function httpReportDownload(token: string): ReportDownload {
  return async (args) => {
    const response = await fetch('./api/exportReport/download', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lime-token': token },
      body: JSON.stringify(args),
    });
    if (response.headers.get('content-type') !== 'application/pdf') {
      const reply = (await response.json().catch(() => null)) as Result<unknown> | null;
      throw new Error(reply && !reply.ok ? reply.error.message : `the workbench server answered ${response.status}`);
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'review report.pdf';
    const warnings = JSON.parse(decodeURIComponent(response.headers.get('x-warnings') ?? '%5B%5D')) as string[];
    return {
      blob: await response.blob(),
      name,
      explanations: Number(response.headers.get('x-explanations') ?? 0),
      warnings,
    };
  };
}

/** What the desktop preload exposes on window (see electron/preload). */
export interface PreloadBridge {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<Result<ApiResults[M]>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The path of a file dropped on the window. */
  pathForFile(file: File): string;
  /** Opens or creates an audit through the native dialogs; null when the dialog was cancelled. */
  chooseAudit(kind: ChooseAuditKind, passphrase?: string): Promise<Result<{ path: string } | null>>;
  /** Chooses a reviewer's key file through the native open dialog; null when cancelled. */
  chooseKey(): Promise<Result<{ path: string } | null>>;
  /** Chooses a form's file or folder through a native dialog; null when cancelled. */
  choosePath(kind: ChoosePathKind): Promise<Result<{ path: string } | null>>;
}

declare global {
  interface Window {
    /** The desktop app's preload bridge; absent in browser mode. */
    limeWorkbench?: PreloadBridge;
  }
}

/** Desktop: the preload's bridge over Electron IPC. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return { call: (method, args) => bridge.call(method, args), subscribe: (listener) => bridge.onEvent(listener) };
}
