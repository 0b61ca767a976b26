// AssemblyScript: the engine's hottest loops as WebAssembly (built by build/scripts/wasm.mjs with the
// npm-installed compiler into shared/engine/wasm/kernelsBinary.ts). Each kernel does exactly the arithmetic
// of its TypeScript reference, in the same order, so both give the same bits; the tests compare them on
// every call shape. Memory is the caller's (imported): pointers are byte offsets into it.

/**
 * The next n draws of xoshiro128** (shared/engine/random.ts), its state at `state` (four i32) kept in locals
 * while it runs: as uniforms (f64, Rng.fillUniform) or, with `topBits`, each draw's top bit (u8, as
 * `nextUint32() >>> 31`).
 */
function fillRandom(state: usize, out: usize, n: i32, topBits: bool): void {
  let s0 = load<i32>(state);
  let s1 = load<i32>(state, 4);
  let s2 = load<i32>(state, 8);
  let s3 = load<i32>(state, 12);
  for (let i = 0; i < n; i++) {
    const x = s1 * 5;
    const result = <u32>(((x << 7) | ((<u32>x) >>> 25)) * 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | ((<u32>s3) >>> 21);
    if (topBits) store<u8>(out + <usize>i, <u8>(result >>> 31));
    else store<f64>(out + ((<usize>i) << 3), (<f64>result + 0.5) * 2.3283064365386963e-10);
  }
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
}

/** The next n uniforms (Rng.fillUniform) into u (f64). */
function fillUniform(state: usize, u: usize, n: i32): void {
  fillRandom(state, u, n, false);
}

/**
 * sampleRemovals of shared/engine/sampleMasks.ts: rows × d masks (u8), their design z (f64) and cosine
 * distances × scale, and where bits ≠ 0 the rows as bit sets (⌈d/64⌉ u64 words a row, bit j set where
 * feature j is kept); `order` (d i32) and `u` (d f64) are scratch.
 */
export function sampleRemovals(
  d: i32,
  rows: i32,
  scale: f64,
  state: usize,
  masks: usize,
  z: usize,
  distances: usize,
  order: usize,
  u: usize,
  bits: usize,
): void {
  if (rows <= 0) return;
  for (let j = 0; j < d; j++) store<i32>(order + ((<usize>j) << 2), j);
  memory.fill(masks, 1, <usize>d);
  store<f64>(distances, 0);
  const words = wordsFor(d);
  if (bits != 0) for (let k = 0; k < words; k++) store<u64>(bits + ((<usize>k) << 3), fullWord(d, k));
  for (let i = 1; i < rows; i++) {
    fillUniform(state, u, 1);
    const k = 1 + <i32>Math.floor(load<f64>(u) * <f64>d);
    const keepFew = k > d - k;
    const picks = keepFew ? d - k : k;
    const row = masks + <usize>i * <usize>d;
    const picked: u8 = keepFew ? 1 : 0;
    memory.fill(row, 1 - picked, <usize>d);
    // The row's bit set starts as the fill and toggles each pick's bit.
    const bitsRow = bits + ((<usize>i * <usize>words) << 3);
    if (bits != 0)
      for (let k = 0; k < words; k++) store<u64>(bitsRow + ((<usize>k) << 3), keepFew ? 0 : fullWord(d, k));
    fillUniform(state, u, picks);
    for (let j = 0; j < picks; j++) {
      const pick = j + <i32>Math.floor(load<f64>(u + ((<usize>j) << 3)) * <f64>(d - j));
      const atJ = order + ((<usize>j) << 2);
      const atPick = order + ((<usize>pick) << 2);
      const chosen = load<i32>(atPick);
      store<i32>(atPick, load<i32>(atJ));
      store<i32>(atJ, chosen);
      store<u8>(row + <usize>chosen, picked);
      if (bits != 0) {
        const at = bitsRow + ((<usize>(chosen >> 6)) << 3);
        const bit = <u64>(chosen & 63);
        const one: u64 = 1;
        store<u64>(at, load<u64>(at) ^ (one << bit));
      }
    }
    const kept = d - k;
    store<f64>(distances + ((<usize>i) << 3), (kept == 0 ? 1 : 1 - Math.sqrt(<f64>kept / <f64>d)) * scale);
  }
  const n = <usize>rows * <usize>d;
  for (let x: usize = 0; x < n; x++) store<f64>(z + (x << 3), <f64>load<u8>(masks + x));
}

/** u64 words of a row of d bits. */
function wordsFor(d: i32): i32 {
  return (d + 63) >> 6;
}

/** Word k of a row of d bits all set. */
function fullWord(d: i32, k: i32): u64 {
  const left = d - (k << 6);
  const one: u64 = 1;
  const shift: u64 = left;
  return left >= 64 ? <u64>-1 : (one << shift) - 1;
}

/** Each row's kept features (masks, u8, rows × d) as bit sets into bits: ⌈d/64⌉ u64 words a row, bit j for feature j. */
function packMasks(masks: usize, rows: i32, d: i32, bits: usize): void {
  const words = wordsFor(d);
  let mask = masks;
  let out = bits;
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < words; k++) {
      const n = min(64, d - (k << 6));
      let word: u64 = 0;
      for (let j = 0; j < n; j++) {
        const kept: u64 = load<u8>(mask + <usize>j);
        const shift: u64 = j;
        word |= kept << shift;
      }
      store<u64>(out, word);
      mask += <usize>n;
      out += 8;
    }
  }
}

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
 * The bag-of-words branch of OnnxTextPredictor.assembledIds (electron/backend/text/textPredictor.ts): the
 * token ids of n rows of masks (u8, n × d) as int64 rows of `width` tokens, or, when width < 0, of the
 * longest row's length (from `total` and each removed feature's `change`, at least 1). Every token is
 * written and the cursor advances past kept ones; the rest of a row is padding. Returns the width used.
 */
