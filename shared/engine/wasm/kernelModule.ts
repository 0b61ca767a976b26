import { KERNELS_WASM } from './kernelsBinary';

/**
 * The compiled kernels (build/wasm/kernels.ts, its bytes generated into kernelsBinary.ts) and the shape of
 * their exports.
 */

/** The kernels' exports: pointers are byte offsets into the arena's memory. */
export interface KernelExports {
  sampleRemovals(
    d: number,
    rows: number,
    scale: number,
    state: number,
    masks: number,
    distances: number,
    order: number,
    bits: number,
  ): void;
  binaryMoments(
    z: number,
    rows: number,
    cols: number,
    w: number,
    raw: number,
    sums: number,
    viaZeros: number,
    zeroSums: number,
    packed: number,
    list: number,
    /** z's element size: 8 (f64) or 1 (u8, a mask design). */
    bytes: number,
  ): number;
  binaryMomentsBits(
    bits: number,
    rows: number,
    cols: number,
    w: number,
    raw: number,
    sums: number,
    viaZeros: number,
    zeroSums: number,
    list: number,
  ): number;
  assembleWords(
    masks: number,
    d: number,
    n: number,
    tokenIds: number,
    tokenFeature: number,
    tokens: number,
    change: number,
    total: number,
    width: number,
    out: number,
    pad: number,
  ): number;
  targetCross(
    z: number,
    rows: number,
    cols: number,
    w: number,
    y: number,
    yMean: number,
    raw: number,
    bytes: number,
  ): number;
  weightedResiduals(
    z: number,
    rows: number,
    cols: number,
    y: number,
    w: number,
    mean: number,
    intercept: number,
    columns: number,
    coef: number,
    k: number,
    out: number,
    bytes: number,
  ): void;
  sampleCoinFlips(
    d: number,
    rows: number,
    scale: number,
    state: number,
    masks: number,
    distances: number,
    bits: number,
  ): void;
  perturbImages(
    hw: number,
    channels: number,
    nchw: number,
    segments: number,
    count: number,
    planes: number,
    hidden: number,
    masks: number,
    from: number,
    n: number,
    out: number,
  ): void;
  sampleBins(
    rows: number,
    cols: number,
    stride: number,
    steps: number,
    state: number,
    bounds: number,
    tables: number,
    tableBytes: number,
    tableOf: number,
    instanceValues: number,
    x: number,
    z: number,
    distances: number,
    bits: number,
  ): number;
}

/** The part of the standard WebAssembly API used here (shared/ compiles without DOM or Node types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

export const PAGE = 65536;

let compiled: { api: WebAssemblyApi; module: object } | null | undefined;

/** The compiled module, once per thread; null where WebAssembly is unavailable or refused. */
export function kernelModule(): { api: WebAssemblyApi; module: object } | null {
  if (compiled !== undefined) return compiled;
  // Globals of every engine that runs the workbench (Node, Chromium), though not in ES2023's types.
  const api = Reflect.get(globalThis, 'WebAssembly') as WebAssemblyApi | undefined;
  const atob = Reflect.get(globalThis, 'atob') as ((base64: string) => string) | undefined;
  try {
    if (!api || !atob) throw new Error('no WebAssembly here');
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    compiled = { api, module: new api.Module(bytes) };
  } catch {
    compiled = null;
  }
  return compiled;
}
