// The fit's passes over a design (see kernels.ts): the design's and the target's moments, a fit's residuals.
import { fullWord, wordsFor } from './rowBits';

/**
 * binaryRaw of shared/engine/linear/moments.ts for a 0/1 design z (rows × cols of f64, or of u8 where
 * `bytes` is 1: a mask design) and weights w: adds Σ w z zᵀ (upper triangle) to raw and Σ w z to sums;
 * returns Σ w. Each row of z is packed into a bit set (at `packed`, ⌈cols/64⌉ u64 words) and summed as
 * binaryMomentsBits sums the samplers' bit sets. viaZeros (cols × cols) and zeroSums (cols) are zeroed
 * scratch, `list` (cols i32) scratch.
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
  packed: usize,
  list: usize,
  bytes: i32,
): f64 {
  return sumRows(z, packed, bytes, rows, cols, w, raw, sums, viaZeros, zeroSums, list);
}

/**
 * binaryMoments from the design's rows as bit sets (bits: ⌈cols/64⌉ u64 words a row, as the samplers write
 * them) instead of z: each row's ones or zeros visited through their set bits, the same additions in the
 * same order (every cell gains at most one term a row), without reading z. viaZeros and zeroSums are
 * zeroed scratch, `list` (cols i32) scratch.
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
  list: usize,
): f64 {
  return sumRows(bits, 0, 0, rows, cols, w, raw, sums, viaZeros, zeroSums, list);
}

/**
 * The two above: rows of bit sets at `source`, or, where packed ≠ 0, rows of z at `source` (f64, or u8
 * where `bytes` is 1), each packed into the bit set at `packed` first. As binaryRaw, a row adds its ones
 * when they are no more than its zeros, else its zeros (into viaZeros, added back by addViaZeros).
 */
function sumRows(
  source: usize,
  packed: usize,
  bytes: i32,
  rows: i32,
  cols: i32,
  w: usize,
  raw: usize,
  sums: usize,
  viaZeros: usize,
  zeroSums: usize,
  list: usize,
): f64 {
  const words = wordsFor(cols);
  const lastWord = fullWord(cols, words - 1);
  let sumW = 0.0;
  let sumWViaZeros = 0.0;
  for (let i = 0; i < rows; i++) {
    const wi = load<f64>(w + ((<usize>i) << 3));
    sumW += wi;
    let row = source + ((<usize>i * <usize>words) << 3);
    if (packed != 0) {
      const zRow = source + <usize>i * <usize>cols * <usize>bytes;
      if (bytes == 1) packRow<u8>(zRow, cols, packed);
      else packRow<f64>(zRow, cols, packed);
      row = packed;
    }
    let n1 = 0;
    for (let k = 0; k < words; k++) n1 += <i32>popcnt(load<u64>(row + ((<usize>k) << 3)));
    const flip: u64 = n1 <= cols - n1 ? 0 : <u64>-1;
    let pairs = raw;
    let rowSums = sums;
    if (flip != 0) {
      sumWViaZeros += wi;
      pairs = viaZeros;
      rowSums = zeroSums;
    }
    // The row's ones (or zeros) listed as byte offsets, then every pair of them added, four at a time
    // (0.53 against 0.69 ms on 5000 × 66 for visiting the set bits pairwise).
    let m = 0;
    for (let k = 0; k < words; k++) {
      let a = (load<u64>(row + ((<usize>k) << 3)) ^ flip) & (k == words - 1 ? lastWord : <u64>-1);
      while (a != 0) {
        store<i32>(list + ((<usize>m) << 2), ((k << 6) + <i32>ctz(a)) << 3);
        m++;
        a &= a - 1;
      }
    }
    for (let p = 0; p < m; p++) {
      const offA = <usize>load<i32>(list + ((<usize>p) << 2));
      const sum = rowSums + offA;
      store<f64>(sum, load<f64>(sum) + wi);
      const rowA = pairs + offA * <usize>cols;
      let q = p;
      for (; q + 4 <= m; q += 4) {
        const l = list + ((<usize>q) << 2);
        const a0 = rowA + <usize>load<i32>(l);
        const a1 = rowA + <usize>load<i32>(l, 4);
        const a2 = rowA + <usize>load<i32>(l, 8);
        const a3 = rowA + <usize>load<i32>(l, 12);
        store<f64>(a0, load<f64>(a0) + wi);
        store<f64>(a1, load<f64>(a1) + wi);
        store<f64>(a2, load<f64>(a2) + wi);
        store<f64>(a3, load<f64>(a3) + wi);
      }
      for (; q < m; q++) {
        const at = rowA + <usize>load<i32>(list + ((<usize>q) << 2));
        store<f64>(at, load<f64>(at) + wi);
      }
    }
  }
  addViaZeros(cols, raw, sums, viaZeros, zeroSums, sumWViaZeros);
  return sumW;
}

