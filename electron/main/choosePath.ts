import { dialog } from 'electron';
import type { ChoosePathKind } from '../../shared/contract/methods';

/** The native dialog behind each kind of path a form asks for: open a file or folder, or save a file. */
const PATH_DIALOGS: Record<
  ChoosePathKind,
  { title: string; save?: { defaultPath: string }; folder?: boolean; filters?: Electron.FileFilter[] }
> = {
  model: { title: 'Add a model', filters: [{ name: 'ONNX models', extensions: ['onnx'] }] },
  'model-folder': { title: 'Add a model export folder', folder: true },
  data: {
    title: 'Add data',
    filters: [{ name: 'Data', extensions: ['csv', 'jsonl', 'ndjson', 'txt', 'png', 'jpg', 'jpeg'] }],
  },
  'data-folder': { title: 'Add a folder of images', folder: true },
  report: {
    title: 'Export the review report',
    save: { defaultPath: 'review-report.pdf' },
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  },
  'audit-copy': {
    title: 'Write a redacted copy of the audit',
    save: { defaultPath: 'redacted-copy.lwa' },
    filters: [{ name: 'Audit files', extensions: ['lwa'] }],
  },
};

/** The native dialog for a form's path: a file or a folder to read, or a file to write; null when cancelled. */
export async function choosePath(kind: ChoosePathKind): Promise<string | null> {
  const { title, save, folder, filters } = PATH_DIALOGS[kind];
  if (save) return (await dialog.showSaveDialog({ title, defaultPath: save.defaultPath, filters })).filePath || null;
  const properties: ('openFile' | 'openDirectory')[] = [folder ? 'openDirectory' : 'openFile'];
  return (await dialog.showOpenDialog({ title, properties, ...(filters ? { filters } : {}) })).filePaths[0] ?? null;
}
