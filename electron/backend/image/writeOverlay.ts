import sharp from 'sharp';
import { overlayImage, upscaleNearest } from '../../../shared/engine/image/overlay';
import type { LabelExplanation } from '../../../shared/domain/explanation';

/** Writes the overlay PNG of one label's explanation (strongest positive segments green, negative red). */
export async function writeOverlay(path: string, image: { pixels: Uint8Array; width: number; height: number; channels: number }, segments: Int32Array, count: number, explanation: LabelExplanation, top = 5): Promise<void> {
  const weights = new Float64Array(count);
  for (const w of explanation.weights) weights[w.feature] = w.weight;
  // Small images are enlarged first (at least 280 pixels a side), so boundaries stay thin.
  const factor = Math.max(1, Math.ceil(280 / Math.min(image.width, image.height)));
  const [width, height] = [image.width * factor, image.height * factor];
  const pixels = upscaleNearest(image.pixels, image.width, image.height, image.channels, factor);
  const labels = upscaleNearest(segments, image.width, image.height, 1, factor);
  const rgba = overlayImage(pixels, width, height, image.channels, labels, weights, { top });
  await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } }).png().toFile(path);
}
