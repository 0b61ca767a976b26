// A stand-in for the `electron` module, for running the packed main bundle under plain Node where the Electron
// binary cannot be had. It implements only what electron/main uses, records what main registers (protocol
// handlers, IPC handlers, windows, menus, dialogs), and does what Electron does at start that main relies on:
// `process.resourcesPath`, `app.isPackaged`, and the user-data folder created before `ready`.
// Environment: STANDIN_USER_DATA (the user-data folder), STANDIN_RESOURCES (the package's resources folder).
import { mkdirSync } from 'node:fs';

const userData = process.env.STANDIN_USER_DATA;
if (!userData || !process.env.STANDIN_RESOURCES)
  throw new Error('electron stand-in: set STANDIN_USER_DATA and STANDIN_RESOURCES');
process.resourcesPath = process.env.STANDIN_RESOURCES;

/** Everything main did, for the harness to inspect and drive. */
export const record = {
  privilegedSchemes: [],
  protocols: new Map(),
  ipcHandlers: new Map(),
  appListeners: new Map(),
  windows: [],
  menus: [],
  messageBoxes: [],
  shownInFolder: [],
  quit: false,
  beforeRequest: null,
  headersReceived: null,
  permissionHandler: null,
  /** Answers for the next file dialogs: { filePath } for a save dialog, { filePaths } for an open dialog. */
  dialogAnswers: [],
  /** ipcMain.on listeners by channel (messages the preload sends without a reply). */
  ipcListeners: new Map(),
};

let nextContentsId = 1;

class WebContents {
  constructor() {
    this.id = nextContentsId++;
    this.sent = [];
    this.listeners = new Map();
    this.windowOpenHandler = null;
    this.printed = [];
  }
  send(channel, payload) {
    this.sent.push({ channel, payload });
  }
  on(event, listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  reload() {
    this.reloads = (this.reloads ?? 0) + 1;
  }
  /** No Chromium here: records what it was asked to print and returns a marked stand-in PDF. */
  async printToPDF(options) {
    this.printed.push(options);
    return Buffer.from('%PDF-1.4\n% electron stand-in: printToPDF has no renderer here\n%%EOF\n');
  }
}

export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.webContents = new WebContents();
    this.titles = [];
    this.progress = [];
    this.urls = [];
    this.destroyed = false;
    record.windows.push(this);
    for (const listener of record.appListeners.get('web-contents-created') ?? []) listener({}, this.webContents);
  }
  async loadURL(url) {
    this.urls.push(url);
  }
  setTitle(title) {
    this.titles.push(title);
  }
  setProgressBar(value) {
    this.progress.push(value);
  }
  destroy() {
    this.destroyed = true;
  }
}

export const app = {
  isPackaged: true,
  whenReady() {
    // Electron creates the user-data folder before it is ready.
    mkdirSync(userData, { recursive: true });
    return Promise.resolve();
  },
  on(event, listener) {
    record.appListeners.set(event, [...(record.appListeners.get(event) ?? []), listener]);
    return app;
  },
  getPath(name) {
    if (name !== 'userData') throw new Error(`electron stand-in: getPath("${name}") is not provided`);
    return userData;
  },
  quit() {
    record.quit = true;
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    record.protocols.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    webRequest: {
      onBeforeRequest(listener) {
        record.beforeRequest = listener;
      },
      onHeadersReceived(listener) {
        record.headersReceived = listener;
      },
    },
    setPermissionRequestHandler(handler) {
      record.permissionHandler = handler;
    },
  },
};

export const ipcMain = {
  handle(channel, handler) {
    record.ipcHandlers.set(channel, handler);
  },
  on(channel, listener) {
    record.ipcListeners.set(channel, listener);
  },
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu(menu) {
    record.menus.push(menu);
  },
};

const answer = () => record.dialogAnswers.shift() ?? { canceled: true, filePaths: [] };
export const dialog = {
  async showMessageBox(options) {
    record.messageBoxes.push(options);
    return { response: 0 };
  },
  async showOpenDialog() {
    return { canceled: false, filePaths: [], ...answer() };
  },
  async showSaveDialog() {
    return { canceled: false, ...answer() };
  },
};

export const shell = {
  showItemInFolder(path) {
    record.shownInFolder.push(path);
  },
};

// The preload's imports; main does not use them.
export const contextBridge = {};
export const ipcRenderer = {};
export const webUtils = {};
export default {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  contextBridge,
  ipcRenderer,
  webUtils,
};
