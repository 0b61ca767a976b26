import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module with a package.json (from source or a bundle). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const ROOT = repositoryRoot();

/** Absolute path of a file in test/fixtures. */
export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', name);
}

/** A fixture's `*.expected.json`: what the original framework predicted on the held-out data. */
export interface ExpectedOutputs<Data = string> {
  /** The data file (a table), or the image files, relative to the fixtures folder. */
  data: Data;
  label_column?: string;
  predictions: number[];
  probabilities: number[][];
  predicted_label: number[];
}

export function fixtureJson<T = ExpectedOutputs>(name: string): T {
  return JSON.parse(readFileSync(fixture(name), 'utf8')) as T;
}

/** `explain` of a breast-cancer model on its test rows, trained on its training rows (add --row, …). */
export const breastCancerExplain = (model = 'breast_cancer_rf.onnx') => [
  'explain',
  fixture(model),
  '--data',
  fixture('breast_cancer.test.csv'),
  '--train',
  fixture('breast_cancer.train.csv'),
  '--label-column',
  'label',
];

/** breastCancerExplain of the forest. */
export const BREAST_CANCER_EXPLAIN = breastCancerExplain();
