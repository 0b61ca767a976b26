import { arenaOf } from '../wasm/arenas';
import type { Design } from './design';

/**
 * Weighted, centred second moments of a design matrix: everything a weighted least-squares fit on any
 * subset of its columns needs, computed in one pass over the rows. Fitting a subset then costs O(k³)
 * instead of O(rows · k²), which makes feature selection cheap.
 */
export interface DesignMoments {
  cols: number;
  sumW: number;
  /** Weighted column means, length cols. */
  mean: Float64Array;
  /** Σ w (z − mean)(z − mean)ᵀ, cols × cols row-major. */
  gram: Float64Array;
}

/** Weighted moments of one target against the design. */
export interface TargetMoments {
  /** Weighted mean of y. */
  mean: number;
  /** Σ w (z − zMean)(y − yMean), length cols. */
  cross: Float64Array;
  /** Σ w (y − yMean)². */
  total: number;
}

/**
 * @param z design, rows × cols row-major
 * @param w sample weights, length rows
 * @param binary true when every entry of z is 0 or 1: the Gram then only visits each row's ones
 * @param rowBits z's rows as bit sets, where a sampling kernel wrote them (see AnsweredNeighbourhood)
 */
export function designMoments(
  z: Design,
  rows: number,
  cols: number,
  w: Float64Array,
  binary: boolean,
  rowBits?: BigUint64Array,
): DesignMoments {
  if (z.length !== rows * cols || w.length !== rows)
    throw new RangeError(
      `designMoments: expected z ${rows}×${cols} and ${rows} weights, got ${z.length} and ${w.length}`,
    );
  const raw = new Float64Array(cols * cols);
  const sums = new Float64Array(cols);
  let sumW = 0;
  if (binary) {
    // In WebAssembly when z lives in a kernel arena (the same bits), else in TypeScript.
    sumW = arenaOf(z)?.binaryMoments(z, rows, cols, w, raw, sums, rowBits) ?? binaryRaw(z, rows, cols, w, raw, sums);
  } else {
    for (let i = 0; i < rows; i++) {
      const wi = w[i];
      sumW += wi;
      const base = i * cols;
      for (let a = 0; a < cols; a++) {
        const wza = wi * z[base + a];
        if (wza === 0) continue;
        sums[a] += wza;
        const rowA = a * cols;
        for (let b = a; b < cols; b++) raw[rowA + b] += wza * z[base + b];
      }
    }
  }
  const mean = sums.map((s) => s / sumW);
  const gram = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++) {
    for (let b = a; b < cols; b++) {
      const v = raw[a * cols + b] - sumW * mean[a] * mean[b];
      gram[a * cols + b] = v;
      gram[b * cols + a] = v;
    }
  }
  return { cols, sumW, mean, gram };
}

/**
 * Σ w z zᵀ (upper triangle, into raw) and Σ w z (into sums) for a 0/1 design; returns Σ w. A row with
 * more ones than zeros is accumulated through its zeros, using z_a z_b = 1 − z̄_a − z̄_b + z̄_a z̄_b with
 * z̄ = 1 − z, so each row costs min(ones, zeros)² instead of ones².
 */
function binaryRaw(
  z: Design,
  rows: number,
  cols: number,
  w: Float64Array,
  raw: Float64Array,
  sums: Float64Array,
): number {
  const ones = new Int32Array(cols);
  const zeros = new Int32Array(cols);
  const viaZeros = new Float64Array(cols * cols);
  const zeroSums = new Float64Array(cols);
  let sumW = 0;
  let sumWViaZeros = 0;
  for (let i = 0; i < rows; i++) {
    const wi = w[i];
    sumW += wi;
    let n1 = 0;
    let n0 = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      // Branch-free split: a 0/1 entry is as likely either way, so a branch would mispredict.
      const one = +(z[base + j] !== 0);
      ones[n1] = j;
      zeros[n0] = j;
      n1 += one;
      n0 += 1 - one;
    }
    if (n1 <= n0) {
      accumulatePairs(ones, n1, wi, raw, sums, cols);
    } else {
      sumWViaZeros += wi;
      accumulatePairs(zeros, n0, wi, viaZeros, zeroSums, cols);
    }
  }
  for (let a = 0; a < cols; a++) {
    sums[a] += sumWViaZeros - zeroSums[a];
    for (let b = a; b < cols; b++)
      raw[a * cols + b] += sumWViaZeros - zeroSums[a] - zeroSums[b] + viaZeros[a * cols + b];
  }
  return sumW;
}

function accumulatePairs(
  list: Int32Array,
  n: number,
  wi: number,
  pairs: Float64Array,
  sums: Float64Array,
  cols: number,
): void {
  for (let a = 0; a < n; a++) {
    const ja = list[a];
    sums[ja] += wi;
    const rowA = ja * cols;
    for (let b = a; b < n; b++) pairs[rowA + list[b]] += wi;
  }
}

/** Weighted moments of target y (length rows) against the design z. */
export function targetMoments(
  z: Design,
  rows: number,
  cols: number,
  w: Float64Array,
  y: Float64Array,
  design: DesignMoments,
): TargetMoments {
  let sy = 0;
  for (let i = 0; i < rows; i++) sy += w[i] * y[i];
  const yMean = sy / design.sumW;
  const raw = new Float64Array(cols);
  // In WebAssembly when z lives in a kernel arena (the same bits), else in TypeScript.
  const viaKernel = arenaOf(z)?.targetCross(z, rows, cols, w, y, yMean, raw) ?? null;
  if (viaKernel !== null) return { mean: yMean, cross: raw, total: viaKernel };
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const r = w[i] * (y[i] - yMean);
    total += r * (y[i] - yMean);
    if (r === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) raw[j] += r * z[base + j];
  }
  // Σ w (z − m)(y − ȳ) = Σ w z (y − ȳ), since Σ w (y − ȳ) = 0.
  return { mean: yMean, cross: raw, total };
}
