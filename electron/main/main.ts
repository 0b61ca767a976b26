import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { IPC_CALL, IPC_EVENT } from '../../shared/contract/methods';
import { createBackend, type Backend } from '../backend/app/createBackend';
import { demoAuditPath, ensureDemoAudit } from '../backend/app/demoAudit';
import { CONTENT_SECURITY_POLICY } from '../backend/http/serveHttp';

/**
 * The desktop shell, kept thin: a secure window on the built renderer (served from app://), the API over
 * one IPC channel to the same backend browser mode uses, menus, dialogs and recent audits.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
const recentFile = () => join(app.getPath('userData'), 'recent-audits.json');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
let backend: Backend;
/** Hidden windows printing a report: the only ones allowed a data: URL. */
const reportWindows = new Set<number>();
let window: BrowserWindow | null = null;

app.whenReady().then(async () => {
  const recent = readRecent();
  const start = recent.find((p) => existsSync(p)) ?? demoAuditPath(root);
  if (start === demoAuditPath(root)) await ensureDemoAudit(start, join(root, 'test', 'fixtures'));
  backend = createBackend({ storePath: start, workers: 2, pdfRenderer: printToPdf });
  remember(start);
  protocol.handle('app', async (request) => {
    const path = normalize(join(rendererDir, decodeURIComponent(new URL(request.url).pathname)));
    const file = path === rendererDir || path === rendererDir + sep ? join(rendererDir, 'index.html') : path;
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  // No network: every request that is not the app itself is refused; no permission is ever granted.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const reportPage = details.url.startsWith('data:') && details.webContentsId !== undefined && reportWindows.has(details.webContentsId);
    callback({ cancel: !details.url.startsWith('app://') && !details.url.startsWith('devtools://') && !reportPage });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // The same Content-Security-Policy on every response, whatever serves it.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  ipcMain.handle(IPC_CALL, (event, method: unknown, args: unknown) => {
    if (!event.senderFrame?.url.startsWith('app://')) return { ok: false, error: { code: 'invalid-argument', message: 'calls come from the app only' } };
    return backend.dispatch(String(method), args);
  });
  backend.onEvent((event) => window?.webContents.send(IPC_EVENT, event));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu()));
  openWindow();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', async () => {
  await backend?.close();
  app.quit();
});

function openWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'LIME Workbench',
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
  return [
    {
      label: 'File',
      submenu: [
        { label: 'Open Audit…', accelerator: 'CmdOrCtrl+O', click: () => void pick('openAudit', [{ name: 'Audit files', extensions: ['lwa', 'sqlite', 'db'] }]).then(reload) },
        { label: 'New Audit…', click: () => void create().then(reload) },
        { label: 'Open Recent', submenu: readRecent().map((p) => ({ label: p, click: () => void open(p).then(reload) })) },
        { type: 'separator' },
        { label: 'Add Model…', click: () => void pick('addModel', [{ name: 'ONNX models', extensions: ['onnx'] }]).then(reload) },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+P', click: () => void exportReport() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'Help', submenu: [{ label: 'Show the audit file in its folder', click: () => shell.showItemInFolder(readRecent()[0] ?? '') }] },
  ];
}

async function pick(method: 'openAudit' | 'addModel', filters: Electron.FileFilter[]): Promise<void> {
  const result = await dialog.showOpenDialog({ properties: ['openFile'], filters });
  if (result.canceled || !result.filePaths[0]) return;
  if (method === 'openAudit') return open(result.filePaths[0]);
  await report(backend.dispatch('addModel', { path: result.filePaths[0] }));
}

async function open(path: string): Promise<void> {
  if (await report(backend.dispatch('openAudit', { path }))) remember(path);
}

async function create(): Promise<void> {
  const result = await dialog.showSaveDialog({ filters: [{ name: 'Audit files', extensions: ['lwa'] }] });
  if (result.canceled || !result.filePath) return;
  if (await report(backend.dispatch('openAudit', { path: result.filePath, create: true }))) remember(result.filePath);
}

async function report(pending: ReturnType<Backend['dispatch']>): Promise<boolean> {
  const result = await pending;
  if (!result.ok) await dialog.showMessageBox({ type: 'error', message: result.error.message });
  return result.ok;
}

async function exportReport(): Promise<void> {
  const result = await dialog.showSaveDialog({ defaultPath: 'review-report.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (result.canceled || !result.filePath) return;
  if (await report(backend.dispatch('exportReport', { path: result.filePath }))) shell.showItemInFolder(result.filePath);
}

/**
 * Reports print with Electron's own Chromium: a hidden window with no preload and no JavaScript shows the
 * self-contained HTML (a data: URL, the one request it makes) and prints it with page numbers.
 */
async function printToPdf(html: string, options: { paper: 'A4' | 'Letter'; title: string }): Promise<Uint8Array> {
  const hidden = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
  reportWindows.add(hidden.webContents.id);
  try {
    await hidden.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    const footer = `<div style="font: 8px Helvetica, Arial; width: 100%; padding: 0 16mm; color: #555; display: flex; justify-content: space-between;"><span>${options.title.replace(/[<>&]/g, '')}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
    return await hidden.webContents.printToPDF({ pageSize: options.paper, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer, margins: { top: 0.63, bottom: 0.71, left: 0.63, right: 0.63 } });
  } finally {
    reportWindows.delete(hidden.webContents.id);
    hidden.destroy();
  }
}

function readRecent(): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(recentFile(), 'utf8'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function remember(path: string): void {
  writeFileSync(recentFile(), JSON.stringify([path, ...readRecent().filter((p) => p !== path)].slice(0, 10)));
}
