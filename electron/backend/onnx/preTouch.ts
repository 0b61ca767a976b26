import * as ort from 'onnxruntime-node';
import type { TensorInfo } from '../../../shared/domain/model';
import { DEFAULT_TABULAR_PARAMS } from '../../../shared/domain/params';
import { DEFAULT_IMAGE_BATCH } from '../../../shared/engine/image/explainImage';
import type { LoadedModel } from './loadModel';

/** Size bound of a pre-touch input: fewer rows above it; a model whose one sample is larger is not pre-touched. */
const MAX_TOUCH_ELEMENTS = 4_000_000;

/**
 * One run of a freshly opened session on synthetic input (zeros, empty strings) of the size a default
 * explanation's first model call has (touchRows), so that onnxruntime's first-run work — allocating its
 * arenas for that size, preparing kernels — is done when the session opens, ahead of the first explanation,
 * not inside it. Measured: a new session's first run on a tree ensemble took 1.5–5 × its later ones; with
 * one synthetic row instead of the neighbourhood's 5000, the app's first breast_cancer explanation still
 * took 16–23 ms against 13.5–15.6 (medians over ten pools, five rounds each). Best effort: a model that
 * refuses the synthetic input (an encoder that rejects an unknown category, say) is left as it is, and says
 * so by returning false.
 */
export async function preTouch(model: LoadedModel): Promise<boolean> {
  const feeds: Record<string, ort.Tensor> = {};
  const rows = touchRows(model);
  for (const input of model.info.inputs) {
    const tensor = touchTensor(input, rows);
    if (!tensor) return false;
    feeds[input.name] = tensor;
  }
  try {
    await model.session.run(feeds, [model.outputTensor]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rows of a default explanation's first model call: a tabular neighbourhood (5000), an image batch (100);
 * a text model's 1, since its sequences' length is the text's.
 */
function touchRows(model: LoadedModel): number {
  const modality = model.profile.modality;
  return modality === 'tabular' ? DEFAULT_TABULAR_PARAMS.numSamples : modality === 'image' ? DEFAULT_IMAGE_BATCH : 1;
}

/**
 * The shape of a pre-touch input: `rows` in a free first dimension (fewer when they would pass
 * MAX_TOUCH_ELEMENTS), every other free dimension 1; null when one sample alone passes it.
 */
export function touchShape(shape: (number | string | null)[], rows: number): number[] | null {
  const dims = shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const sample = dims.slice(1).reduce((a, b) => a * b, 1);
  if (dims.length > 0 && !(typeof shape[0] === 'number' && shape[0] > 0))
    dims[0] = Math.max(1, Math.min(rows, Math.floor(MAX_TOUCH_ELEMENTS / sample)));
  return dims.reduce((a, b) => a * b, 1) > MAX_TOUCH_ELEMENTS ? null : dims;
}

/** The synthetic input: zeros or empty strings of touchShape; null when its type or size does not allow it. */
function touchTensor(input: TensorInfo, rows: number): ort.Tensor | null {
  if (input.kind !== 'tensor' || input.shape === null) return null;
  const dims = touchShape(input.shape, rows);
  if (!dims) return null;
  const size = dims.reduce((a, b) => a * b, 1);
  switch (input.elementType) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(size), dims);
    case 'float64':
      return new ort.Tensor('float64', new Float64Array(size), dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(size), dims);
    case 'int32':
      return new ort.Tensor('int32', new Int32Array(size), dims);
    case 'string':
      return new ort.Tensor('string', new Array<string>(size).fill(''), dims);
    default:
      return null;
  }
}
