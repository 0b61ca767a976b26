import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, IPC_CALL, IPC_EVENT } from '../../shared/contract/methods';

/**
 * The whole surface the renderer gets: one call per API method name (arguments are validated in the
 * main process, not here), the job events, and the path of a dropped file. Nothing else of Node or
 * Electron crosses the bridge.
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
});