/** A row of z (cols of T) as a bit set into out (⌈cols/64⌉ u64 words): bit j set where z_j ≠ 0. */
function packRow<T>(z: usize, cols: i32, out: usize): void {
  const words = wordsFor(cols);
  for (let k = 0; k < words; k++) {
    const first = k << 6;
    const end = min(cols, first + 64);
    let word: u64 = 0;
    for (let j = first; j < end; j++) {
      const one: u64 = load<T>(z + <usize>j * sizeof<T>()) != 0;
      const shift: u64 = j - first;
      word |= one << shift;
    }
    store<u64>(out + ((<usize>k) << 3), word);
  }
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
 * z (rows × cols of f64, or of u8 where `bytes` is 1), skipping rows whose w (y − ȳ) is 0; returns
 * Σ w (y − ȳ)².
 */
export function targetCross(
  z: usize,
  rows: i32,
  cols: i32,
  w: usize,
  y: usize,
  yMean: f64,
  raw: usize,
  bytes: i32,
): f64 {
  return bytes == 1
    ? targetCrossOf<u8>(z, rows, cols, w, y, yMean, raw)
    : targetCrossOf<f64>(z, rows, cols, w, y, yMean, raw);
}

function targetCrossOf<T>(z: usize, rows: i32, cols: i32, w: usize, y: usize, yMean: f64, raw: usize): f64 {
  // Eight columns at a time in two-lane SIMD: each lane is its own cell's addition, in the same order.
  const eights = cols & ~7;
  let total = 0.0;
  for (let i = 0; i < rows; i++) {
    const dy = load<f64>(y + ((<usize>i) << 3)) - yMean;
    const r = load<f64>(w + ((<usize>i) << 3)) * dy;
    total += r * dy;
    if (r == 0) continue;
    const base = z + <usize>i * <usize>cols * sizeof<T>();
    const rr = f64x2.splat(r);
    for (let j = 0; j < eights; j += 8) addEight<T>(raw + ((<usize>j) << 3), base + <usize>j * sizeof<T>(), rr);
    for (let j = eights; j < cols; j++) {
      const at = raw + ((<usize>j) << 3);
      store<f64>(at, load<f64>(at) + r * <f64>load<T>(base + <usize>j * sizeof<T>()));
    }
  }
  return total;
}

/** Adds r · z to the eight f64 at `at`, z eight values of T (u8 or f64) at `zs`, each lane as the scalar loop adds. */
function addEight<T>(at: usize, zs: usize, r: v128): void {
  let z01: v128, z23: v128, z45: v128, z67: v128;
  if (isInteger<T>()) {
    const h = v128.load8x8_u(zs);
    const lo = i32x4.extend_low_i16x8_u(h);
    const hi = i32x4.extend_high_i16x8_u(h);
    z01 = f64x2.convert_low_i32x4_u(lo);
    z23 = f64x2.convert_low_i32x4_u(i32x4.shuffle(lo, lo, 2, 3, 0, 1));
    z45 = f64x2.convert_low_i32x4_u(hi);
    z67 = f64x2.convert_low_i32x4_u(i32x4.shuffle(hi, hi, 2, 3, 0, 1));
  } else {
    z01 = v128.load(zs);
    z23 = v128.load(zs, 16);
    z45 = v128.load(zs, 32);
    z67 = v128.load(zs, 48);
  }
  v128.store(at, f64x2.add(v128.load(at), f64x2.mul(r, z01)));
  v128.store(at, f64x2.add(v128.load(at, 16), f64x2.mul(r, z23)), 16);
  v128.store(at, f64x2.add(v128.load(at, 32), f64x2.mul(r, z45)), 32);
  v128.store(at, f64x2.add(v128.load(at, 48), f64x2.mul(r, z67)), 48);
}

/**
 * The second pass of weightedR2 (shared/engine/linear/ridge.ts): over z (rows × cols of f64, or of u8 where
 * `bytes` is 1), targets y and weights w, the fit's weighted squared residuals Σ w (y − fit)² into out[0]
 * and the target's weighted squares about `mean` Σ w (y − mean)² into out[1]; the fit is `intercept` +
 * Σ coef[p] · z[columns[p]] (k terms).
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
  bytes: i32,
): void {
  if (bytes == 1) residualsOf<u8>(z, rows, cols, y, w, mean, intercept, columns, coef, k, out);
  else residualsOf<f64>(z, rows, cols, y, w, mean, intercept, columns, coef, k, out);
}

function residualsOf<T>(
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
    const row = z + <usize>i * <usize>cols * sizeof<T>();
    let v = intercept;
    for (let p = 0; p < k; p++)
      v +=
        load<f64>(coef + ((<usize>p) << 3)) *
        <f64>load<T>(row + <usize>load<i32>(columns + ((<usize>p) << 2)) * sizeof<T>());
    const yi = load<f64>(y + ((<usize>i) << 3));
    const wi = load<f64>(w + ((<usize>i) << 3));
    const r = yi - v;
    sse += wi * r * r;
    sst += wi * (yi - mean) * (yi - mean);
  }
  store<f64>(out, sse);
  store<f64>(out, sst, 8);
}
