/**
 * LIME's exponential kernel: w = √exp(−d² / width²) = exp(−d² / (2·width²)).
 * @param distances length rows
 * @param width kernel width, > 0
 * @param output optional array to write into
 */
export function exponentialKernel(
  distances: Float64Array,
  width: number,
  output = new Float64Array(distances.length),
): Float64Array {
  if (!(width > 0)) throw new RangeError(`exponentialKernel: the kernel width must be > 0, got ${width}`);
  const k = -1 / (2 * width * width);
  for (let i = 0; i < distances.length; i++) output[i] = Math.exp(distances[i] * distances[i] * k);
  return output;
}
