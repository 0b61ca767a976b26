import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExplanationRun } from '../../shared/domain/explanation';
import type { RunToSave } from '../../electron/backend/store/runs';

/** A fresh temporary folder for audit files. */
export function tempDir(prefix = 'lw-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A plausible saved run for store tests (the numbers are not an explanation of anything). */
export function sampleRun(modelId: number, row: number, seed = 0): RunToSave {
  const run: ExplanationRun = {
    seed,
    explanations: [
      {
        label: 1,
        labelName: 'benign',
        intercept: 0.4,
        score: 0.3 + row / 1000,
        localPrediction: 0.7,
        modelPrediction: 0.8,
        weights: [
          { feature: 3, name: 'mean area > 782.70', weight: -0.2 },
          { feature: 7, name: 'mean concave points <= 0.03', weight: 0.1 },
        ],
      },
    ],
    timing: { totalMs: 10, inferenceMs: 5 },
  };
  return {
    modelId,
    datasetId: null,
    trainDatasetId: null,
    row,
    modality: 'tabular',
    instance: { 'mean area': 800 + row, colour: 'red' },
    params: { numSamples: 5000, seed },
    seed,
    prediction: [0.2, 0.8],
    runs: [run],
    stability: null,
  };
}
