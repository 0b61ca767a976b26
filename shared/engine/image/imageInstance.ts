/** An image as the explainer takes it: pixels at the model's resolution, and how the model reads them. */
export interface ImageInstance {
  width: number;
  height: number;
  channels: 1 | 3;
  /** height × width × channels, 0–255. */
  pixels: Uint8Array;
  /** Model value of a pixel: ((pixel / scale) − mean[c]) / std[c]. */
  scale: number;
  mean: number[];
  std: number[];
  layout: 'NCHW' | 'NHWC';
}

/** What a hidden segment shows: its own mean colour (the reference's default) or a fixed colour (0–255). */
export type HideWith = 'mean' | number[];

/**
 * The instance in model units, planar (channel, pixel), and the hidden colour of every segment in model
 * units: the preprocessing is affine per channel, so a segment's mean in model units is its mean colour's.
 */
export function modelPlanes(
  image: ImageInstance,
  segments: Int32Array,
  count: number,
  hide: HideWith,
): { planes: Float32Array; hidden: Float32Array } {
  const { width, height, channels, pixels } = image;
  const hw = width * height;
  const planes = new Float32Array(channels * hw);
  const toModel = (c: number, v: number) =>
    (v / image.scale - (image.mean[c] ?? image.mean[0])) / (image.std[c] ?? image.std[0]);
  for (let c = 0; c < channels; c++)
    for (let p = 0; p < hw; p++) planes[c * hw + p] = toModel(c, pixels[p * channels + c]);
  const hidden = new Float32Array(channels * count);
  if (hide === 'mean') {
    const sums = new Float64Array(channels * count);
    const sizes = new Float64Array(count);
    for (let p = 0; p < hw; p++) {
      sizes[segments[p]]++;
      for (let c = 0; c < channels; c++) sums[c * count + segments[p]] += planes[c * hw + p];
    }
    for (let c = 0; c < channels; c++)
      for (let s = 0; s < count; s++) hidden[c * count + s] = sizes[s] > 0 ? sums[c * count + s] / sizes[s] : 0;
  } else {
    for (let c = 0; c < channels; c++) hidden.fill(toModel(c, hide[c] ?? hide[0]), c * count, (c + 1) * count);
  }
  return { planes, hidden };
}

/**
 * Writes perturbed images into `out`, in the model's layout: each pixel looks up its segment's bit
 * (kept: its own value; hidden: the segment's hidden colour). No loop over segments.
 * @param masks rows × segments, 1 = kept; rows `from` … `from + n − 1` are written
 */
export function perturbImages(
  image: ImageInstance,
  segments: Int32Array,
  count: number,
  planes: Float32Array,
  hidden: Float32Array,
  masks: Uint8Array,
  from: number,
  n: number,
  out: Float32Array,
): void {
  const hw = image.width * image.height;
  const channels = image.channels;
  let o = 0;
  for (let k = 0; k < n; k++) {
    const keep = masks.subarray((from + k) * count, (from + k + 1) * count);
    if (image.layout === 'NCHW') {
      for (let c = 0; c < channels; c++) {
        const plane = c * hw;
        const hid = c * count;
        for (let p = 0; p < hw; p++) {
          const s = segments[p];
          const h = hidden[hid + s];
          // Arithmetic select: kept (1) gives the pixel, hidden (0) the segment's colour, without a branch.
          out[o++] = h + keep[s] * (planes[plane + p] - h);
        }
      }
    } else {
      for (let p = 0; p < hw; p++) {
        const s = segments[p];
        const kept = keep[s];
        for (let c = 0; c < channels; c++) out[o++] = kept ? planes[c * hw + p] : hidden[c * count + s];
      }
    }
  }
}
