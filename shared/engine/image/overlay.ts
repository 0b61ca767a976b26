/**
 * The overlay a reviewer looks at: the image with its `top` strongest positive segments tinted green and
 * strongest negative ones red, and segment boundaries drawn. Colour-blind-safe alternatives can pass
 * other tints.
 * @param pixels height × width × channels (1 or 3), 0–255
 * @param weights weight per segment (0 where unexplained)
 * @returns RGBA, height × width × 4
 */
export function overlayImage(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  segments: Int32Array,
  weights: ArrayLike<number>,
  options: {
    top?: number;
    positive?: [number, number, number];
    negative?: [number, number, number];
    boundary?: [number, number, number];
  } = {},
): Uint8Array {
  const top = options.top ?? 5;
  const ranked = Array.from(weights, (w, s) => ({ w, s })).filter((e) => e.w !== 0);
  const pos = new Set(
    ranked
      .filter((e) => e.w > 0)
      .sort((a, b) => b.w - a.w)
      .slice(0, top)
      .map((e) => e.s),
  );
  const neg = new Set(
    ranked
      .filter((e) => e.w < 0)
      .sort((a, b) => a.w - b.w)
      .slice(0, top)
      .map((e) => e.s),
  );
  const green = options.positive ?? [0, 200, 80];
  const red = options.negative ?? [230, 40, 40];
  const edge = options.boundary ?? [255, 220, 0];
  const out = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = segments[p];
    const rgb =
      channels >= 3
        ? [pixels[p * channels], pixels[p * channels + 1], pixels[p * channels + 2]]
        : [pixels[p * channels], pixels[p * channels], pixels[p * channels]];
    const x = p % width;
    const onEdge =
      (x < width - 1 && segments[p + 1] !== s) || (p + width < width * height && segments[p + width] !== s);
    const tint = onEdge ? edge : pos.has(s) ? green : neg.has(s) ? red : null;
    const mix = onEdge ? 1 : 0.5;
    for (let c = 0; c < 3; c++) out[p * 4 + c] = tint ? Math.round(rgb[c] * (1 - mix) + tint[c] * mix) : rgb[c];
    out[p * 4 + 3] = 255;
  }
  return out;
}

/**
 * Nearest-neighbour enlargement by an integer factor, of pixels (any channels) and segment ids alike, so
 * an overlay of a small image can draw thin boundaries.
 */
export function upscaleNearest<T extends Uint8Array | Int32Array>(
  data: T,
  width: number,
  height: number,
  channels: number,
  factor: number,
): T {
  const out = new (data.constructor as new (n: number) => T)(width * factor * height * factor * channels);
  const outWidth = width * factor;
  for (let y = 0; y < height * factor; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < outWidth; x++) {
      const src = (sy * width + Math.floor(x / factor)) * channels;
      const dst = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) out[dst + c] = data[src + c];
    }
  }
  return out;
}

/**
 * Each segment's weight, indexed by the segment ids the labels carry (a given file's own ids, gaps
 * allowed): what overlayImage takes from an explanation's weights.
 */
export function weightsBySegment(
  labels: Int32Array,
  weights: readonly { feature: number; weight: number }[],
): Float64Array {
  let largest = 0;
  for (const s of labels) if (s > largest) largest = s;
  const bySegment = new Float64Array(largest + 1);
  for (const w of weights) if (w.feature <= largest) bySegment[w.feature] = w.weight;
  return bySegment;
}
