import { LIMITS } from '../../../shared/contract/limits';
import { readFile } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { ImageProfile } from '../../../shared/domain/model';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';

/** An image decoded at the model's resolution. */
export interface DecodedImage {
  /** height × width × channels, 0–255. */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  /** The file's own size before resizing. */
  original: { width: number; height: number };
  sha256Source: Buffer;
}

/**
 * Decodes a PNG or JPEG (sharp), drops alpha, converts to the profile's channels (grey or sRGB) and
 * resizes to its width × height. A file that is not a decodable image is refused, naming it.
 */
export async function readImage(path: string, profile: ImageProfile): Promise<DecodedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new WorkbenchError('not-found', `${path}: expected an image file (PNG or JPEG), found no such file`);
    throw invalidInput(path, 'a readable image file', (error as Error).message);
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'error' }).metadata();
  } catch (error) {
    throw invalidInput(
      path,
      'an image (PNG or JPEG) that decodes',
      `one that does not (${(error as Error).message.slice(0, 200)})`,
    );
  }
  // From the header, before a pixel is decoded: a hostile file may declare any size.
  if ((meta.width ?? 0) * (meta.height ?? 0) > LIMITS.imageFilePixels) {
    throw invalidInput(path, `an image of at most ${LIMITS.imageFilePixels} pixels`, `${meta.width}×${meta.height}`);
  }
  try {
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: LIMITS.imageFilePixels });
    let pipeline = image.removeAlpha().resize(profile.width, profile.height, {
      fit: profile.resize?.fit ?? 'fill',
      kernel: profile.resize?.kernel ?? 'lanczos3',
    });
    pipeline = profile.channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== profile.channels) throw new Error(`decoded ${info.channels} channels`);
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: profile.channels,
      original: { width: meta.width ?? info.width, height: meta.height ?? info.height },
      sha256Source: bytes,
    };
  } catch (error) {
    throw invalidInput(
      path,
      'an image (PNG or JPEG) that decodes',
      `one that does not (${(error as Error).message.slice(0, 200)})`,
    );
  }
}
