import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { relabelSequential } from '../../../shared/engine/image/relabel';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';

/**
 * A given segmentation: a PNG whose pixel values are segment ids, or JSON {width, height, labels}. Ids
 * are renumbered 0..n−1 whatever they started at (SLIC's start at 1 included).
 */
export async function readSegments(path: string, width: number, height: number): Promise<{ segments: Int32Array; count: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkbenchError('not-found', `${path}: expected a segmentation (PNG or JSON), found no such file`);
    throw invalidInput(path, 'a readable segmentation file', (error as Error).message);
  }
  let labels: Int32Array;
  let size: { width: number; height: number };
  if (/\.json$/i.test(path)) {
    let json: { width?: unknown; height?: unknown; labels?: unknown };
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw invalidInput(path, 'JSON {width, height, labels}', 'text that is not JSON');
    }
    if (!Number.isInteger(json.width) || !Number.isInteger(json.height) || !Array.isArray(json.labels) || !json.labels.every((v) => Number.isInteger(v))) {
      throw invalidInput(path, 'JSON {width, height, labels: [integers]}', 'something else');
    }
    size = { width: json.width as number, height: json.height as number };
    labels = Int32Array.from(json.labels as number[]);
    if (labels.length !== size.width * size.height) throw invalidInput(path, `${size.width}×${size.height} = ${size.width * size.height} labels`, `${labels.length}`);
  } else {
    try {
      const { data, info } = await sharp(bytes, { failOn: 'error' }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      size = { width: info.width, height: info.height };
      labels = Int32Array.from(data);
    } catch (error) {
      throw invalidInput(path, 'a PNG of segment ids', `one that does not decode (${(error as Error).message})`);
    }
  }
  if (size.width !== width || size.height !== height) {
    throw invalidInput(path, `a segmentation of the model's input size, ${width}×${height}`, `${size.width}×${size.height}`);
  }
  const count = relabelSequential(labels);
  return { segments: labels, count };
}
