import type { TabularColumn, TabularTable } from '../../../shared/domain/tabular';
import { WorkbenchError, invalidInput, nameList } from '../../../shared/contract/errors';
import { quote } from '../../../shared/contract/limits';
import type { CsvTable } from './readCsv';

/** Instances and training rows of one tabular data set, coded alike. */
export interface TabularDataset {
  columns: TabularColumn[];
  train: TabularTable;
  /** Ground truth of the training rows as class indices (classification) or values; null without a label column. */
  trainLabels: Float64Array | null;
  data: TabularTable;
  /** The data rows' feature cells as text (for display and storage). */
  dataCells: string[][];
}

export interface TabularDatasetOptions {
  /** A column of the CSVs that is the ground truth, not a feature. */
  labelColumn?: string | null;
  /** Columns the user asked to treat as categories, besides those holding non-numbers; each must exist. */
  categorical?: string[];
  /** Columns the model takes as strings: categorical where present (a missing one is the feed plan's to report). */
  modelCategorical?: string[];
  /** Class names, to read a text label column as class indices. */
  classNames?: string[] | null;
}

/**
 * Codes the data and training CSVs into tables: numbers as numbers, categorical columns as indices into
 * their categories (sorted; values seen only in the data are appended). Refuses missing, empty and NaN
 * cells, naming the file, row and column.
 */
export function buildTabularDataset(
  data: CsvTable,
  train: CsvTable,
  options: TabularDatasetOptions = {},
): TabularDataset {
  const label = options.labelColumn ?? null;
  for (const t of [data, train]) {
    if (label !== null && !t.header.includes(label)) {
      throw invalidInput(`--label-column ${label}`, `a column of ${t.path} (${nameList(t.header)})`, 'no such column');
    }
  }
  const names = data.header.filter((h) => h !== label);
  const trainNames = train.header.filter((h) => h !== label);
  if (names.join('\u0000') !== trainNames.join('\u0000')) {
    const differ = names.findIndex((n, j) => trainNames[j] !== n);
    throw invalidInput(
      train.path,
      `the same feature columns as ${data.path}, in the same order`,
      `${trainNames.length} columns, "${trainNames[differ] ?? '(none)'}" where ${data.path} has "${names[differ] ?? '(none)'}"`,
    );
  }
  for (const c of options.categorical ?? []) {
    if (!names.includes(c))
      throw invalidInput(`--categorical ${c}`, `a feature column (${nameList(names)})`, 'no such column');
  }
  const pick = (t: CsvTable) => {
    const position = new Map(t.header.map((h, k) => [h, k]));
    const idx = names.map((n) => position.get(n)!);
    return t.rows.map((row) => idx.map((k) => row[k]));
  };
  const dataCells = pick(data);
  const trainCells = pick(train);
  if (trainCells.length === 0) throw invalidInput(train.path, 'training rows', 'only a header');
  const categorical = new Set([...(options.categorical ?? []), ...(options.modelCategorical ?? [])]);
  const columns = names.map((name, j): TabularColumn => {
    checkCells(data, dataCells, j, name);
    checkCells(train, trainCells, j, name);
    const isText = [...trainCells, ...dataCells].some((r) => !isNumber(r[j]));
    if (!isText && !categorical.has(name)) return { name, kind: 'numeric' };
    const trainValues = [...new Set(trainCells.map((r) => r[j].trim()))].sort(compareCategories);
    const unseen = [...new Set(dataCells.map((r) => r[j].trim()))]
      .filter((v) => !trainValues.includes(v))
      .sort(compareCategories);
    return { name, kind: 'categorical', categories: [...trainValues, ...unseen] };
  });
  return {
    columns,
    train: codeTable(columns, trainCells),
    trainLabels: label === null ? null : codeLabels(train, label, options.classNames ?? null),
    data: codeTable(columns, dataCells),
    dataCells,
  };
}

function checkCells(table: CsvTable, cells: string[][], j: number, name: string): void {
  for (const [i, row] of cells.entries()) {
    const v = row[j].trim();
    if (v === '') throw invalidInput(`${table.path} row ${i}, column "${name}"`, 'a value', 'an empty cell');
    if (/^[+-]?nan$/i.test(v))
      throw invalidInput(`${table.path} row ${i}, column "${name}"`, 'a number or category', quote(v));
  }
}

function codeTable(columns: TabularColumn[], cells: string[][]): TabularTable {
  const cols = columns.length;
  const values = new Float64Array(cells.length * cols);
  const lookups = columns.map((c) => (c.kind === 'categorical' ? new Map(c.categories.map((v, k) => [v, k])) : null));
  for (const [i, row] of cells.entries()) {
    for (let j = 0; j < cols; j++) {
      const lookup = lookups[j];
      values[i * cols + j] = lookup ? lookup.get(row[j].trim())! : Number(row[j]);
    }
  }
  return { columns, rows: cells.length, values };
}

/** Ground-truth labels: numbers as they are, or class names mapped to their index. */
function codeLabels(table: CsvTable, label: string, classNames: string[] | null): Float64Array {
  const k = table.header.indexOf(label);
  const cells = table.rows.map((r) => r[k].trim());
  if (cells.every(isNumber)) return Float64Array.from(cells, Number);
  const names = classNames ?? [...new Set(cells)].sort(compareCategories);
  return Float64Array.from(cells, (c, i) => {
    const index = names.indexOf(c);
    if (index < 0)
      throw invalidInput(`${table.path} row ${i}, column "${label}"`, `a class (${nameList(names)})`, quote(c));
    return index;
  });
}

export function isNumber(cell: string): boolean {
  const v = cell.trim();
  return v !== '' && Number.isFinite(Number(v));
}

/** Numbers in numeric order, then text in code-point order. */
function compareCategories(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = a !== '' && Number.isFinite(na);
  const bNum = b !== '' && Number.isFinite(nb);
  if (aNum && bNum) return na - nb;
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The instance at `row` of the data, or an error naming the valid range. */
export function instanceAt(dataset: TabularDataset, row: number, source: string): Float64Array {
  if (!Number.isInteger(row) || row < 0 || row >= dataset.data.rows) {
    throw new WorkbenchError(
      'invalid-input',
      `--row ${row}: expected a row of ${source} from 0 to ${dataset.data.rows - 1}, found ${row < 0 ? 'a negative row' : 'a row past the end'}`,
    );
  }
  const cols = dataset.columns.length;
  return dataset.data.values.slice(row * cols, (row + 1) * cols);
}
