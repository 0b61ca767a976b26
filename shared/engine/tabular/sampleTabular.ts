import { normalQuantile } from '../normal';
import { arenaOf } from '../wasm/arenas';
import { KernelArena } from '../wasm/kernels';
import { binRegions, bytesFor, momentScratchBytes, planRegions, rowWords, STATE_BYTES } from '../wasm/regions';
import type { Rng } from '../random';
import { binOf, QUANTILE_STEPS, type TabularExplainerState } from './fitTabular';

/** A neighbourhood of one instance. Row 0 is the instance itself. */
export interface TabularNeighbourhood {
  rows: number;
  cols: number;
  /** What the model is fed: rows × cols float32 (categorical columns hold category codes). */
  x: Float32Array;
  /** Interpretable representation the surrogate is fitted on: rows × cols. */
  z: Float64Array;
  /** True when z holds only 0 and 1 (discretized mode). */
  binary: boolean;
  /** Euclidean distance of each row of z to row 0. */
  distances: Float64Array;
  /** Interpretable value of the instance per column: bin or category code; -1 for a continuous column. */
  instanceValues: Int32Array;
  /** z's rows as bit sets, where the sampling kernel drew them (see AnsweredNeighbourhood.rowBits). */
  rowBits?: BigUint64Array;
}

/**
 * Buffers a neighbourhood can be written into. Reusing one across the runs of a job matters: a fresh
 * multi-megabyte typed array costs more in page faults than the sampling that fills it.
 */
export interface TabularWorkspace {
  x: Float32Array;
  z: Float64Array;
  distances: Float64Array;
  /** In an arena: room for z's rows as bit sets. */
  rowBits?: BigUint64Array;
}

/**
 * A workspace for neighbourhoods of rows × cols: in a kernel arena (WebAssembly memory, holding `state`'s
 * bin tables for the sampling kernel, with room for the design-moment kernel's scratch) unless `plain` or
 * WebAssembly is unavailable. Without `state` the sampling runs in TypeScript.
 */
export function tabularWorkspace(
  rows: number,
  cols: number,
  { plain = false, state }: { plain?: boolean; state?: TabularExplainerState } = {},
): TabularWorkspace {
  const cells = rows * cols;
  // The plan the bin kernel draws from, held in the arena for its life (see KernelArena.holdPlan).
  const drawn = state ? discretizedPlan(state) : null;
  const plan = drawn && !drawn.anyBisect ? drawn : null;
  const arena = plain
    ? null
    : KernelArena.create(
        bytesFor(cells * 4, cells * 8, rows * 8, rows * rowWords(cols) * 8, ...(plan ? planRegions(plan, cols) : [])) +
          Math.max(plan ? bytesFor(STATE_BYTES, ...binRegions(null, cols)) : 0, momentScratchBytes(rows, cols)),
      );
  if (!arena) return { x: new Float32Array(cells), z: new Float64Array(cells), distances: new Float64Array(rows) };
  const workspace = {
    x: arena.f32(cells),
    z: arena.f64(cells),
    distances: arena.f64(rows),
    rowBits: arena.u64(rows * rowWords(cols)),
  };
  if (plan) arena.holdPlan(plan, cols);
  return workspace;
}

/**
 * Samples the neighbourhood of LIME.md §2. Discretized mode: each column draws a bin (or category) from
 * its training frequencies, z = 1 where it equals the instance's, x = a value from the bin's truncated
 * normal. Continuous mode: x = N(0,1)·scale + (training mean, or the instance when sampleAroundInstance),
 * z = x standardised; categorical columns as in discretized mode. Allocates the neighbourhood once.
 * @param instance raw values, length cols (categorical: codes)
 * @param workspace optional buffers to fill (overwritten; the result's arrays are views of them)
 */
