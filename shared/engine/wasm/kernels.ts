import type { Rng } from '../random';
import { registerArena, type ArenaKernels } from './arenas';
import { KERNELS_WASM } from './kernelsBinary';

/**
 * The engine's WebAssembly kernels (build/wasm/kernels.ts) and the arenas they run in. An arena is one
 * fixed-size WebAssembly memory: a workspace's buffers are typed-array views of it, so JavaScript and the
 * kernels share them without copying, and since the memory never grows the views stay valid for its life.
 * Every kernel has a TypeScript reference that gives the same bits (the tests compare them); where
 * WebAssembly is missing, a workspace is made of ordinary arrays and the references run.
 */

/** The kernels' exports: pointers are byte offsets into the arena's memory. */
interface KernelExports {
  sampleRemovals(
    d: number,
    rows: number,
    scale: number,
    state: number,
    masks: number,
    z: number,
    distances: number,
    order: number,
    u: number,
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
    lists: number,
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
  targetCross(z: number, rows: number, cols: number, w: number, y: number, yMean: number, raw: number): number;
  sampleCoinFlips(
    d: number,
    rows: number,
    scale: number,
    state: number,
    masks: number,
    z: number,
    distances: number,
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
    perRow: number,
    stride: number,
    steps: number,
    state: number,
    u: number,
    bounds: number,
    tables: number,
    tableOf: number,
    uOf: number,
    instanceValues: number,
    x: number,
    z: number,
    distances: number,
  ): void;
}

/** The part of the standard WebAssembly API used here (shared/ compiles without DOM or Node types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

const PAGE = 65536;
const ALIGN = 64;

let compiled: { api: WebAssemblyApi; module: object } | null | undefined;

/** The compiled module, once per thread; null where WebAssembly is unavailable or refused. */
function kernelModule(): { api: WebAssemblyApi; module: object } | null {
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

/**
 * A fixed-size WebAssembly memory handed out by a bump allocator. Temporaries a kernel call needs are
 * taken above the buffers and given back when it returns (mark and release).
 */
export class KernelArena implements ArenaKernels {
  readonly buffer: ArrayBuffer;
  private top = ALIGN;

  private constructor(
    private readonly kernels: KernelExports,
    memory: { buffer: ArrayBuffer },
  ) {
    this.buffer = memory.buffer;
    registerArena(this.buffer, this);
  }

  /** An arena of at least `bytes` (rounded up to whole pages), or null where WebAssembly is unavailable. */
  static create(bytes: number): KernelArena | null {
    const wasm = kernelModule();
    if (!wasm) return null;
    const pages = Math.ceil((bytes + ALIGN) / PAGE);
    try {
      const memory = new wasm.api.Memory({ initial: pages, maximum: pages });
      const instance = new wasm.api.Instance(wasm.module, { env: { memory } });
      return new KernelArena(instance.exports as KernelExports, memory);
    } catch {
      return null; // out of memory for it: the caller uses ordinary arrays
    }
  }

  /** Bytes an arena needs for these allocations (each rounded up to the alignment). */
  static bytesFor(...sizes: number[]): number {
    return sizes.reduce((sum, s) => sum + align(s), ALIGN);
  }

  private take(bytes: number): number | null {
    const at = this.top;
    if (at + bytes > this.buffer.byteLength) return null;
    this.top = at + align(bytes);
    return at;
  }

  private place(bytes: number): number {
    const at = this.take(bytes);
    if (at === null) throw new RangeError(`KernelArena: no room for ${bytes} bytes`);
    return at;
  }

  f64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.place(length * 8), length);
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.place(length * 4), length);
  }

  u8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.place(length), length);
  }

  /**
   * Places regions of the given byte sizes above the arena's buffers without keeping them: they hold until
   * the next call that places any. Null when they do not fit.
   */
  private transient(sizes: number[]): number[] | null {
    const mark = this.top;
    try {
      const at: number[] = [];
      for (const s of sizes) {
        const p = this.take(s);
        if (p === null) return null;
        at.push(p);
      }
      return at;
    } finally {
      this.top = mark;
    }
  }

  /** Runs `use` with temporaries of the given byte sizes, or returns null when they do not fit. */
  private withScratch<T>(sizes: number[], use: (at: number[]) => T): T | null {
    const at = this.transient(sizes);
    return at && use(at);
  }

  /**
   * The bag-of-words token ids of n rows of masks (see OnnxTextPredictor.assembledIds), as int64 rows of
   * `width` tokens, or of the longest row's when width is null; the ids are a view of this arena, valid
   * until its next call. Null when they do not fit (a bigger arena is needed: see bytesForWords).
   */
  assembleWords(
    masks: Uint8Array,
    d: number,
    n: number,
    words: WordTable,
    width: number | null,
    pad: number,
  ): { ids: BigInt64Array; width: number } | null {
    const tokens = words.tokenIds.length;
    const at = this.transient(KernelArena.wordRegions(d, n, tokens, width ?? words.total));
    if (!at) return null;
    const [maskAt, idsAt, featureAt, changeAt, out] = at;
    new Uint8Array(this.buffer, maskAt, n * d).set(masks.subarray(0, n * d));
    new Int32Array(this.buffer, idsAt, tokens).set(words.tokenIds);
    new Int32Array(this.buffer, featureAt, tokens).set(words.tokenFeature);
    new Int32Array(this.buffer, changeAt, d).set(words.change);
    const used = this.kernels.assembleWords(
      maskAt,
      d,
      n,
      idsAt,
      featureAt,
      tokens,
      changeAt,
      words.total,
      width ?? -1,
      out,
      pad,
    );
    return { ids: new BigInt64Array(this.buffer, out, n * used), width: used };
  }

  /** Bytes an arena needs for assembleWords on n rows of d features, rows of at most `longest` tokens. */
  static bytesForWords(d: number, n: number, tokens: number, longest: number): number {
    return KernelArena.bytesFor(...KernelArena.wordRegions(d, n, tokens, longest));
  }

  private static wordRegions(d: number, n: number, tokens: number, longest: number): number[] {
    return [n * d, 4 * tokens, 4 * tokens, 4 * d, 8 * n * Math.max(1, longest)];
  }

  /**
   * sampleRemovals's draw (sampleMasks.ts) into masks, z and distances of this arena, continuing rng's
   * stream; false when the arena has no room for its scratch.
   */
  sampleRemovals(
    d: number,
    rows: number,
    rng: Rng,
    scale: number,
    masks: Uint8Array,
    z: Float64Array,
    distances: Float64Array,
  ): boolean {
    return (
      this.withScratch(removalScratch(d), ([state, order, u]) => {
        const words = new Int32Array(this.buffer, state, 4);
        rng.saveState(words);
        this.kernels.sampleRemovals(
          d,
          rows,
          scale,
          state,
          masks.byteOffset,
          z.byteOffset,
          distances.byteOffset,
          order,
          u,
        );
        rng.loadState(words);
        return true;
      }) ?? false
    );
  }

  /**
   * sampleDiscretized's draw (tabular/sampleTabular.ts, no column drawn by bisection) into rows 1 … of
   * x, z and distances of this arena, continuing rng's stream; false when the arena has no room for the
   * plan's tables.
   */
  sampleBins(
    plan: BinPlan,
    instanceValues: Int32Array,
    rows: number,
    rng: Rng,
    x: Float32Array,
    z: Float64Array,
    distances: Float64Array,
  ): boolean {
    const cols = instanceValues.length;
    return (
      this.withScratch(binScratch(plan, cols), ([state, u, bounds, tables, tableOf, uOf, values]) => {
        new Float64Array(this.buffer, bounds, plan.bounds.length).set(plan.bounds);
        new Float32Array(this.buffer, tables, plan.tables.length).set(plan.tables);
        new Int32Array(this.buffer, tableOf, cols).set(plan.tableOf);
        new Int32Array(this.buffer, uOf, cols).set(plan.uOf);
        new Int32Array(this.buffer, values, cols).set(instanceValues);
        const words = new Int32Array(this.buffer, state, 4);
        rng.saveState(words);
        this.kernels.sampleBins(
          rows,
          cols,
          plan.perRow,
          plan.stride,
          plan.steps,
          state,
          u,
          bounds,
          tables,
          tableOf,
          uOf,
          values,
          x.byteOffset,
          z.byteOffset,
          distances.byteOffset,
        );
        rng.loadState(words);
        return true;
      }) ?? false
    );
  }

  /** sampleCoinFlips's draw (sampleMasks.ts) into masks, z and distances of this arena, continuing rng's stream. */
  sampleCoinFlips(
    d: number,
    rows: number,
    rng: Rng,
    scale: number,
    masks: Uint8Array,
    z: Float64Array,
    distances: Float64Array,
  ): boolean {
    return (
      this.withScratch([16], ([state]) => {
        const words = new Int32Array(this.buffer, state, 4);
        rng.saveState(words);
        this.kernels.sampleCoinFlips(d, rows, scale, state, masks.byteOffset, z.byteOffset, distances.byteOffset);
        rng.loadState(words);
        return true;
      }) ?? false
    );
  }

  /**
   * perturbImages (image/imageInstance.ts) of images from … from+n−1 into `out`, a view of this arena;
   * false when out is not or the arena has no room for the image's planes.
   */
  perturbImages(
    image: { width: number; height: number; channels: number; layout: 'NCHW' | 'NHWC' },
    segments: Int32Array,
    count: number,
    planes: Float32Array,
    hidden: Float32Array,
    masks: Uint8Array,
    from: number,
    n: number,
    out: Float32Array,
  ): boolean {
    if (out.buffer !== this.buffer) return false;
    const hw = image.width * image.height;
    const rows = masks.length / count;
    return (
      this.withScratch(perturbScratch(hw, image.channels, count, rows), ([segmentsAt, planesAt, hiddenAt, masksAt]) => {
        new Int32Array(this.buffer, segmentsAt, hw).set(segments);
        new Float32Array(this.buffer, planesAt, planes.length).set(planes);
        new Float32Array(this.buffer, hiddenAt, hidden.length).set(hidden);
        // Masks the arena holds are read where they are.
        const inPlace = masks.buffer === this.buffer;
        if (!inPlace) new Uint8Array(this.buffer, masksAt, masks.length).set(masks);
        const nchw = image.layout === 'NCHW' ? 1 : 0;
        this.kernels.perturbImages(
          hw,
          image.channels,
          nchw,
          segmentsAt,
          count,
          planesAt,
          hiddenAt,
          inPlace ? masks.byteOffset : masksAt,
          from,
          n,
          out.byteOffset,
        );
        return true;
      }) ?? false
    );
  }

  targetCross(
    z: Float64Array,
    rows: number,
    cols: number,
    w: Float64Array,
    y: Float64Array,
    yMean: number,
    raw: Float64Array,
  ): number | null {
    return this.withScratch(targetScratch(rows, cols), ([weights, targets, rawAt]) => {
      new Float64Array(this.buffer, weights, rows).set(w.subarray(0, rows));
      new Float64Array(this.buffer, targets, rows).set(y.subarray(0, rows));
      const found = new Float64Array(this.buffer, rawAt, cols);
      found.set(raw);
      const total = this.kernels.targetCross(z.byteOffset, rows, cols, weights, targets, yMean, rawAt);
      raw.set(found);
      return total;
    });
  }

  binaryMoments(
    z: Float64Array,
    rows: number,
    cols: number,
    w: Float64Array,
    raw: Float64Array,
    sums: Float64Array,
  ): number | null {
    return this.withScratch(binaryMomentScratch(rows, cols), ([weights, rawAt, sumsAt, via, zeroSums, lists]) => {
      new Float64Array(this.buffer, weights, rows).set(w);
      const cleared = new Float64Array(this.buffer, rawAt, (zeroSums + cols * 8 - rawAt) / 8);
      cleared.fill(0);
      const sumW = this.kernels.binaryMoments(z.byteOffset, rows, cols, weights, rawAt, sumsAt, via, zeroSums, lists);
      const into = (target: Float64Array, at: number) => {
        const found = new Float64Array(this.buffer, at, target.length);
        for (let k = 0; k < target.length; k++) target[k] += found[k];
      };
      into(raw, rawAt);
      into(sums, sumsAt);
      return sumW;
    });
  }
}

