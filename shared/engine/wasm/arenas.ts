import type { Design } from '../linear/design';

/**
 * Which buffers live in a kernel arena's WebAssembly memory (see kernels.ts), so code that is handed a
 * plain typed array can run a kernel on it in place. Kept apart from kernels.ts so that code which only
 * asks (designMoments, also in the renderer's bundle) does not carry the module's bytes.
 */
export interface ArenaKernels {
  /**
   * binaryRaw of linear/moments.ts in WebAssembly for a 0/1 design z (f64 or u8) that lives in this arena: adds into
   * raw and sums, returns Σ w; null when the arena has no room for the call's scratch (use TypeScript).
   * With rowBits (z's rows as bit sets, as a sampling kernel wrote them in this arena) z itself is not read.
   */
  binaryMoments(
    z: Design,
    rows: number,
    cols: number,
    w: Float64Array,
    raw: Float64Array,
    sums: Float64Array,
    rowBits?: BigUint64Array,
  ): number | null;
  /**
   * The second pass of targetMoments (linear/moments.ts) in WebAssembly for a design z that lives in this
   * arena: adds Σ w (y − ȳ) z into raw, returns Σ w (y − ȳ)²; null when the arena has no room.
   */
  targetCross(
    z: Design,
    rows: number,
    cols: number,
    w: Float64Array,
    y: Float64Array,
    yMean: number,
    raw: Float64Array,
  ): number | null;
  /**
   * The second pass of weightedR2 (linear/ridge.ts) in WebAssembly for a design z that lives in this arena:
   * [Σ w (y − fit)², Σ w (y − mean)²]; null when the arena has no room.
   */
  weightedResiduals(
    z: Design,
    rows: number,
    cols: number,
    y: Float64Array,
    w: Float64Array,
    mean: number,
    fit: { columns: number[]; coef: Float64Array; intercept: number },
  ): [number, number] | null;
}

const arenas = new WeakMap<ArrayBufferLike, ArenaKernels>();

/** Registers an arena's memory (kernels.ts does, as it makes one). */
export function registerArena(buffer: ArrayBufferLike, kernels: ArenaKernels): void {
  arenas.set(buffer, kernels);
}

/** The kernels of the arena `view` lives in, or null for an ordinary typed array. */
export function arenaOf(view: ArrayBufferView): ArenaKernels | null {
  return arenas.get(view.buffer) ?? null;
}