export function sampleTabular(
  state: TabularExplainerState,
  instance: Float64Array,
  numSamples: number,
  rng: Rng,
  sampleAroundInstance = false,
  workspace?: TabularWorkspace,
): TabularNeighbourhood {
  const cols = state.columns.length;
  const rows = numSamples;
  if (instance.length !== cols)
    throw new RangeError(`sampleTabular: the instance has ${instance.length} values, expected ${cols}`);
  if (!(rows >= 1)) throw new RangeError(`sampleTabular: numSamples must be ≥ 1, got ${rows}`);
  const instanceValues = Int32Array.from(state.columns, (col, j) =>
    col.kind === 'numeric' && col.cuts === null ? -1 : col.cuts ? binOf(instance[j], col.cuts) : instance[j],
  );
  const { rowBits, ...buffers } =
    workspace && workspace.x.length === rows * cols && workspace.distances.length === rows
      ? workspace
      : tabularWorkspace(rows, cols, { plain: true }); // one call's: an arena (a WebAssembly memory) is for buffers kept
  const hood: TabularNeighbourhood = {
    rows,
    cols,
    x: buffers.x,
    z: buffers.z,
    distances: buffers.distances,
    binary: instanceValues.every((v) => v >= 0),
    instanceValues,
  };
  hood.distances[0] = 0;
  for (let j = 0; j < cols; j++) {
    hood.x[j] = instance[j];
    hood.z[j] = instanceValues[j] >= 0 ? 1 : (instance[j] - state.columns[j].mean) / state.columns[j].scale;
  }
  const bits =
    rowBits && rowBits.length >= rows * rowWords(cols) ? rowBits.subarray(0, rows * rowWords(cols)) : undefined;
  if (hood.binary) sampleDiscretized(state, hood, rng, bits);
  else sampleContinuous(state, instance, hood, rng, sampleAroundInstance);
  return hood;
}

/**
 * Every column draws a bin or category; rows are filled in order, each row's distance on the way. A row's
 * uniforms are drawn in one call (one for the bin, a second for the place in a numeric column's bin, in
 * column order): the same stream as drawing them one by one, at a fraction of the cost.
 */
function sampleDiscretized(
  state: TabularExplainerState,
  hood: TabularNeighbourhood,
  rng: Rng,
  rowBits: BigUint64Array | undefined,
): void {
  const { rows, cols, x, z, distances, instanceValues } = hood;
  const steps = QUANTILE_STEPS;
  const plan = discretizedPlan(state);
  // In WebAssembly when the buffers live in a kernel arena (the same bits; compared in the tests).
  const arena = arenaOf(x);
  if (
    !plan.anyBisect &&
    arena instanceof KernelArena &&
    arena.sampleBins(plan, instanceValues, rows, rng, { x, z, distances, rowBits })
  ) {
    if (rowBits) hood.rowBits = rowBits;
    return;
  }
  const { perRow, stride, bounds, bisect, tables, tableOf, uOf } = plan;
  const u = new Float64Array(perRow);
  if (plan.anyBisect || stride !== 3) {
    for (let i = 1; i < rows; i++) {
      rng.fillUniform(u, perRow);
      const base = i * cols;
      let zeros = 0;
      for (let j = 0; j < cols; j++) {
        const uj = u[uOf[j]];
        let b = 0;
        if (bisect[j] === 0) {
          // Branch-free: the count of bounds below u (a column's unused bounds are 2, above any u).
          const at = j * stride;
          for (let m = 0; m < stride; m++) b += +(bounds[at + m] < uj);
        } else b = drawBin(state.columns[j].cumFreq, uj);
        // Branch-free: which bin comes up is random, so a branch here would mispredict most of the time.
        const same = +(b === instanceValues[j]);
        z[base + j] = same;
        zeros += 1 - same;
        const table = tableOf[j];
        if (table < 0) {
          x[base + j] = b;
        } else {
          const t = u[uOf[j] + 1] * steps;
          const q = t | 0;
          const at = table + b * (steps + 1) + q;
          x[base + j] = tables[at] + (t - q) * (tables[at + 1] - tables[at]);
        }
      }
      distances[i] = Math.sqrt(zeros);
    }
    return;
  }
  // Quartiles (the default): three bounds per column, compared without a loop. The same draws as the loop
  // above, about a fifth faster: V8 does not unroll the inner loop, and a branch on the stride inside it
  // costs more than the unrolling saves (measured).
  for (let i = 1; i < rows; i++) {
    rng.fillUniform(u, perRow);
    const base = i * cols;
    let zeros = 0;
    for (let j = 0; j < cols; j++) {
      const k = uOf[j];
      const uj = u[k];
      const at = 3 * j;
      const b = +(bounds[at] < uj) + +(bounds[at + 1] < uj) + +(bounds[at + 2] < uj);
      const same = +(b === instanceValues[j]);
      z[base + j] = same;
      zeros += 1 - same;
      const table = tableOf[j];
      if (table < 0) {
        x[base + j] = b;
      } else {
        const t = u[k + 1] * steps;
        const q = t | 0;
        const p = table + b * (steps + 1) + q;
        x[base + j] = tables[p] + (t - q) * (tables[p + 1] - tables[p]);
      }
    }
    distances[i] = Math.sqrt(zeros);
  }
}

