import sharp from 'sharp';
import { overlayImage, upscaleNearest, weightsBySegment } from '../../../shared/engine/image/overlay';
import type { FeatureWeight, LabelExplanation } from '../../../shared/domain/explanation';

type Picture = { pixels: Uint8Array; width: number; height: number; channels: number };

/**
 * The overlay of one label's weights on a picture (strongest positive segments green, negative red), and
 * the picture itself, both enlarged to at least 280 pixels a side so boundaries stay thin. `segments`
 * holds the same ids as the weights' features (a given file's own ids, gaps allowed).
 */
export function drawOverlay(
  image: Picture,
  segments: Int32Array,
  weights: FeatureWeight[],
  top: number,
): { rgba: Uint8Array; pixels: Uint8Array; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(280 / Math.min(image.width, image.height)));
  const [width, height] = [image.width * factor, image.height * factor];
  const pixels = upscaleNearest(image.pixels, image.width, image.height, image.channels, factor);
  const labels = upscaleNearest(segments, image.width, image.height, 1, factor);
  return {
    rgba: overlayImage(pixels, width, height, image.channels, labels, weightsBySegment(segments, weights), { top }),
    pixels,
    width,
    height,
  };
}

/** Writes the overlay PNG of one label's explanation. */
export async function writeOverlay(
  path: string,
  image: Picture,
  segments: Int32Array,
  explanation: LabelExplanation,
  top = 5,
): Promise<void> {
  const { rgba, width, height } = drawOverlay(image, segments, explanation.weights, top);
  await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } })
    .png()
    .toFile(path);
}
