import type { ExplanationRun } from '../../domain/explanation';
import type { LabelOptions } from '../explainLabels';
import type { Clock, Predictor } from '../predictor';
import { Rng } from '../random';
import { explainDrawn, maskDraw, type GuaranteeSettings } from '../sampleGuarantee';
import {
  maskWorkspace,
  maskWorkspaceBytes,
  maskWorkspaceIn,
  sampleCoinFlips,
  type MaskWorkspace,
} from '../sampleMasks';
import { arenaOf } from '../wasm/arenas';
import { KernelArena } from '../wasm/kernels';
import { bytesFor, perturbScratch } from '../wasm/regions';
import { maskHeldOut } from '../heldOutFidelity';
import { modelPlanes, perturbImages, type HideWith, type ImageInstance } from './imageInstance';
import type { MaskPredictor } from '../predictor';

/** Image explanation options; defaults are the reference's (LIME.md §4). */
export interface ImageExplainOptions extends Omit<LabelOptions, 'numFeatures' | 'kernelWidth'> {
  /** Default 1000. */
  numSamples?: number;
  /** Default: every segment. */
  numFeatures?: number;
  /** Default 0.25 (cosine distances). */
  kernelWidth?: number | null;
  /** Default 'mean'. */
  hide?: HideWith;
  /** Images per model run. Default 100 (as `--help` says), fewer when 100 images exceed 16 M values. */
  batchSize?: number;
  seed?: number;
  clock?: Clock;
  /** Buffers reused across runs (a fresh multi-megabyte array costs page faults); allocated when too small. */
  workspace?: ImageWorkspace;
  /** Fresh samples to test the surrogate on. Default a tenth of numSamples, at least 100; 0: none. */
  heldOutSamples?: number;
  /**
   * `--num-samples auto`: grow the neighbourhood until the chosen segments are stable (numSamples is then
   * unused; numFeatures defaults to 10, since a selection of every segment has nothing to test).
   */
  guarantee?: GuaranteeSettings | null;
}

export const DEFAULT_IMAGE_KERNEL_WIDTH = 0.25;

/**
 * Explains one image over its segments: each sample keeps every segment with probability ½ (row 0 keeps
 * all), images are built in batches by per-pixel lookup and sent to the model batch by batch.
 * @param segments segment id per pixel, 0..count−1
 */
export async function explainImage(
  image: ImageInstance,
  segments: Int32Array,
  count: number,
  predictor: Predictor,
  options: ImageExplainOptions,
): Promise<{ run: ExplanationRun; prediction: Float32Array }> {
  const clock = options.clock ?? Date.now;
  const start = clock();
  const seed = options.seed ?? 0;
  const masked = imageMaskPredictor(image, segments, count, predictor, options);
  const rng = new Rng(seed);
  const settings = options.guarantee ?? null;
  let inferenceMs = 0;
  // Row 0 is the instance; further draws continue the stream (a guarantee grows the neighbourhood).
  const draw = maskDraw(
    (rows) => sampleCoinFlips(count, rows, rng, 1, settings ? undefined : options.workspace?.masks),
    masked,
    clock,
    (ms) => (inferenceMs += ms),
  );
  const labelOptions = {
    ...options,
    numFeatures: options.numFeatures ?? (settings ? Math.min(10, count) : count),
    kernelWidth: options.kernelWidth ?? DEFAULT_IMAGE_KERNEL_WIDTH,
  };
  const { hood, guarantee, explanations, neighbourhood } = await explainDrawn(
    draw,
    options.numSamples ?? 1000,
    settings,
    { ...labelOptions, clock, startedAt: start },
    (s) => `segment ${s}`,
  );
  const scores = hood.scores;
  const numSamples = hood.rows;
  const heldOutMs = await maskHeldOut(
    explanations,
    (rows) => sampleCoinFlips(count, rows, new Rng(seed ^ 0x5bd1e995), 1),
    masked,
    options.kernelWidth ?? DEFAULT_IMAGE_KERNEL_WIDTH,
    options.heldOutSamples ?? Math.max(100, Math.round(numSamples / 10)),
    clock,
  );
  const prediction = scores.slice(0, predictor.outputs);
  return {
    run: {
      seed,
      explanations,
      timing: { totalMs: clock() - start, inferenceMs: inferenceMs + heldOutMs },
      neighbourhood,
      ...(guarantee ? { guarantee } : {}),
    },
    prediction,
  };
}

/**
 * An image model seen through its segments: each row of masks becomes an image by per-pixel lookup, built
 * in batches into one reused buffer and sent to the model batch by batch. Shared by LIME and KernelSHAP.
 */
/** Images per model run unless asked otherwise. */
export const DEFAULT_IMAGE_BATCH = 100;

/** Buffers an image job's runs share: one batch of images and the masks. */
export interface ImageWorkspace {
  batch: Float32Array;
  masks: MaskWorkspace;
}

/**
 * An image workspace for `rows` samples of up to `segments` segments and a batch of `batchValues` model
 * inputs, for images of at most `pixels` pixels of `channels`: batch and masks in one kernel arena (with
 * room for the kernels' scratch) unless `plain` or WebAssembly is unavailable.
 */
export function imageWorkspace(
  rows: number,
  segments: number,
  batchValues: number,
  pixels: number,
  channels: number,
  plain = false,
): ImageWorkspace {
  const arena = plain
    ? null
    : KernelArena.create(
        maskWorkspaceBytes(rows, segments) +
          bytesFor(4 * batchValues, ...perturbScratch(pixels, channels, segments, rows)),
      );
  if (!arena) return { batch: new Float32Array(batchValues), masks: maskWorkspace(rows, segments, true) };
  return { batch: arena.f32(batchValues), masks: maskWorkspaceIn(arena, rows, segments) };
}

export function imageMaskPredictor(
  image: ImageInstance,
  segments: Int32Array,
  count: number,
  predictor: Predictor,
  options: Pick<ImageExplainOptions, 'hide' | 'batchSize' | 'workspace' | 'clock'>,
): MaskPredictor & { lastRunMs: number } {
  const clock = options.clock ?? Date.now;
  const { planes, hidden } = modelPlanes(image, segments, count, options.hide ?? 'mean');
  const perImage = image.width * image.height * image.channels;
  return {
    get outputs() {
      return predictor.outputs;
    },
    lastRunMs: 0,
    async predictMasks(masks: Uint8Array, rows: number) {
      const batch = Math.max(
        1,
        Math.min(options.batchSize ?? Math.min(DEFAULT_IMAGE_BATCH, Math.floor(16_000_000 / perImage)), rows),
      );
      const buffer =
        options.workspace && options.workspace.batch.length >= batch * perImage
          ? options.workspace.batch
          : new Float32Array(batch * perImage);
      let scores: Float32Array | null = null;
      this.lastRunMs = 0;
      // In WebAssembly when the batch lives in a kernel arena (the same bits), else in TypeScript.
      const arena = arenaOf(buffer);
      for (let from = 0; from < rows; from += batch) {
        const n = Math.min(batch, rows - from);
        const viaKernel =
          arena instanceof KernelArena &&
          arena.perturbImages(image, segments, count, planes, hidden, masks, from, n, buffer);
        if (!viaKernel) perturbImages(image, segments, count, planes, hidden, masks, from, n, buffer);
        const t0 = clock();
        const part = await predictor.predict(buffer.subarray(0, n * perImage), n);
        this.lastRunMs += clock() - t0;
        scores ??= new Float32Array(rows * predictor.outputs);
        scores.set(part, from * predictor.outputs);
      }
      return scores!;
    },
  };
}
