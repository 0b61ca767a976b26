import { checkNeighbourhood } from '../../../shared/contract/limits';
import { instanceSeed } from '../../../shared/domain/params';
import type { ImageParams } from '../../../shared/domain/params';
import {
  DEFAULT_IMAGE_BATCH,
  DEFAULT_IMAGE_KERNEL_WIDTH,
  explainImage,
  imageMaskPredictor,
  imageWorkspace,
  type ImageWorkspace,
} from '../../../shared/engine/image/explainImage';
import { kernelShapMasks } from '../../../shared/engine/shap/kernelShapMasks';
import { labelsWithIds, withSegmentIds } from '../../../shared/engine/image/segmentIds';
import type { ExplanationRun } from '../../../shared/domain/explanation';
import type { ImageInstance } from '../../../shared/engine/image/imageInstance';
import { quickshift } from '../../../shared/engine/image/quickshift';
import { rgbToLab } from '../../../shared/engine/image/rgbToLab';
import { slic } from '../../../shared/engine/image/slic';
import { WorkbenchError } from '../../../shared/contract/errors';
import { OnnxImagePredictor } from '../image/imagePredictor';
import type { LoadedModel } from '../onnx/loadModel';
import { labelOptions, methodExplainer, guaranteeSettings } from './methodExplainer';
import { runInstances, type InstanceExplanation, type JobHooks } from './runInstances';
import { heldBytes, ReusedBuffers } from './reusedBuffers';

export interface ImageJob {
  kind: 'image';
  /** A given segmentation comes as dense indices with the file's id of each (`ids`). */
  instances: {
    row: number;
    image: ImageInstance;
    segments: { labels: Int32Array; count: number; ids?: Int32Array } | null;
  }[];
  params: ImageParams;
}

/** Runs an image job: segment (unless given), then every seed's run; the segmentation goes back with the result. */
export async function runImageJob(
  model: LoadedModel,
  job: ImageJob,
  hooks: JobHooks = {},
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const predictor = new OnnxImagePredictor(model);
  // Buffers for every run of the job (and passed on to the thread's next job): one batch of images (as
  // explainImage makes them, at most 16 M values) and masks.
  const perImage = Math.max(...job.instances.map((i) => i.image.width * i.image.height * i.image.channels));
  const pixels = Math.max(...job.instances.map((i) => i.image.width * i.image.height));
  const channels = Math.max(...job.instances.map((i) => i.image.channels));
  const segmentsAtMost = Math.max(...job.instances.map((i) => i.segments?.count ?? 0), 1024);
  for (const i of job.instances)
    if (i.segments) checkNeighbourhood(params.numSamples, i.segments.count, `image of row ${i.row}`);
  const batchValues = Math.min(
    16_000_000,
    perImage * Math.min(params.numSamples, params.batchSize ?? DEFAULT_IMAGE_BATCH),
  );
  const shape = [params.numSamples, segmentsAtMost, batchValues, pixels, channels].join();
  return buffers.with(
    (kept) => kept.shape === shape,
    () => ({ shape, workspace: imageWorkspace(params.numSamples, segmentsAtMost, batchValues, pixels, channels) }),
    ({ workspace }) => explainImages(model, job, predictor, workspace, hooks),
  );
}

/** A workspace and the shape it was made for (its arena's scratch is sized for that shape). */
const buffers = new ReusedBuffers<{ shape: string; workspace: ImageWorkspace }>(({ workspace: { batch, masks } }) =>
  heldBytes(batch, masks.masks, masks.distances),
);

function explainImages(
  model: LoadedModel,
  job: ImageJob,
  predictor: OnnxImagePredictor,
  workspace: ImageWorkspace,
  hooks: JobHooks,
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const kernelWidth = params.kernelWidth ?? DEFAULT_IMAGE_KERNEL_WIDTH;
  const labelled = labelOptions(model, params, hooks);
  const explainers = job.instances.map(({ row, image, segments: given }) => {
    const { labels, count } = given ?? segment(image, params.segmentation, params.seed);
    if (count < 1)
      throw new WorkbenchError('invalid-input', `image of row ${row}: expected at least one segment, found none`);
    const ids = given?.ids;
    // Explained over dense indices; what leaves the job names a given file's own segment ids.
    const named = async <T extends { run: ExplanationRun }>(explaining: Promise<T>): Promise<T> => {
      const explained = await explaining;
      return ids ? { ...explained, run: withSegmentIds(explained.run, ids) } : explained;
    };
    const lime = (width: number, seed: number) =>
      named(
        explainImage(image, labels, count, predictor, {
          ...params,
          ...labelled,
          kernelWidth: width,
          guarantee: guaranteeSettings(params),
          batchSize: params.batchSize ?? undefined,
          seed,
          workspace,
        }),
      );
    const shap = (seed: number, numSamples: number) =>
      named(
        kernelShapMasks(
          count,
          imageMaskPredictor(image, labels, count, predictor, {
            hide: params.hide,
            batchSize: params.batchSize ?? undefined,
            workspace,
            clock: hooks.clock,
          }),
          (s) => `segment ${s}`,
          { ...labelled, numSamples, seed },
        ),
      );
    const extra = () => ({ segments: ids ? labelsWithIds(labels, ids) : labels, segmentCount: count });
    return methodExplainer(
      row,
      { ...params, seed: instanceSeed(params, row) },
      { given: kernelWidth, sweepBase: DEFAULT_IMAGE_KERNEL_WIDTH },
      lime,
      shap,
      extra,
    );
  });
  return runInstances(explainers, job.instances.length, params.runs, params.numFeatures, hooks);
}

function segment(
  image: ImageInstance,
  method: ImageParams['segmentation'],
  seed: number,
): { labels: Int32Array; count: number } {
  const lab = rgbToLab(image.pixels, image.width * image.height, image.channels);
  const labels =
    method === 'slic' ? slic(lab, image.width, image.height) : quickshift(lab, image.width, image.height, { seed });
  let count = 0;
  for (const s of labels) count = Math.max(count, s + 1);
  return { labels, count };
}
