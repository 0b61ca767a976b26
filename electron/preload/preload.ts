import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  API_METHOD_NAMES,
  CHOOSE_AUDIT_KINDS,
  CHOOSE_PATH_KINDS,
  IPC_CALL,
  IPC_CHOOSE_AUDIT,
  IPC_CHOOSE_KEY,
  IPC_CHOOSE_PATH,
  IPC_DROPPED,
  IPC_EVENT,
} from '../../shared/contract/methods';

/**
 * The whole surface the renderer gets: one call per API method name (arguments are validated in the
 * main process, not here), the job events, the path of a dropped file, and the native dialogs: opening or
 * creating an audit, choosing a reviewer's key file, and any other file or folder a form needs (the API
 * takes no path the page typed). Nothing else of Node or Electron crosses the bridge.
 */
contextBridge.exposeInMainWorld('limeWorkbench', {
  methods: [...API_METHOD_NAMES],
  call: (method: string, args: unknown) => {
    if (!(API_METHOD_NAMES as readonly string[]).includes(method))
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-argument', message: `method "${method}": not an API method` },
      });
    return ipcRenderer.invoke(IPC_CALL, method, args);
  },
  onEvent: (listener: (event: unknown) => void) => {
    const handler = (_: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
  // A dropped file's path comes from Electron, not the page, and the main process records it as chosen.
  pathForFile: (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(IPC_DROPPED, path);
    return path;
  },
  chooseAudit: (kind: string, passphrase?: string) => {
    if (!(CHOOSE_AUDIT_KINDS as readonly string[]).includes(kind))
      return Promise.resolve({
        ok: false,
        error: {
          code: 'invalid-argument',
          message: `chooseAudit: expected "open", "new" or "new-signed", found "${String(kind).slice(0, 20)}"`,
        },
      });
    if (passphrase !== undefined && (typeof passphrase !== 'string' || passphrase.length > 1024))
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-argument', message: 'chooseAudit: expected a passphrase of at most 1024 characters' },
      });
    return ipcRenderer.invoke(IPC_CHOOSE_AUDIT, kind, passphrase);
  },
  chooseKey: () => ipcRenderer.invoke(IPC_CHOOSE_KEY),
  choosePath: (kind: string) => {
    if (!(CHOOSE_PATH_KINDS as readonly string[]).includes(kind))
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-argument', message: `choosePath: expected one of ${CHOOSE_PATH_KINDS.join(', ')}` },
      });
    return ipcRenderer.invoke(IPC_CHOOSE_PATH, kind);
  },
});