/** What discretized sampling reads, flattened into a few typed arrays (monomorphic, cache-friendly loops). */
interface DiscretizedPlan {
  /** Uniforms per row: one per column, a second per numeric column. */
  perRow: number;
  /** Bounds per column: the most any column with few bins has. */
  stride: number;
  /** Column j's cumulative frequencies but the last at j·stride…, padded with 2. */
  bounds: Float64Array;
  /** 1 for a column of many categories, drawn by bisection instead. */
  bisect: Uint8Array;
  /** Every numeric column's bin-quantile table, one after another. */
  tables: Float32Array;
  /** Where column j's table starts in `tables`; −1 for a categorical column. */
  tableOf: Int32Array;
  /** Where column j's uniforms start in a row's. */
  uOf: Int32Array;
  /** Some column is drawn by bisection (the quartile loop and the kernel then do not apply). */
  anyBisect: boolean;
  /** QUANTILE_STEPS. */
  steps: number;
}

const plans = new WeakMap<TabularExplainerState, DiscretizedPlan>();

function discretizedPlan(state: TabularExplainerState): DiscretizedPlan {
  let plan = plans.get(state);
  if (plan) return plan;
  const cols = state.columns.length;
  const few = (c: Float64Array) => c.length - 1 <= 16;
  const stride = Math.max(1, ...state.columns.map((c) => (few(c.cumFreq) ? c.cumFreq.length - 1 : 0)));
  const bounds = new Float64Array(cols * stride).fill(2);
  const bisect = new Uint8Array(cols);
  const tableOf = new Int32Array(cols).fill(-1);
  let tableLength = 0;
  state.columns.forEach((c, j) => {
    if (few(c.cumFreq)) bounds.set(c.cumFreq.subarray(0, c.cumFreq.length - 1), j * stride);
    else bisect[j] = 1;
    if (c.binQuantiles) {
      tableOf[j] = tableLength;
      tableLength += c.binQuantiles.length;
    }
  });
  const tables = new Float32Array(tableLength);
  state.columns.forEach((c, j) => c.binQuantiles && tables.set(c.binQuantiles, tableOf[j]));
  const uOf = new Int32Array(cols);
  for (let j = 1; j < cols; j++) uOf[j] = uOf[j - 1] + (tableOf[j - 1] < 0 ? 1 : 2);
  plan = {
    perRow: cols + state.columns.filter((c) => c.binQuantiles).length,
    stride,
    bounds,
    bisect,
    tables,
    tableOf,
    uOf,
    anyBisect: bisect.some((b) => b === 1),
    steps: QUANTILE_STEPS,
  };
  plans.set(state, plan);
  return plan;
}

/**
 * The bin whose cumulative frequency first reaches u: the count of cumulative frequencies below u,
 * counted without branches for the few bins of a discretizer, by bisection for many categories.
 */
function drawBin(cum: Float64Array, u: number): number {
  const last = cum.length - 1;
  if (last <= 16) {
    let b = 0;
    for (let k = 0; k < last; k++) b += +(cum[k] < u);
    return b;
  }
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampleContinuous(
  state: TabularExplainerState,
  instance: Float64Array,
  hood: TabularNeighbourhood,
  rng: Rng,
  sampleAroundInstance: boolean,
): void {
  const { rows, cols, x, z, distances, instanceValues } = hood;
  for (let j = 0; j < cols; j++) {
    const col = state.columns[j];
    if (instanceValues[j] >= 0) {
      // A categorical column: draw a category, z marks the instance's.
      for (let i = 1; i < rows; i++) {
        const b = drawBin(col.cumFreq, rng.uniform());
        z[i * cols + j] = b === instanceValues[j] ? 1 : 0;
        x[i * cols + j] = b;
      }
      continue;
    }
    const centre = sampleAroundInstance ? instance[j] : col.mean;
    for (let i = 1; i < rows; i++) {
      const value = normalQuantile(rng.uniform()) * col.scale + centre;
      x[i * cols + j] = value;
      z[i * cols + j] = (value - col.mean) / col.scale;
    }
  }
  for (let i = 1; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const d = z[i * cols + j] - z[j];
      s += d * d;
    }
    distances[i] = Math.sqrt(s);
  }
}
