import type * as ort from 'onnxruntime-node';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { ModelDescription } from './loadModel';

/**
 * The scores of `rows` rows from a run's results: class probabilities (softmax applied to logits) or
 * the regression value, as a rows × outputs float32 array. Refuses an answer of the wrong shape.
 */
export function readScores(
  model: ModelDescription,
  results: ort.InferenceSession.OnnxValueMapType,
  rows: number,
): Float32Array {
  const tensor = results[model.outputTensor];
  const where = `${model.path}: output "${model.profile.output}"`;
  if (!tensor || typeof tensor !== 'object' || !('data' in tensor))
    throw new WorkbenchError('model-failed', `${where}: expected a tensor, found nothing`);
  const data = tensor.data;
  let scores: Float32Array;
  if (data instanceof Float32Array) scores = data;
  else if (data instanceof Float64Array) scores = Float32Array.from(data);
  else throw new WorkbenchError('model-failed', `${where}: expected float scores, found ${tensor.type}`);
  const dims = tensor.dims;
  const perRow = dims.length <= 1 ? 1 : dims.slice(1).reduce((a, b) => a * b, 1);
  if (dims[0] !== rows || scores.length !== rows * perRow) {
    throw new WorkbenchError(
      'model-failed',
      `${where}: expected ${rows} rows of scores, found shape [${dims.join(', ')}]`,
    );
  }
  if (model.profile.task === 'regression' && perRow !== 1) {
    throw new WorkbenchError(
      'invalid-input',
      `${where}: a regression profile expects one value per row, found ${perRow}`,
    );
  }
  if (model.profile.outputKind === 'logits') scores = softmaxRows(scores, rows, perRow);
  return scores;
}

/** Row-wise softmax, stable for large logits. */
export function softmaxRows(logits: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[base + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += out[base + c] = Math.exp(logits[base + c] - max);
    for (let c = 0; c < cols; c++) out[base + c] /= sum;
  }
  return out;
}

/** Scores of consecutive batches as one rows × outputs array (the single batch itself when there is one). */
export function concatScores(parts: Float32Array[], rows: number, outputs: number): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(rows * outputs);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
