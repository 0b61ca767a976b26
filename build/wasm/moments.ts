// The fit's passes over a design (see kernels.ts): the design's and the target's moments, a fit's residuals.
import { fullWord, wordsFor } from './rowBits';

/**
 * binaryRaw of shared/engine/linear/moments.ts for a 0/1 design z (f64, rows × cols) and weights w: adds
 * Σ w z zᵀ (upper triangle) to raw and Σ w z to sums; returns Σ w. viaZeros (cols × cols), zeroSums (cols)
 * and lists (2 · cols i32) are zeroed scratch.
 */
export function binaryMoments(
  z: usize,
  rows: i32,
  cols: i32,
  w: usize,
  raw: usize,
  sums: usize,
  viaZeros: usize,
  zeroSums: usize,
  lists: usize,
): f64 {
  const ones = lists;
  const zeros = lists + ((<usize>cols) << 2);
  let sumW = 0.0;
  let sumWViaZeros = 0.0;
  for (let i = 0; i < rows; i++) {
    const wi = load<f64>(w + ((<usize>i) << 3));
    sumW += wi;
    let n1 = 0;
    let n0 = 0;
    const base = z + ((<usize>i * <usize>cols) << 3);
    for (let j = 0; j < cols; j++) {
      const one = <i32>(load<f64>(base + ((<usize>j) << 3)) != 0);
      store<i32>(ones + ((<usize>n1) << 2), j);
      store<i32>(zeros + ((<usize>n0) << 2), j);
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
  addViaZeros(cols, raw, sums, viaZeros, zeroSums, sumWViaZeros);
  return sumW;
}

function accumulatePairs(list: usize, n: i32, wi: f64, pairs: usize, sums: usize, cols: i32): void {
  for (let a = 0; a < n; a++) {
    const ja = load<i32>(list + ((<usize>a) << 2));
    const sum = sums + ((<usize>ja) << 3);
    store<f64>(sum, load<f64>(sum) + wi);
    const rowA = pairs + ((<usize>ja * <usize>cols) << 3);
    for (let b = a; b < n; b++) {
      const at = rowA + ((<usize>load<i32>(list + ((<usize>b) << 2))) << 3);
      store<f64>(at, load<f64>(at) + wi);
    }
  }
}

/**
 * binaryMoments from the design's rows as bit sets (bits: ⌈cols/64⌉ u64 words a row, as the samplers write
 * them) instead of z: each row's ones or zeros visited through their set bits, the same additions in the
 * same order (every cell gains at most one term a row), without reading z. viaZeros and zeroSums are
 * zeroed scratch.
 */
export function binaryMomentsBits(
  bits: usize,
  rows: i32,
  cols: i32,
  w: usize,
  raw: usize,
  sums: usize,
  viaZeros: usize,
  zeroSums: usize,
): f64 {
  const words = wordsFor(cols);
  const lastWord = fullWord(cols, words - 1);
  let sumW = 0.0;
  let sumWViaZeros = 0.0;
  for (let i = 0; i < rows; i++) {
    const wi = load<f64>(w + ((<usize>i) << 3));
    sumW += wi;
    const row = bits + ((<usize>i * <usize>words) << 3);
    let n1 = 0;
    for (let k = 0; k < words; k++) n1 += <i32>popcnt(load<u64>(row + ((<usize>k) << 3)));
    // As binaryRaw: the ones when they are no more than the zeros, else the zeros.
    const flip: u64 = n1 <= cols - n1 ? 0 : <u64>-1;
    let pairs = raw;
    let rowSums = sums;
    if (flip != 0) {
      sumWViaZeros += wi;
      pairs = viaZeros;
      rowSums = zeroSums;
    }
    for (let ka = 0; ka < words; ka++) {
      let a = (load<u64>(row + ((<usize>ka) << 3)) ^ flip) & (ka == words - 1 ? lastWord : <u64>-1);
      while (a != 0) {
        const ja = ((<usize>ka) << 6) + <usize>ctz(a);
        const sum = rowSums + (ja << 3);
        store<f64>(sum, load<f64>(sum) + wi);
        const rowA = pairs + ((ja * <usize>cols) << 3);
        let b = a;
        let kb = ka;
        while (true) {
          while (b != 0) {
            const at = rowA + ((((<usize>kb) << 6) + <usize>ctz(b)) << 3);
            store<f64>(at, load<f64>(at) + wi);
            b &= b - 1;
          }
          if (++kb >= words) break;
          b = (load<u64>(row + ((<usize>kb) << 3)) ^ flip) & (kb == words - 1 ? lastWord : <u64>-1);
        }
        a &= a - 1;
      }
    }
  }
  addViaZeros(cols, raw, sums, viaZeros, zeroSums, sumWViaZeros);
  return sumW;
}

/** The rows accumulated through their zeros, added into raw and sums (z_a z_b = 1 − z̄_a − z̄_b + z̄_a z̄_b). */
function addViaZeros(cols: i32, raw: usize, sums: usize, viaZeros: usize, zeroSums: usize, sumWViaZeros: f64): void {
  for (let a = 0; a < cols; a++) {
    const zeroA = load<f64>(zeroSums + ((<usize>a) << 3));
    const sumA = sums + ((<usize>a) << 3);
    store<f64>(sumA, load<f64>(sumA) + (sumWViaZeros - zeroA));
    for (let b = a; b < cols; b++) {
      const at = (<usize>a * <usize>cols + <usize>b) << 3;
      const zeroB = load<f64>(zeroSums + ((<usize>b) << 3));
      store<f64>(raw + at, load<f64>(raw + at) + (sumWViaZeros - zeroA - zeroB + load<f64>(viaZeros + at)));
    }
  }
}

/**
 * The second pass of targetMoments (shared/engine/linear/moments.ts): adds Σ w (y − ȳ) z to raw (cols) over
 * z (f64, rows × cols), skipping rows whose w (y − ȳ) is 0; returns Σ w (y − ȳ)².
 */
export function targetCross(z: usize, rows: i32, cols: i32, w: usize, y: usize, yMean: f64, raw: usize): f64 {
  let total = 0.0;
  for (let i = 0; i < rows; i++) {
    const dy = load<f64>(y + ((<usize>i) << 3)) - yMean;
    const r = load<f64>(w + ((<usize>i) << 3)) * dy;
    total += r * dy;
    if (r == 0) continue;
    const base = z + ((<usize>i * <usize>cols) << 3);
    for (let j = 0; j < cols; j++) {
      const at = raw + ((<usize>j) << 3);
      store<f64>(at, load<f64>(at) + r * load<f64>(base + ((<usize>j) << 3)));
    }
  }
  return total;
}

/**
 * The second pass of weightedR2 (shared/engine/linear/ridge.ts): over z (f64, rows × cols), targets y and
 * weights w, the fit's weighted squared residuals Σ w (y − fit)² into out[0] and the target's weighted
 * squares about `mean` Σ w (y − mean)² into out[1]; the fit is `intercept` + Σ coef[p] · z[columns[p]] (k terms).
 */
export function weightedResiduals(
  z: usize,
  rows: i32,
  cols: i32,
  y: usize,
  w: usize,
  mean: f64,
  intercept: f64,
  columns: usize,
  coef: usize,
  k: i32,
  out: usize,
): void {
  let sse = 0.0;
  let sst = 0.0;
  for (let i = 0; i < rows; i++) {
    const row = z + ((<usize>i * <usize>cols) << 3);
    let v = intercept;
    for (let p = 0; p < k; p++)
      v +=
        load<f64>(coef + ((<usize>p) << 3)) * load<f64>(row + ((<usize>load<i32>(columns + ((<usize>p) << 2))) << 3));
    const yi = load<f64>(y + ((<usize>i) << 3));
    const wi = load<f64>(w + ((<usize>i) << 3));
    const r = yi - v;
    sse += wi * r * r;
    sst += wi * (yi - mean) * (yi - mean);
  }
  store<f64>(out, sse);
  store<f64>(out, sst, 8);
}
