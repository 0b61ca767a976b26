/** A column of a tabular data set, as the engine sees it. */
export type TabularColumn =
  | { name: string; kind: 'numeric' }
  /** Values are stored as codes: indices into `categories`. */
  | { name: string; kind: 'categorical'; categories: string[] };

/**
 * Rows of a table in flat row-major order. Numeric cells hold their value; categorical cells hold the
 * index of their value in the column's `categories`.
 */
export interface TabularTable {
  columns: TabularColumn[];
  rows: number;
  values: Float64Array;
}

export type Discretizer = 'quartile' | 'decile' | 'entropy' | 'none';
export type FeatureSelection = 'auto' | 'none' | 'forward-selection' | 'highest-weights' | 'lasso-path';
export const DISCRETIZERS: readonly Discretizer[] = ['quartile', 'decile', 'entropy', 'none'];
export const FEATURE_SELECTIONS: readonly FeatureSelection[] = [
  'auto',
  'none',
  'forward-selection',
  'highest-weights',
  'lasso-path',
];
