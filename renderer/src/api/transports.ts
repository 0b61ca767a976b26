import type { ApiEvent, Result } from '../../../shared/contract/api';
import type { ChooseAuditKind } from '../../../shared/contract/methods';
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
      if (!response.ok && response.status !== 200) return { ok: false, error: { code: 'internal', message: `the workbench server answered ${response.status}` } };
      return (await response.json()) as Result<unknown>;
    },
    subscribe(listener) {
      const source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m) => listener(JSON.parse(m.data) as ApiEvent);
      return () => source.close();
    },
  };
}

/** What the desktop preload exposes on window (see electron/preload). */
export interface PreloadBridge {
  call(method: string, args: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The path of a file dropped on the window. */
  pathForFile(file: File): string;
  /** Opens or creates an audit through the native dialogs; null when the dialog was cancelled. */
  chooseAudit(kind: ChooseAuditKind): Promise<Result<{ path: string } | null>>;
  /** Chooses a reviewer's key file through the native open dialog; null when cancelled. */
  chooseKey(): Promise<Result<{ path: string } | null>>;
}

/** Desktop: the preload's bridge over Electron IPC. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return { call: (method, args) => bridge.call(method, args), subscribe: (listener) => bridge.onEvent(listener) };
}
