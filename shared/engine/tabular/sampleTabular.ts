import { normalQuantile } from '../normal';
import type { Rng } from '../random';
import { binOf, type TabularExplainerState } from './fitTabular';

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
}

/**
 * Samples the neighbourhood of LIME.md §2. Discretized mode: each column draws a bin (or category) from
 * its training frequencies, z = 1 where it equals the instance's, x = a value from the bin's truncated
 * normal. Continuous mode: x = N(0,1)·scale + (training mean, or the instance when sampleAroundInstance),
 * z = x standardised. Allocates the whole neighbourhood once.
 * @param instance raw values, length cols (categorical: codes)
 */
export function sampleTabular(state: TabularExplainerState, instance: Float64Array, numSamples: number, rng: Rng, sampleAroundInstance = false): TabularNeighbourhood {
  const cols = state.columns.length;
  const rows = numSamples;
  if (instance.length !== cols) throw new RangeError(`sampleTabular: the instance has ${instance.length} values, expected ${cols}`);
  if (!(rows >= 1)) throw new RangeError(`sampleTabular: numSamples must be ≥ 1, got ${rows}`);
  const x = new Float32Array(rows * cols);
  const z = new Float64Array(rows * cols);
  const instanceValues = new Int32Array(cols).fill(-1);
  let binary = true;
  for (let j = 0; j < cols; j++) {
    const col = state.columns[j];
    const v0 = instance[j];
    x[j] = v0;
    if (col.kind === 'numeric' && col.cuts === null) {
      binary = false;
      const centre = sampleAroundInstance ? v0 : col.mean;
      z[j] = (v0 - col.mean) / col.scale;
      for (let i = 1; i < rows; i++) {
        const value = normalQuantile(rng.uniform()) * col.scale + centre;
        x[i * cols + j] = value;
        z[i * cols + j] = (value - col.mean) / col.scale;
      }
      continue;
    }
    const own = col.cuts ? binOf(v0, col.cuts) : v0;
    instanceValues[j] = own;
    z[j] = 1;
    const cum = col.cumFreq;
    const last = cum.length - 1;
    const samplers = col.binSamplers;
    for (let i = 1; i < rows; i++) {
      const u = rng.uniform();
      let b = 0;
      while (b < last && cum[b] < u) b++;
      z[i * cols + j] = b === own ? 1 : 0;
      x[i * cols + j] = samplers ? samplers[b].sample(rng.uniform()) : b;
    }
  }
  const distances = new Float64Array(rows);
  if (binary) {
    for (let i = 1; i < rows; i++) {
      let zeros = 0;
      for (let j = 0; j < cols; j++) if (z[i * cols + j] === 0) zeros++;
      distances[i] = Math.sqrt(zeros);
    }
  } else {
    for (let i = 1; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const d = z[i * cols + j] - z[j];
        s += d * d;
      }
      distances[i] = Math.sqrt(s);
    }
  }
  return { rows, cols, x, z, binary, distances, instanceValues };
}
