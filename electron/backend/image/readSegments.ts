import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { LIMITS } from '../../../shared/contract/limits';

/** A given segmentation: dense indices 0..count−1 for the engine, and the file's own id of each. */
export interface GivenSegments {
  /** Per pixel, the segment's dense index. */
  segments: Int32Array;
  count: number;
  /** ids[k]: the file's id of dense index k, ascending (identity for ids 0..count−1). */
  ids: Int32Array;
  /** Ids from 0 to the largest that no pixel carries. */
  missing: number[];
}

/**
 * A given segmentation: a PNG whose pixel values are segment ids, or JSON {width, height, labels}. The
 * file's ids name the features in everything the workbench writes (JSON, overlays, the app, the report);
 * inside, the engine works on dense indices in the ids' order, so ids 0..n−1 map to themselves.
 */
export async function readSegments(path: string, width: number, height: number): Promise<GivenSegments> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new WorkbenchError('not-found', `${path}: expected a segmentation (PNG or JSON), found no such file`);
    throw invalidInput(path, 'a readable segmentation file', (error as Error).message);
  }
  let labels: Int32Array;
  let size: { width: number; height: number };
  if (/\.json$/i.test(path)) {
    let json: { width?: unknown; height?: unknown; labels?: unknown };
    try {
      json = JSON.parse(bytes.toString('utf8')) as typeof json;
    } catch {
      throw invalidInput(path, 'JSON {width, height, labels}', 'text that is not JSON');
    }
    if (
      !Number.isInteger(json.width) ||
      !Number.isInteger(json.height) ||
      !Array.isArray(json.labels) ||
      !json.labels.every((v) => Number.isInteger(v))
    ) {
      throw invalidInput(path, 'JSON {width, height, labels: [integers]}', 'something else');
    }
    size = { width: json.width as number, height: json.height as number };
    labels = Int32Array.from(json.labels as number[]);
    if (labels.length !== size.width * size.height)
      throw invalidInput(path, `${size.width}×${size.height} = ${size.width * size.height} labels`, `${labels.length}`);
  } else {
    try {
      const { data, info } = await sharp(bytes, { failOn: 'error' })
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      size = { width: info.width, height: info.height };
      labels = Int32Array.from(data);
    } catch (error) {
      throw invalidInput(path, 'a PNG of segment ids', `one that does not decode (${(error as Error).message})`);
    }
  }
  if (size.width !== width || size.height !== height) {
    throw invalidInput(
      path,
      `a segmentation of the model's input size, ${width}×${height}`,
      `${size.width}×${size.height}`,
    );
  }
  return denseSegments(labels, path);
}

/** Ids (integers from 0 to LIMITS.segments − 1) → dense indices in ascending id order, in place. */
export function denseSegments(labels: Int32Array, path: string): GivenSegments {
  const present = new Uint8Array(LIMITS.segments);
  for (let p = 0; p < labels.length; p++) {
    const id = labels[p];
    if (!(id >= 0 && id < LIMITS.segments))
      throw invalidInput(`${path} pixel ${p}`, `a segment id from 0 to ${LIMITS.segments - 1}`, `${id}`);
    present[id] = 1;
  }
  const ids: number[] = [];
  const missing: number[] = [];
  const index = new Int32Array(LIMITS.segments);
  let max = -1;
  for (let id = 0; id < LIMITS.segments; id++) if (present[id]) max = id;
  for (let id = 0; id <= max; id++) {
    if (present[id]) {
      index[id] = ids.length;
      ids.push(id);
    } else missing.push(id);
  }
  for (let p = 0; p < labels.length; p++) labels[p] = index[labels[p]];
  return { segments: labels, count: ids.length, ids: Int32Array.from(ids), missing };
}
