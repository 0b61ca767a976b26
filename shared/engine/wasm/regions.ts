/**
 * How the kernels' buffers and scratch are laid out in an arena: byte sizes, each region aligned, so a
 * workspace can be made with room for every kernel call it will see.
 */

/** Alignment of every region (a cache line). */
export const ALIGN = 64;
/** The generator's state, four 32-bit words, as the sampling kernels take it. */
export const STATE_BYTES = 16;

/** Bytes an arena needs for these allocations (each rounded up to the alignment). */
export function bytesFor(...sizes: number[]): number {
  return sizes.reduce((sum, s) => sum + align(s), ALIGN);
}

/** Regions assembleWords takes for n rows of d features, `tokens` tokens, rows of at most `longest`. */
export function wordRegions(d: number, n: number, tokens: number, longest: number): number[] {
  return [n * d + 8, 8 * tokens, 4 * tokens, 4 * (d + 8), 8 * (n * Math.max(1, longest) + 1)];
}

/** Bytes an arena needs for assembleWords (see wordRegions). */
export function bytesForWords(d: number, n: number, tokens: number, longest: number): number {
  return bytesFor(...wordRegions(d, n, tokens, longest));
}

/** What sampleBins reads of a tabular explainer (see sampleTabular.ts's DiscretizedPlan). */
export interface BinPlan {
  stride: number;
  steps: number;
  bounds: Float64Array;
  tables: Float32Array;
  tableOf: Int32Array;
}

/** Byte sizes of the scratch perturbImages takes: segment ids, planes, hidden colours, the masks. */
export function perturbScratch(hw: number, channels: number, count: number, rows: number): number[] {
  return [4 * hw, 4 * channels * hw, 4 * channels * count, rows * count];
}

/** Byte sizes of the scratch binaryMoments takes: weights, raw, sums, viaZeros, zeroSums, a packed row, a row's list. */
export function binaryMomentScratch(rows: number, cols: number): number[] {
  return [rows * 8, cols * cols * 8, cols * 8, cols * cols * 8, cols * 8, rowWords(cols) * 8, cols * 4];
}

/** Byte sizes of the scratch targetCross takes: weights, targets, raw. */
export function targetScratch(rows: number, cols: number): number[] {
  return [rows * 8, rows * 8, cols * 8];
}

/** Byte sizes of the scratch weightedResiduals takes: targets, weights, the fit's columns and coefficients, the two sums. */
export function residualScratch(rows: number, cols: number): number[] {
  return [rows * 8, rows * 8, cols * 4, cols * 8, 16];
}

/** Bytes of scratch the fitting kernels (binaryMoments, targetCross, weightedResiduals) need for rows × cols. */
export function momentScratchBytes(rows: number, cols: number): number {
  return Math.max(
    bytesFor(...binaryMomentScratch(rows, cols)),
    bytesFor(...targetScratch(rows, cols)),
    bytesFor(...residualScratch(rows, cols)),
  );
}

/** Regions sampleRemovals takes besides the generator's state: an order of the features. */
export function removalRegions(d: number): number[] {
  return [4 * d];
}

/** Bytes of scratch sampleRemovals needs for d features. */
export function removalScratchBytes(d: number): number {
  return bytesFor(STATE_BYTES, ...removalRegions(d));
}

/**
 * Regions sampleBins takes besides the generator's state: the instance's bins, then the plan's arrays
 * (planRegions) unless the arena holds them (plan null).
 */
export function binRegions(plan: BinPlan | null, cols: number): number[] {
  return [4 * cols, ...(plan ? planRegions(plan, cols) : [])];
}

/** A plan's regions: its bounds, quantile tables and each column's table. */
export function planRegions(plan: BinPlan, cols: number): number[] {
  return [8 * plan.bounds.length, 4 * plan.tables.length, 4 * cols];
}

/** A text's tokens for assembleWords: each token's id and feature (−1: a separator's), each feature's length change when removed. */
export interface WordTable {
  tokenIds: Int32Array;
  tokenFeature: Int32Array;
  change: Int32Array;
  /** Tokens of the whole text. */
  total: number;
}

/**
 * u64 words a row of a 0/1 design takes as a bit set (⌈cols/64⌉): the samplers' kernels write a design's
 * rows so beside z, and the design-moment kernel reads them instead of z (see build/wasm/rowBits.ts).
 */
export function rowWords(cols: number): number {
  return Math.ceil(cols / 64);
}

export function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