export function assembleWords(
  masks: usize,
  d: i32,
  n: i32,
  tokenIds: usize,
  tokenFeature: usize,
  tokens: i32,
  change: usize,
  total: i32,
  width: i32,
  out: usize,
  pad: i32,
): i32 {
  if (width < 0) {
    width = 1;
    for (let k = 0; k < n; k++) {
      const row = masks + <usize>k * <usize>d;
      let length = total;
      for (let f = 0; f < d; f++) length += (1 - <i32>load<u8>(row + <usize>f)) * load<i32>(change + ((<usize>f) << 2));
      if (length > width) width = length;
    }
  }
  const stride = (<usize>width) << 3;
  for (let k = 0; k < n; k++) {
    const row = masks + <usize>k * <usize>d;
    let o = out + <usize>k * stride;
    const end = o + stride;
    for (let t = 0; t < tokens && o < end; t++) {
      store<i64>(o, <i64>load<i32>(tokenIds + ((<usize>t) << 2)));
      const f = load<i32>(tokenFeature + ((<usize>t) << 2));
      o += f < 0 ? 8 : (<usize>load<u8>(row + <usize>f)) << 3;
    }
    for (; o < end; o += 8) store<i64>(o, <i64>pad);
  }
  return width;
}

/**
 * sampleDiscretized of shared/engine/tabular/sampleTabular.ts when no column is drawn by bisection: rows
 * 1 … rows−1 of x (f32), z (f64) and distances (f64), row 0 left as the caller wrote it. Each row draws its
 * uniforms in column order, where they are used (the generator's state kept in locals): column j's bin
 * counts its `stride` bounds (f64) below the first, and a numeric column interpolates its quantile table
 * (f32, from tableOf[j]) at a second. The same stream as Rng.fillUniform of a row's uniforms at once.
 * Where bits ≠ 0, z's rows also as bit sets (⌈cols/64⌉ u64 words a row, row 0's included, as packMasks lays them out).
 */
