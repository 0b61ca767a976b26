/**
 * The names of every API method, with no dependency: the preload (a sandboxed script) exposes exactly
 * these, the desktop's IPC handler dispatches them, and browser mode routes them. api.ts checks that its
 * schemas cover this list and nothing else.
 */
export const API_METHOD_NAMES = [
  'getAudit',
  'openAudit',
  'listModels',
  'addModel',
  'updateModelProfile',
  'listDatasets',
  'addDataset',
  'getDatasetRows',
  'prepareModel',
  'runExplanation',
  'pickInstances',
  'cancelJob',
  'listRuns',
  'getRun',
  'saveAnnotation',
  'saveAnnotations',
  'compareRuns',
  'createStudy',
  'resumeStudy',
  'listStudies',
  'getStudy',
  'saveStudyAnnotation',
  'listPicks',
  'verifyAudit',
  'exportReport',
  'listKeys',
  'useKey',
  'exportRedactedCopy',
] as const;

export type ApiMethodName = (typeof API_METHOD_NAMES)[number];

/** IPC channel names of the desktop app. */
export const IPC_CALL = 'lime-workbench:call';
export const IPC_EVENT = 'lime-workbench:event';
/** Desktop only: open or create an audit through the native file dialogs (`'open'` or `'new'`). */
export const IPC_CHOOSE_AUDIT = 'lime-workbench:choose-audit';
/** 'new-signed': a new audit whose verdicts must all be signed. */
export const CHOOSE_AUDIT_KINDS = ['open', 'new', 'new-signed'] as const;
/** Desktop only: choose a reviewer's key file through the native open dialog; replies with its path. */
export const IPC_CHOOSE_KEY = 'lime-workbench:choose-key';
/**
 * Desktop only: choose a file or folder for a form through a native dialog (the page sends no path of its
 * own: the API takes only paths chosen this way, dropped, or in the user's data folder).
 */
export const IPC_CHOOSE_PATH = 'lime-workbench:choose-path';
export const CHOOSE_PATH_KINDS = ['model', 'model-folder', 'data', 'data-folder', 'report', 'audit-copy'] as const;
export type ChoosePathKind = (typeof CHOOSE_PATH_KINDS)[number];
/** Desktop only: the preload tells the main process which file the user dropped (its path, from Electron). */
export const IPC_DROPPED = 'lime-workbench:dropped';
export type ChooseAuditKind = (typeof CHOOSE_AUDIT_KINDS)[number];
