import type { Design } from '../linear/design';
import { uniformOf, type Rng } from '../random';
import { ArenaMemory } from './arenaMemory';
import { registerArena, type ArenaKernels } from './arenas';
import { kernelModule, PAGE, type KernelExports } from './kernelModule';
import {
  ALIGN,
  binaryMomentScratch,
  binRegions,
  perturbScratch,
  planRegions,
  removalRegions,
  residualScratch,
  targetScratch,
  wordRegions,
  type BinPlan,
  type WordTable,
} from './regions';

/**
 * The engine's WebAssembly kernels (build/wasm/kernels.ts) and the arenas they run in. An arena is one
 * fixed-size WebAssembly memory: a workspace's buffers are typed-array views of it, so JavaScript and the
 * kernels share them without copying, and since the memory never grows the views stay valid for its life.
 * Every kernel has a TypeScript reference that gives the same bits (the tests compare them); where
 * WebAssembly is missing, a workspace is made of ordinary arrays and the references run.
 */

/** An arena (see ArenaMemory) with its own instance of the kernels, which run on what it holds. */
export class KernelArena extends ArenaMemory implements ArenaKernels {
  /** A plan placed for the arena's life (see holdPlan), and where its regions are. */
  private heldPlan: { plan: BinPlan; at: number[] } | null = null;

