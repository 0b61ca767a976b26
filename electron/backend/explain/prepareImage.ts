import { createHash } from 'node:crypto';
import { WorkbenchError } from '../../../shared/contract/errors';
import { DEFAULT_IMAGE_PARAMS, type ImageParams } from '../../../shared/domain/params';
import type { ImageInstance } from '../../../shared/engine/image/imageInstance';
import { readImage } from '../image/readImage';
import { readSegments } from '../image/readSegments';
import { writeOverlay } from '../image/writeOverlay';
import type { InstanceExtras } from '../jobs/runInstances';
import type { ModelDescription } from '../onnx/loadModel';
import { FLAG_NAMES } from './flagNames';
import {
  documentOf,
  methodParams,
  refuseFields,
  type CommonParams,
  type ExplainInput,
  type PreparedExplanation,
} from './prepared';

const usage = (message: string) => new WorkbenchError('invalid-argument', message);

/** `explain` on an image model: one image file, segmented (or given segments), with an optional overlay. */
export async function prepareImage(
  model: ModelDescription,
  f: ExplainInput,
  common: CommonParams,
): Promise<PreparedExplanation> {
  refuseFields(
    { ...f, method: undefined },
    ['text', 'textMode', 'train', 'labelColumn', 'categorical', 'discretizer', 'method', 'sampleAroundInstance'],
    FLAG_NAMES,
    'image',
  );
  const rows = f.rows;
  if (!f.data) throw usage('explain: expected --data FILE (a PNG or JPEG image), found none');
  if (rows.length !== 1 || rows[0] !== 0)
    throw usage(`--row/--rows: an image file holds one instance (row 0), found ${rows.join(', ')}`);
  if (f.segments !== undefined && f.segmentation !== undefined)
    throw usage('--segments and --segmentation: expected one of them, found both');
  const profile = model.profile.image;
  if (!profile)
    throw new WorkbenchError(
      'invalid-input',
      `${model.path}: expected an image input [N, C, H, W] or [N, H, W, C] with known sizes, or a --profile with "image", found ${model.info.inputs[0]?.display}`,
    );
  const params: ImageParams = {
    ...DEFAULT_IMAGE_PARAMS,
    ...common,
    ...methodParams(f, common, DEFAULT_IMAGE_PARAMS),
    topLabels:
      common.topLabels ??
      (common.labels === null && model.profile.task === 'classification'
        ? Math.min(5, model.profile.classNames?.length ?? 5)
        : null),
    segmentation: f.segments !== undefined ? 'given' : (f.segmentation ?? 'quickshift'),
    hide: checkHide(f.hide ?? 'mean', profile.channels),
    batchSize: f.batchSize ?? null,
  };
  const decoded = await readImage(f.data, profile);
  const segments = f.segments ? await readSegments(f.segments, profile.width, profile.height) : null;
  const image: ImageInstance = {
    width: decoded.width,
    height: decoded.height,
    channels: decoded.channels,
    pixels: decoded.pixels,
    scale: profile.scale,
    mean: profile.mean,
    std: profile.std,
    layout: profile.layout,
  };
  const overlays: Promise<void>[] = [];
  return {
    job: {
      kind: 'image',
      instances: [
        {
          row: 0,
          image,
          segments: segments ? { labels: segments.segments, count: segments.count, ids: segments.ids } : null,
        },
      ],
      params,
    },
    datasets: {
      data: {
        path: f.data,
        sha256: createHash('sha256').update(decoded.sha256Source).digest('hex'),
        columns: ['image'],
        rowCount: 1,
      },
      train: null,
    },
    source: f.data,
    documentFor: (result) => {
      const { segments: labels, segmentCount: count } = imageExtras(result.extra);
      if (f.overlay) overlays.push(writeOverlay(f.overlay, decoded, labels, result.runs[0].explanations[0]));
      const given = segments && {
        segmentIds: Array.from(segments.ids),
        ...(segments.missing.length ? { missingSegmentIds: segments.missing } : {}),
      };
      return documentOf(
        model,
        { row: 0, image: { path: f.data!, width: decoded.width, height: decoded.height, segments: count, ...given } },
        params,
        result,
      );
    },
    documentParams: params,
    finish: () => Promise.all(overlays).then(() => undefined),
  };
}

/** The hidden colour: 'mean', or one value per channel from 0 to 255. */
function checkHide(value: ImageParams['hide'], channels: number): ImageParams['hide'] {
  if (value === 'mean') return 'mean';
  if (value.length !== channels || value.some((v) => !Number.isFinite(v) || v < 0 || v > 255)) {
    throw usage(
      `--hide: expected "mean" or ${channels === 1 ? 'one value' : 'R,G,B'} from 0 to 255, found "${value.join(',')}"`,
    );
  }
  return value;
}

/** An image explanation's segmentation, which its job always sends with it. */
function imageExtras(extra: InstanceExtras | undefined): { segments: Int32Array; segmentCount: number } {
  if (!extra?.segments || extra.segmentCount === undefined)
    throw new WorkbenchError('internal', 'an image explanation came back without its segmentation');
  return { segments: extra.segments, segmentCount: extra.segmentCount };
}
