import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import type { Result } from '../../shared/contract/api';
import {
  CHOOSE_AUDIT_KINDS,
  CHOOSE_PATH_KINDS,
  IPC_CALL,
  IPC_CHOOSE_AUDIT,
  IPC_CHOOSE_KEY,
  IPC_CHOOSE_PATH,
  IPC_DROPPED,
  IPC_EVENT,
  type ChooseAuditKind,
  type ChoosePathKind,
} from '../../shared/contract/methods';
import { createBackend, type Backend } from '../backend/app/createBackend';
import { chosenOnly } from '../backend/app/pathPolicy';
import { demoAuditPath, demoMaterialDir, ensureDemoAudit } from '../backend/app/demoAudit';
import { readRecentAudits, rememberAudit } from '../backend/app/recentAudits';
import { CONTENT_SECURITY_POLICY, rendererFile } from '../backend/http/rendererFiles';
import { choosePath } from './choosePath';
import { isReportWindow, printToPdf } from './printToPdf';

/**
 * The desktop shell, kept thin: a secure window on the built renderer (served from app://), the API over
 * one IPC channel to the same backend browser mode uses, menus, dialogs and recent audits. It writes only
 * to the user-data folder: the installed app is a read-only archive.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
/** The page names only paths the user chose this session (dialogs, drops) or in the user-data folder. */
let paths: ReturnType<typeof chosenOnly>;
/** A path the user chose in a native dialog: the API takes it from now on. */
const chose = (path: string) => (paths.choose(path), path);
const TITLE = 'LIME Workbench';

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
/** Resolves once the first audit is open (on a first start, after the demo audit is built). */
let backendReady: Promise<Backend> | undefined;
let window: BrowserWindow | null = null;

app
  .whenReady()
  .then(start)
  .catch((error: Error) => {
    dialog.showErrorBox('LIME Workbench could not start', error.message);
    app.quit();
  });

function start(): void {
  const userData = app.getPath('userData');
  paths = chosenOnly(userData);
  const recent = readRecentAudits(userData);
  // The audit opened at start is the user's choice from an earlier session.
  if (recent.paths[0]) paths.choose(recent.paths[0]);
  protocol.handle('app', serveRenderer);
  // No network: every request that is not the app itself is refused; no permission is ever granted.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const reportPage =
      details.url.startsWith('data:') && details.webContentsId !== undefined && isReportWindow(details.webContentsId);
    callback({ cancel: !details.url.startsWith('app://') && !details.url.startsWith('devtools://') && !reportPage });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // The same Content-Security-Policy on every response, whatever serves it.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown) => {
    if (!fromApp(event)) return refused('calls come from the app only');
    try {
      return (await opened()).dispatch(String(method), args);
    } catch (error) {
      return {
        ok: false,
        error: { code: 'internal', message: `the audit could not be opened: ${(error as Error).message}` },
      };
    }
  });
  ipcMain.handle(IPC_CHOOSE_AUDIT, (event, kind: unknown, passphrase: unknown) => {
    if (!fromApp(event)) return refused('calls come from the app only');
    if (!(CHOOSE_AUDIT_KINDS as readonly unknown[]).includes(kind))
      return refused(`chooseAudit: expected "open", "new" or "new-signed", found ${typeof kind}`);
    if (passphrase !== undefined && typeof passphrase !== 'string')
      return refused('chooseAudit: expected a passphrase as text');
    return chooseAudit(kind as ChooseAuditKind, passphrase || undefined);
  });
  ipcMain.handle(IPC_CHOOSE_KEY, async (event) => {
    if (!fromApp(event)) return refused('calls come from the app only');
    const picked = await dialog.showOpenDialog({
      title: 'Sign with a reviewer key',
      properties: ['openFile'],
      filters: [{ name: 'Reviewer keys', extensions: ['json'] }],
    });
    return { ok: true, value: picked.filePaths[0] ? { path: chose(picked.filePaths[0]) } : null };
  });
  ipcMain.handle(IPC_CHOOSE_PATH, async (event, kind: unknown) => {
    if (!fromApp(event)) return refused('calls come from the app only');
    if (!(CHOOSE_PATH_KINDS as readonly unknown[]).includes(kind))
      return refused(`choosePath: expected one of ${CHOOSE_PATH_KINDS.join(', ')}, found ${typeof kind}`);
    const path = await choosePath(kind as ChoosePathKind);
    return { ok: true, value: path ? { path: chose(path) } : null };
  });
  // The preload reports each dropped file's path (Electron's, not the page's): dropping is choosing.
  ipcMain.on(IPC_DROPPED, (event, path: unknown) => {
    if (fromApp(event) && typeof path === 'string' && path.length > 0 && path.length < 4096) chose(path);
  });
  openWindow();
  if (recent.dropped.length)
    note(`Removed from the recent audits, since the file no longer exists: ${recent.dropped.join(', ')}`);
  backendReady = openFirstAudit(recent.paths[0]);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu()));
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => {
  // The audit is closed (its WAL checkpointed) before the process ends, whether or not it ever opened.
  void (backendReady ?? Promise.resolve(null))
    .catch(() => null)
    .then((backend) => backend?.close())
    .finally(() => app.quit());
});