/** What sampleBins reads of a tabular explainer (see sampleTabular.ts's DiscretizedPlan). */
export interface BinPlan {
  perRow: number;
  stride: number;
  steps: number;
  bounds: Float64Array;
  tables: Float32Array;
  tableOf: Int32Array;
  uOf: Int32Array;
}

/** Byte sizes of the scratch perturbImages takes: segment ids, planes, hidden colours, the masks. */
export function perturbScratch(hw: number, channels: number, count: number, rows: number): number[] {
  return [4 * hw, 4 * channels * hw, 4 * channels * count, rows * count];
}

/** Byte sizes of the scratch binaryMoments takes: weights, raw, sums, viaZeros, zeroSums, lists. */
function binaryMomentScratch(rows: number, cols: number): number[] {
  return [rows * 8, cols * cols * 8, cols * 8, cols * cols * 8, cols * 8, cols * 8];
}

/** Byte sizes of the scratch targetCross takes: weights, targets, raw. */
function targetScratch(rows: number, cols: number): number[] {
  return [rows * 8, rows * 8, cols * 8];
}

/** Bytes of scratch the moment kernels (binaryMoments, targetCross) need for a design of rows × cols. */
export function momentScratchBytes(rows: number, cols: number): number {
  return Math.max(
    KernelArena.bytesFor(...binaryMomentScratch(rows, cols)),
    KernelArena.bytesFor(...targetScratch(rows, cols)),
  );
}

/** Byte sizes of the scratch sampleRemovals takes for d features: the generator's state, an order, uniforms. */
export function removalScratch(d: number): number[] {
  return [16, 4 * d, 8 * Math.max(1, d)];
}

/** Byte sizes of the scratch sampleBins takes: the generator's state, a row's uniforms, the plan's arrays. */
export function binScratch(plan: BinPlan, cols: number): number[] {
  return [16, 8 * plan.perRow, 8 * plan.bounds.length, 4 * plan.tables.length, 4 * cols, 4 * cols, 4 * cols];
}

/** A text's tokens for assembleWords: each token's id and feature (−1: a separator's), each feature's length change when removed. */
export interface WordTable {
  tokenIds: Int32Array;
  tokenFeature: Int32Array;
  change: Int32Array;
  /** Tokens of the whole text. */
  total: number;
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
