import { createHash } from 'node:crypto';
import { explanationDocument } from '../../shared/contract/explanationDocument';
import { WorkbenchError } from '../../shared/contract/errors';
import { DEFAULT_IMAGE_PARAMS, type ImageParams } from '../../shared/domain/params';
import type { ImageInstance } from '../../shared/engine/image/imageInstance';
import { readImage } from '../backend/image/readImage';
import { readSegments } from '../backend/image/readSegments';
import { writeOverlay } from '../backend/image/writeOverlay';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { choiceFlag, intFlag, listFlag, usage } from './args';
import type { CommonParams, ExplainFlags } from './explain';
import type { PreparedExplanation } from './explainInput';

/** `explain` on an image model: one image file, segmented (or given segments), with an optional overlay. */
export async function prepareImage(model: ModelDescription, f: ExplainFlags, common: CommonParams, rows: number[]): Promise<PreparedExplanation> {
  if (f.text !== undefined || f.discretizer !== undefined || f.train !== undefined || f['text-mode'] !== undefined) {
    throw usage('--text, --text-mode, --discretizer and --train: expected only with text or tabular models, found an image model');
  }
  if (!f.data) throw usage('explain: expected --data FILE (a PNG or JPEG image), found none');
  if (rows.length !== 1 || rows[0] !== 0) throw usage(`--row/--rows: an image file holds one instance (row 0), found ${rows.join(', ')}`);
  if (f.segments !== undefined && f.segmentation !== undefined) throw usage('--segments and --segmentation: expected one of them, found both');
  const profile = model.profile.image;
  if (!profile) throw new WorkbenchError('invalid-input', `${model.path}: expected an image input [N, C, H, W] or [N, H, W, C] with known sizes, or a --profile with "image", found ${model.info.inputs[0]?.display}`);
  const params: ImageParams = {
    ...DEFAULT_IMAGE_PARAMS,
    ...common,
    segmentation: f.segments !== undefined ? 'given' : choiceFlag('--segmentation', f.segmentation, ['quickshift', 'slic'] as const, 'quickshift'),
    hide: hideFlag(f.hide, profile.channels),
    batchSize: f['batch-size'] === undefined ? null : intFlag('--batch-size', f['batch-size'], 100, 1, 100_000),
  };
  const decoded = await readImage(f.data, profile);
  const segments = f.segments ? await readSegments(f.segments, profile.width, profile.height) : null;
  const image: ImageInstance = { width: decoded.width, height: decoded.height, channels: decoded.channels, pixels: decoded.pixels, scale: profile.scale, mean: profile.mean, std: profile.std, layout: profile.layout };
  const overlays: Promise<void>[] = [];
  return {
    job: { kind: 'image', instances: [{ row: 0, image, segments: segments ? { labels: segments.segments, count: segments.count } : null }], params },
    datasets: { data: { path: f.data, sha256: createHash('sha256').update(decoded.sha256Source).digest('hex'), columns: ['image'], rowCount: 1 }, train: null },
    source: f.data,
    documentFor: (result) => {
      const labels = result.extra?.segments as Int32Array;
      const count = result.extra?.segmentCount as number;
      if (f.overlay) overlays.push(writeOverlay(f.overlay, decoded, labels, count, result.runs[0].explanations[0]));
      return explanationDocument({
        model: { path: model.path, sha256: model.sha256 },
        modality: 'image',
        task: model.profile.task,
        classNames: model.profile.classNames,
        instance: { row: 0, image: { path: f.data!, width: decoded.width, height: decoded.height, segments: count } },
        prediction: result.prediction,
        params,
        kernelWidth: result.kernelWidth,
        runs: result.runs,
        stability: result.stability,
      });
    },
    finish: () => Promise.all(overlays).then(() => undefined),
  };
}

/** `--hide mean` or `--hide R,G,B` (one value for grey images). */
function hideFlag(value: string | undefined, channels: number): ImageParams['hide'] {
  if (value === undefined || value === 'mean') return 'mean';
  const parts = listFlag(value).map(Number);
  if (parts.length !== channels || parts.some((v) => !Number.isFinite(v) || v < 0 || v > 255)) {
    throw usage(`--hide: expected "mean" or ${channels === 1 ? 'one value' : 'R,G,B'} from 0 to 255, found "${value}"`);
  }
  return parts;
}