/**
 * The most recent audit, or (none, or it no longer opens) the demo audit in the user-data folder — built from
 * the demo resources the first time, with its progress in the window's title and progress bar (the
 * renderer's first calls wait for it).
 */
async function openFirstAudit(recent: string | undefined): Promise<Backend> {
  let path = recent;
  let backend: Backend | null = null;
  if (path) {
    try {
      backend = createBackend({ storePath: path, workers: 2, pdfRenderer: printToPdf, warm: true, paths });
    } catch (error) {
      // A recent audit that no longer opens (damaged, or from a newer version) must not leave the app stuck.
      note(`${path} could not be opened (${(error as Error).message}); the demo audit is open instead.`);
    }
  }
  if (!backend) {
    path = demoAuditPath(app.getPath('userData'));
    const material = app.isPackaged ? join(process.resourcesPath, 'demo') : demoMaterialDir(root);
    await ensureDemoAudit(path, material, (message, done, total) => {
      window?.setTitle(done < total ? `${TITLE} — first start: ${message} (${done} of ${total})` : TITLE);
      window?.setProgressBar(done < total ? done / total : -1);
    });
    backend = createBackend({ storePath: path, workers: 2, pdfRenderer: printToPdf, warm: true, paths });
  }
  backend.onEvent((event) => window?.webContents.send(IPC_EVENT, event));
  remember(path!);
  return backend;
}

/** The open audit's backend (the window opens before it is ready). */
function opened(): Promise<Backend> {
  if (!backendReady) throw new Error('the app has not started yet');
  return backendReady;
}

function fromApp(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.startsWith('app://') ?? false;
}

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid-argument', message } };
}

