import sharp from 'sharp';
import type { RunDetail } from '../../../shared/contract/api';
import { overlayImage, upscaleNearest } from '../../../shared/engine/image/overlay';
import { savedSegmentation } from '../store/runFromDocument';

/**
 * An image run's segmentation drawn alone: segment boundaries on white, no pixel of the picture (for a
 * report that must not show the images). Null when the run saved no segmentation.
 */
export async function outlineOf(d: RunDetail): Promise<string | null> {
  const segments = savedSegmentation(d.instance);
  const width = Number(d.instance.width);
  const height = Number(d.instance.height);
  if (!segments || !(width > 0) || !(height > 0)) return null;
  const factor = Math.max(1, Math.ceil(280 / Math.min(width, height)));
  const [w, h] = [width * factor, height * factor];
  const labels = upscaleNearest(segments, width, height, 1, factor);
  const rgba = overlayImage(new Uint8Array(w * h).fill(255), w, h, 1, labels, [], { boundary: [60, 60, 60] });
  return `data:image/png;base64,${(
    await sharp(Buffer.from(rgba), { raw: { width: w, height: h, channels: 4 } })
      .png()
      .toBuffer()
  ).toString('base64')}`;
}
