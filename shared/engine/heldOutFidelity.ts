import type { LabelExplanation } from '../domain/explanation';

/**
 * How well a fitted surrogate predicts the model on samples it was not fitted on: weighted R² and
 * weighted RMSE over a fresh neighbourhood (its own kernel weights). The surrogate's value at a row is
 * intercept + Σ weight_j · z_j over its selected features.
 * @param z fresh design, rows × cols; y the model's score there for the explanation's label
 */
export function heldOutFidelity(explanation: LabelExplanation, z: Float64Array, rows: number, cols: number, weights: Float64Array, y: ArrayLike<number>): { samples: number; score: number; rmse: number } {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < rows; i++) {
    sw += weights[i];
    swy += weights[i] * y[i];
  }
  const mean = swy / sw;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < rows; i++) {
    let fit = explanation.intercept;
    for (const w of explanation.weights) fit += w.weight * z[i * cols + w.feature];
    sse += weights[i] * (y[i] - fit) ** 2;
    sst += weights[i] * (y[i] - mean) ** 2;
  }
  return { samples: rows, score: sst > 0 ? 1 - sse / sst : sse <= 1e-24 ? 1 : 0, rmse: Math.sqrt(sse / sw) };
}