/** app://workbench/… : the built renderer, nothing outside its folder. */
async function serveRenderer(request: Request): Promise<Response> {
  try {
    const found = await rendererFile(rendererDir, new URL(request.url).pathname);
    if (found.status === 404) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(found.body), {
      headers: { 'content-type': found.type, 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  } catch {
    return new Response('malformed percent-encoding in the request path', { status: 400 });
  }
}

function openWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: TITLE,
    webPreferences: {
      preload: join(root, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  void window.loadURL('app://workbench/index.html');
}

function menu(): MenuItemConstructorOptions[] {
  const reload = () => window?.webContents.reload();
  const recent = readRecentAudits(app.getPath('userData')).paths;
  return [
    {
      label: 'File',
      submenu: [
        {
          label: 'New Audit…',
          accelerator: 'CmdOrCtrl+N',
          click: () => void chooseAudit('new').then((r) => r.ok && r.value && reload()),
        },
        {
          label: 'Open Audit…',
          accelerator: 'CmdOrCtrl+O',
          click: () => void chooseAudit('open').then((r) => r.ok && r.value && reload()),
        },
        {
          label: 'Open Recent',
          submenu: recent.map((p) => ({ label: p, click: () => void openRecent(p).then((ok) => ok && reload()) })),
        },
        { type: 'separator' },
        { label: 'Add Model…', click: () => void addModel().then(reload) },
        { label: 'Add Model Export Folder…', click: () => void addModel('folder').then(reload) },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+P', click: () => void exportReport() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Help',
      submenu: [{ label: 'Show the audit file in its folder', click: () => shell.showItemInFolder(recent[0] ?? '') }],
    },
  ];
}

/** File › New Audit… and Open Audit…, and the Audit screen's buttons: a native dialog, then the audit opens. */
/** @param passphrase an encrypted audit's (typed in the Audit screen), or for a new audit to encrypt it */
async function chooseAudit(kind: ChooseAuditKind, passphrase?: string): Promise<Result<{ path: string } | null>> {
  const create = kind !== 'open';
  const filters = [{ name: 'Audit files', extensions: create ? ['lwa'] : ['lwa', 'sqlite', 'db'] }];
  const path = create
    ? (await dialog.showSaveDialog({ title: 'New audit', defaultPath: 'review.lwa', filters })).filePath
    : (await dialog.showOpenDialog({ title: 'Open audit', properties: ['openFile'], filters })).filePaths[0];
  if (!path) return { ok: true, value: null };
  chose(path);
  const result = await (
    await opened()
  ).dispatch('openAudit', {
    path,
    create,
    ...(kind === 'new-signed' ? { requireSignatures: true } : {}),
    ...(passphrase ? { passphrase } : {}),
  });
  if (!result.ok) {
    await dialog.showMessageBox({ type: 'error', message: result.error.message });
    return result;
  }
  remember(path);
  return { ok: true, value: { path } };
}

/** A recent audit: opened, or, when it no longer exists, dropped from the list with a note. */
async function openRecent(path: string): Promise<boolean> {
  if (!existsSync(path)) {
    readRecentAudits(app.getPath('userData'));
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu()));
    note(`Removed from the recent audits, since the file no longer exists: ${path}`);
    return false;
  }
  if (!(await report((await opened()).dispatch('openAudit', { path: chose(path) })))) return false;
  remember(path);
  return true;
}

/** File › Add Model…: an ONNX file; Add Model Export Folder…: a Hugging Face export folder (Linux and Windows dialogs pick one kind). */
async function addModel(kind: 'file' | 'folder' = 'file'): Promise<void> {
  const result = await dialog.showOpenDialog(
    kind === 'file'
      ? { properties: ['openFile'], filters: [{ name: 'ONNX models', extensions: ['onnx'] }] }
      : { title: 'Add a model export folder', properties: ['openDirectory'] },
  );
  if (result.canceled || !result.filePaths[0]) return;
  await report((await opened()).dispatch('addModel', { path: chose(result.filePaths[0]) }));
}

async function report(pending: ReturnType<Backend['dispatch']>): Promise<boolean> {
  const result = await pending;
  if (!result.ok) await dialog.showMessageBox({ type: 'error', message: result.error.message });
  return result.ok;
}

function note(message: string): void {
  void dialog.showMessageBox({ type: 'info', message });
}

async function exportReport(): Promise<void> {
  const result = await dialog.showSaveDialog({
    defaultPath: 'review-report.pdf',
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (result.canceled || !result.filePath) return;
  if (await report((await opened()).dispatch('exportReport', { path: chose(result.filePath) })))
    shell.showItemInFolder(result.filePath);
}

/** Puts the audit first in the recent list and in File › Open Recent. */
function remember(path: string): void {
  rememberAudit(app.getPath('userData'), path);
  if (backendReady) Menu.setApplicationMenu(Menu.buildFromTemplate(menu()));
}
