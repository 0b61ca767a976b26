import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, CHOOSE_AUDIT_KINDS, IPC_CALL, IPC_CHOOSE_AUDIT, IPC_CHOOSE_KEY, IPC_EVENT } from '../../shared/contract/methods';

/**
 * The whole surface the renderer gets: one call per API method name (arguments are validated in the
 * main process, not here), the job events, the path of a dropped file, opening or creating an audit
 * and choosing a reviewer's key file through the native dialogs. Nothing else of Node or Electron crosses the bridge.
 */
contextBridge.exposeInMainWorld('limeWorkbench', {
  methods: [...API_METHOD_NAMES],
  call: (method: string, args: unknown) => {
    if (!(API_METHOD_NAMES as readonly string[]).includes(method)) return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: `method "${method}": not an API method` } });
    return ipcRenderer.invoke(IPC_CALL, method, args);
  },
  onEvent: (listener: (event: unknown) => void) => {
    const handler = (_: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  chooseAudit: (kind: string) => {
    if (!(CHOOSE_AUDIT_KINDS as readonly string[]).includes(kind)) return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: `chooseAudit: expected "open", "new" or "new-signed", found "${String(kind).slice(0, 20)}"` } });
    return ipcRenderer.invoke(IPC_CHOOSE_AUDIT, kind);
  },
  chooseKey: () => ipcRenderer.invoke(IPC_CHOOSE_KEY),
});