export function sampleBins(
  rows: i32,
  cols: i32,
  stride: i32,
  steps: i32,
  state: usize,
  bounds: usize,
  tables: usize,
  tableOf: usize,
  instanceValues: usize,
  x: usize,
  z: usize,
  distances: usize,
  bits: usize,
): void {
  const fsteps = <f64>steps;
  const words = wordsFor(cols);
  if (bits != 0) {
    // Row 0, the instance, is in every one of its bins.
    for (let k = 0; k < words; k++) store<u64>(bits + ((<usize>k) << 3), fullWord(cols, k));
  }
  let pb = bits + ((<usize>words) << 3);
  const binStride = <usize>(steps + 1);
  let s0 = load<i32>(state);
  let s1 = load<i32>(state, 4);
  let s2 = load<i32>(state, 8);
  let s3 = load<i32>(state, 12);
  let pz = z + ((<usize>cols) << 3);
  let px = x + ((<usize>cols) << 2);
  const boundsStride = (<usize>stride) << 3;
  for (let i = 1; i < rows; i++) {
    let ones = 0;
    let at = bounds;
    // Columns in blocks of 64, a block's matches gathered into one word of the row's bit set.
    for (let k = 0; k < words; k++) {
      const first = <usize>(k << 6);
      const end = <usize>min(cols, (k + 1) << 6);
      let word: u64 = 0;
      for (let j = first; j < end; j++) {
        // The column's first uniform (Rng.uniform, inlined: a call would keep the state in memory).
        let m = s1 * 5;
        let draw = <u32>(((m << 7) | ((<u32>m) >>> 25)) * 9);
        let t9 = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t9;
        s3 = (s3 << 11) | ((<u32>s3) >>> 21);
        const uj = (<f64>draw + 0.5) * 2.3283064365386963e-10;
        let b = 0;
        if (stride == 3) {
          b = <i32>(load<f64>(at) < uj) + <i32>(load<f64>(at, 8) < uj) + <i32>(load<f64>(at, 16) < uj);
        } else {
          for (let n = 0; n < stride; n++) b += <i32>(load<f64>(at + ((<usize>n) << 3)) < uj);
        }
        at += boundsStride;
        const same = <i32>(b == load<i32>(instanceValues + (j << 2)));
        store<f64>(pz, <f64>same);
        pz += 8;
        const match: u64 = same;
        const shift: u64 = j - first;
        word |= match << shift;
        const table = load<i32>(tableOf + (j << 2));
        let value: f64;
        if (table < 0) {
          value = <f64>b;
        } else {
          m = s1 * 5;
          draw = <u32>(((m << 7) | ((<u32>m) >>> 25)) * 9);
          t9 = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= t9;
          s3 = (s3 << 11) | ((<u32>s3) >>> 21);
          const t = (<f64>draw + 0.5) * 2.3283064365386963e-10 * fsteps;
          const q = <i32>t;
          const p = tables + ((<usize>table + <usize>b * binStride + <usize>q) << 2);
          const lo = <f64>load<f32>(p);
          value = lo + (t - <f64>q) * (<f64>load<f32>(p, 4) - lo);
        }
        store<f32>(px, <f32>value);
        px += 4;
      }
      if (bits != 0) store<u64>(pb + ((<usize>k) << 3), word);
      ones += <i32>popcnt(word);
    }
    store<f64>(distances + ((<usize>i) << 3), Math.sqrt(<f64>(cols - ones)));
    pb += (<usize>words) << 3;
  }
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
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
 * sampleCoinFlips of shared/engine/sampleMasks.ts: row 0 keeps every one of d features, each later entry
 * is the top bit of the generator's next 32 (state at `state`); then z (f64) = masks, where bits ≠ 0 the
 * rows as bit sets (packMasks), and each row's cosine distance to row 0 × scale.
 */
export function sampleCoinFlips(
  d: i32,
  rows: i32,
  scale: f64,
  state: usize,
  masks: usize,
  z: usize,
  distances: usize,
  bits: usize,
): void {
  if (rows <= 0) return;
  memory.fill(masks, 1, <usize>d);
  const n = <usize>rows * <usize>d;
  fillRandom(state, masks + <usize>d, <i32>(n - <usize>d), true);
  for (let k: usize = 0; k < n; k++) store<f64>(z + (k << 3), <f64>load<u8>(masks + k));
  for (let i = 0; i < rows; i++) {
    const row = masks + <usize>i * <usize>d;
    let kept = 0;
    for (let j = 0; j < d; j++) kept += <i32>load<u8>(row + <usize>j);
    store<f64>(distances + ((<usize>i) << 3), (kept == 0 ? 1 : 1 - Math.sqrt(<f64>kept / <f64>d)) * scale);
  }
  if (bits != 0) packMasks(masks, rows, d, bits);
}

/**
 * perturbImages of shared/engine/image/imageInstance.ts: images from..from+n−1 of masks (u8, rows × count)
 * into out (f32), each pixel its plane's value where its segment is kept, its segment's hidden colour
 * where not; planar (NCHW, nchw = 1: the arithmetic select of the reference) or interleaved (NHWC).
 */
export function perturbImages(
  hw: i32,
  channels: i32,
  nchw: i32,
  segments: usize,
  count: i32,
  planes: usize,
  hidden: usize,
  masks: usize,
  from: i32,
  n: i32,
  out: usize,
): void {
  let o = out;
  for (let k = 0; k < n; k++) {
    const keep = masks + <usize>(from + k) * <usize>count;
    if (nchw) {
      for (let c = 0; c < channels; c++) {
        const plane = planes + ((<usize>c * <usize>hw) << 2);
        const hid = hidden + ((<usize>c * <usize>count) << 2);
        for (let p = 0; p < hw; p++) {
          const s = load<i32>(segments + ((<usize>p) << 2));
          const h = <f64>load<f32>(hid + ((<usize>s) << 2));
          const v = h + <f64>load<u8>(keep + <usize>s) * (<f64>load<f32>(plane + ((<usize>p) << 2)) - h);
          store<f32>(o, <f32>v);
          o += 4;
        }
      }
    } else {
      for (let p = 0; p < hw; p++) {
        const s = load<i32>(segments + ((<usize>p) << 2));
        const kept = load<u8>(keep + <usize>s);
        for (let c = 0; c < channels; c++) {
          const v = kept
            ? load<f32>(planes + ((<usize>c * <usize>hw + <usize>p) << 2))
            : load<f32>(hidden + ((<usize>c * <usize>count + <usize>s) << 2));
          store<f32>(o, v);
          o += 4;
        }
      }
    }
  }
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
