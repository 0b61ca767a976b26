import * as ort from 'onnxruntime-node';
import type { TensorInfo } from '../../../shared/domain/model';
import type { LoadedModel } from './loadModel';

/** Size bound of a pre-touch input: a model whose one sample is larger is not pre-touched. */
const MAX_TOUCH_ELEMENTS = 4_000_000;

/**
 * One run of a freshly opened session on a single synthetic sample (zeros, empty strings), so that
 * onnxruntime's first-run work — allocating its arenas, preparing kernels — is done when the session opens,
 * ahead of the first explanation, not inside it. Measured: a new session's first run on a tree ensemble took
 * 1.5–5 × its later ones. Best effort: a model that refuses the synthetic sample (an encoder that rejects an
 * unknown category, say) is left as it is, and says so by returning false.
 */
export async function preTouch(model: LoadedModel): Promise<boolean> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of model.info.inputs) {
    const tensor = touchTensor(input);
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

/** One sample of an input: every unknown or symbolic dimension 1; null when its type or size does not allow it. */
function touchTensor(input: TensorInfo): ort.Tensor | null {
  if (input.kind !== 'tensor' || input.shape === null) return null;
  const dims = input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const size = dims.reduce((a, b) => a * b, 1);
  if (size > MAX_TOUCH_ELEMENTS) return null;
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