  private constructor(
    private readonly kernels: KernelExports,
    memory: { buffer: ArrayBuffer },
  ) {
    super(memory.buffer);
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

  /**
   * The bag-of-words token ids of n rows of masks (see OnnxTextPredictor.assembledIds), as int64 rows of
   * `width` tokens, or of the longest row's when width is null; the ids are a view of this arena, valid
   * until its next call. Null when they do not fit (a bigger arena is needed: see regions.ts's bytesForWords).
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
    const at = this.transient(wordRegions(d, n, tokens, width ?? words.total));
    if (!at) return null;
    const [maskAt, idsAt, featureAt, changeAt, out] = at;
    new Uint8Array(this.buffer, maskAt, n * d).set(masks.subarray(0, n * d));
    const wide = new Int32Array(this.buffer, idsAt, 2 * tokens);
    for (let t = 0; t < tokens; t++) {
      wide[2 * t] = words.tokenIds[t];
      wide[2 * t + 1] = words.tokenIds[t] < 0 ? -1 : 0;
    }
    new Int32Array(this.buffer, featureAt, tokens).set(words.tokenFeature);
    new Int32Array(this.buffer, changeAt, d + 8).fill(0).set(words.change);
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

  /**
   * sampleDiscretized's draw (tabular/sampleTabular.ts, no column drawn by bisection) into rows 1 … of
   * x, z and distances of this arena (and every row of rowBits, z's rows as bit sets, when given),
   * continuing rng's stream; false when the arena has no room for the plan's tables, or when its steps are
   * not a power of two (the kernel takes a table's step from a draw's top bits).
   */
  sampleBins(
    plan: BinPlan,
    instanceValues: Int32Array,
    rows: number,
    rng: Rng,
    {
      x,
      z,
      distances,
      rowBits,
    }: { x: Float32Array; z: Float64Array; distances: Float64Array; rowBits?: BigUint64Array },
  ): boolean {
    const cols = instanceValues.length;
    if (!(plan.steps >= 2 && plan.steps <= 2 ** 30 && (plan.steps & (plan.steps - 1)) === 0)) return false;
    const held = this.heldPlan?.plan === plan ? this.heldPlan.at : null;
    return this.drawing(rng, binRegions(held ? null : plan, cols), (state, [values, ...placed]) => {
      const [bounds, tables, tableOf] = held ?? placed;
      if (!held) this.copyPlan(plan, cols, placed);
      new Int32Array(this.buffer, values, cols).set(instanceValues);
      this.kernels.sampleBins(
        rows,
        cols,
        plan.stride,
        plan.steps,
        state,
        bounds,
        tables,
        4 * plan.tables.length,
        tableOf,
        values,
        x.byteOffset,
        z.byteOffset,
        distances.byteOffset,
        this.bitsAt(rowBits, rows, cols),
      );
    });
  }

  /**
   * Places a plan's bounds and quantile tables in this arena for its life, so that sampleBins reads them
   * where they are instead of copying them on every call (breast_cancer's tables are 123,000 entries, half
   * a megabyte, copied twice an explanation). False when there is no room: sampleBins then copies them.
   */
  holdPlan(plan: BinPlan, cols: number): boolean {
    const at = this.keep(planRegions(plan, cols));
    if (!at) return false;
    this.copyPlan(plan, cols, at);
    this.heldPlan = { plan, at };
    return true;
  }

  /** The bounds go in as the kernel compares them: each as the first draw whose uniform passes it (drawThreshold). */
  private copyPlan(plan: BinPlan, cols: number, [bounds, tables, tableOf]: number[]): void {
    new BigUint64Array(this.buffer, bounds, plan.bounds.length).set(Array.from(plan.bounds, drawThreshold));
    new Float32Array(this.buffer, tables, plan.tables.length).set(plan.tables);
    new Int32Array(this.buffer, tableOf, cols).set(plan.tableOf);
  }

  /**
   * A mask sampler of sampleMasks.ts (sampleRemovals or sampleCoinFlips) drawing rows × d masks and
   * distances (and the masks' rows as bit sets into rowBits, when given) into this arena, continuing rng's
   * stream; false when its scratch does not fit, or for removals of 2²⁰ features or more (the kernel's
   * integer picks are exact below that: see build/wasm/sampling.ts).
   */
  sampleMasks(
    kind: 'removals' | 'coin-flips',
    d: number,
    rows: number,
    rng: Rng,
    scale: number,
    buffers: { masks: Uint8Array; distances: Float64Array; rowBits?: BigUint64Array },
  ): boolean {
    const { masks, distances } = buffers;
    const [m, ds, bits] = [masks.byteOffset, distances.byteOffset, this.bitsAt(buffers.rowBits, rows, d)];
    if (kind === 'coin-flips')
      return this.drawing(rng, [], (state) => this.kernels.sampleCoinFlips(d, rows, scale, state, m, ds, bits));
    if (d >= 1 << 20) return false;
    return this.drawing(rng, removalRegions(d), (state, [order]) =>
      this.kernels.sampleRemovals(d, rows, scale, state, m, ds, order, bits),
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

  weightedResiduals(
    z: Design,
    rows: number,
    cols: number,
    y: Float64Array,
    w: Float64Array,
    mean: number,
    fit: { columns: number[]; coef: Float64Array; intercept: number },
  ): [number, number] | null {
    const k = fit.columns.length;
    if (k > cols) return null;
    return this.withScratch(residualScratch(rows, cols), ([targets, weights, columns, coef, out]) => {
      new Float64Array(this.buffer, targets, rows).set(y.subarray(0, rows));
      new Float64Array(this.buffer, weights, rows).set(w.subarray(0, rows));
      new Int32Array(this.buffer, columns, k).set(fit.columns);
      new Float64Array(this.buffer, coef, k).set(fit.coef.subarray(0, k));
      this.kernels.weightedResiduals(
        z.byteOffset,
        rows,
        cols,
        targets,
        weights,
        mean,
        fit.intercept,
        columns,
        coef,
        k,
        out,
        z.BYTES_PER_ELEMENT,
      );
      const sums = new Float64Array(this.buffer, out, 2);
      return [sums[0], sums[1]];
    });
  }

  targetCross(
    z: Design,
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
      const total = this.kernels.targetCross(
        z.byteOffset,
        rows,
        cols,
        weights,
        targets,
        yMean,
        rawAt,
        z.BYTES_PER_ELEMENT,
      );
      raw.set(found);
      return total;
    });
  }

  binaryMoments(
    z: Design,
    rows: number,
    cols: number,
    w: Float64Array,
    raw: Float64Array,
    sums: Float64Array,
    rowBits?: BigUint64Array,
  ): number | null {
    const bits = this.bitsAt(rowBits, rows, cols);
    return this.withScratch(
      binaryMomentScratch(rows, cols),
      ([weights, rawAt, sumsAt, via, zeroSums, packed, list]) => {
        new Float64Array(this.buffer, weights, rows).set(w.subarray(0, rows));
        // raw and sums go in as they are (the kernel adds into them, as binaryRaw does); its own sums start at 0.
        const rawIn = new Float64Array(this.buffer, rawAt, raw.length);
        const sumsIn = new Float64Array(this.buffer, sumsAt, sums.length);
        rawIn.set(raw);
        sumsIn.set(sums);
        new Float64Array(this.buffer, via, (zeroSums + cols * 8 - via) / 8).fill(0);
        const sumW =
          bits !== 0
            ? this.kernels.binaryMomentsBits(bits, rows, cols, weights, rawAt, sumsAt, via, zeroSums, list)
            : this.kernels.binaryMoments(
                z.byteOffset,
                rows,
                cols,
                weights,
                rawAt,
                sumsAt,
                via,
                zeroSums,
                packed,
                list,
                z.BYTES_PER_ELEMENT,
              );
        raw.set(rawIn);
        sums.set(sumsIn);
        return sumW;
      },
    );
  }
}

/**
 * A bin bound as the sampling kernel compares it: the first draw r of the generator whose uniform
 * (r + ½)·2⁻³² (Rng.fillUniform's) is above the bound, 2³² when none is; so `bound < u` exactly when r ≥ it.
 */
export function drawThreshold(bound: number): bigint {
  let r = Math.min(2 ** 32, Math.max(0, Math.floor(bound * 2 ** 32 - 0.5) + 1));
  if (Number.isNaN(r)) return 2n ** 32n;
  while (r > 0 && bound < uniformOf(r - 1)) r--;
  while (r < 2 ** 32 && !(bound < uniformOf(r))) r++;
  return BigInt(r);
}
