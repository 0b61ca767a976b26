import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DatasetPage } from '../../../shared/contract/api';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { readCsv } from '../data/readCsv';
import { readTexts } from '../data/readTexts';

const IMAGE = /\.(png|jpe?g)$/i;

/** What a data file (or folder of images) holds: its kind, columns, rows, and content hash. */
export interface DatasetContent {
  kind: DatasetPage['kind'];
  sha256: string;
  columns: string[];
  rows: string[][];
  /** Images: the file of each row. */
  files?: string[];
}

export function datasetKind(path: string, isDirectory: boolean): DatasetPage['kind'] {
  if (isDirectory || IMAGE.test(path)) return 'images';
  if (/\.csv$/i.test(path)) return 'table';
  if (/\.(jsonl|ndjson|txt)$/i.test(path)) return 'texts';
  throw invalidInput(
    path,
    'a CSV table, a JSON Lines or text file, an image, or a folder of images',
    `a ${extname(path) || 'file without extension'}`,
  );
}

/** A registered dataset's kind, asking the file system whether its path is a folder (names can have dots). */
export function datasetKindOf(path: string): DatasetPage['kind'] {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Moved or deleted: judge by its name; reading its rows will say it is missing.
  }
  return datasetKind(path, isDirectory);
}

/** Reads a dataset's content. Folders of images hash every file's name and bytes, in order. */
export async function readDataset(path: string): Promise<DatasetContent> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new WorkbenchError('not-found', `${path}: expected a data file or a folder of images, found nothing there`);
  }
  const kind = datasetKind(path, isDirectory);
  if (kind === 'table') {
    const csv = await readCsv(path);
    return { kind, sha256: csv.sha256, columns: csv.header, rows: csv.rows };
  }
  if (kind === 'texts') {
    const { texts, sha256Source } = await readTexts(path);
    return {
      kind,
      sha256: createHash('sha256').update(sha256Source).digest('hex'),
      columns: ['text'],
      rows: texts.map((t) => [t]),
    };
  }
  const files = isDirectory
    ? (await readdir(path))
        .filter((f) => IMAGE.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw invalidInput(path, 'a folder with PNG or JPEG images', 'none');
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.slice(path.length)).update(await readFile(f));
  return {
    kind,
    sha256: hash.digest('hex'),
    columns: ['file'],
    rows: files.map((f) => [f.slice(isDirectory ? path.length + 1 : 0)]),
    files,
  };
}

/** One page of rows, filtered by a case-insensitive search over every cell and sorted by a column. */
export function pageOf(
  content: DatasetContent,
  datasetId: number,
  options: { offset?: number; limit?: number; search?: string; sortColumn?: string; sortDescending?: boolean },
): DatasetPage {
  let rows = content.rows.map((cells, row) => ({ row, cells }));
  const search = options.search?.trim().toLowerCase();
  if (search) rows = rows.filter((r) => r.cells.some((c) => c.toLowerCase().includes(search)));
  if (options.sortColumn !== undefined) {
    const k = content.columns.indexOf(options.sortColumn);
    if (k < 0)
      throw invalidInput(
        `sortColumn "${options.sortColumn}"`,
        `a column of the dataset (${content.columns.slice(0, 8).join(', ')}…)`,
        'no such column',
      );
    const numeric = rows.every((r) => r.cells[k].trim() !== '' && Number.isFinite(Number(r.cells[k])));
    rows.sort(
      (x, y) =>
        (numeric ? Number(x.cells[k]) - Number(y.cells[k]) : x.cells[k].localeCompare(y.cells[k])) *
        (options.sortDescending ? -1 : 1),
    );
  }
  const offset = options.offset ?? 0;
  return {
    datasetId,
    kind: content.kind,
    columns: content.columns,
    total: rows.length,
    rows: rows.slice(offset, offset + (options.limit ?? 100)),
  };
}
