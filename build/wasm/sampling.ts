// The neighbourhood samplers (see kernels.ts): text removals, image coin flips, tabular bins.
import { fillTopBits } from './random';
import { fullWord, packMasks, wordsFor } from './rowBits';

/**
 * sampleRemovals of shared/engine/sampleMasks.ts: rows × d masks (u8, also the design the surrogate is
 * fitted on) and cosine distances × scale, and where bits ≠ 0 the rows as bit sets (⌈d/64⌉ u64 words a
 * row, bit j set where feature j is kept); `order` (d i32) is scratch. Each uniform u the reference draws
 * is used as ⌊u · n⌋, taken here from the draw itself (see `below`), in the order the reference draws them.
 */
export function sampleRemovals(
  d: i32,
  rows: i32,
  scale: f64,
  state: usize,
  masks: usize,
  distances: usize,
  order: usize,
  bits: usize,
): void {
  if (rows <= 0) return;
  for (let j = 0; j < d; j++) store<i32>(order + ((<usize>j) << 2), j);
  memory.fill(masks, 1, <usize>d);
  store<f64>(distances, 0);
  const words = wordsFor(d);
  if (bits != 0) for (let k = 0; k < words; k++) store<u64>(bits + ((<usize>k) << 3), fullWord(d, k));
  // The generator's state in locals for the whole draw, its step inlined (as in sampleBins) where a row's
  // count and each pick are drawn: a call per row and per row's picks kept it in memory, loaded and stored
  // each time (0.50 → 0.34 ms for 5000 × 66; one step in a loop over the count and the picks, 0.38).
  let s0 = load<i32>(state);
  let s1 = load<i32>(state, 4);
  let s2 = load<i32>(state, 8);
  let s3 = load<i32>(state, 12);
  for (let i = 1; i < rows; i++) {
    let m = s1 * 5;
    let draw = <u32>(((m << 7) | ((<u32>m) >>> 25)) * 9);
    let t9 = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t9;
    s3 = (s3 << 11) | ((<u32>s3) >>> 21);
    const k = 1 + below(draw, d);
    const keepFew = k > d - k;
    const picks = keepFew ? d - k : k;
    const row = masks + <usize>i * <usize>d;
    const picked: u8 = keepFew ? 1 : 0;
    memory.fill(row, 1 - picked, <usize>d);
    // The row's bit set starts as the fill and toggles each pick's bit.
    const bitsRow = bits + ((<usize>i * <usize>words) << 3);
    if (bits != 0)
      for (let k = 0; k < words; k++) store<u64>(bitsRow + ((<usize>k) << 3), keepFew ? 0 : fullWord(d, k));
    for (let j = 0; j < picks; j++) {
      m = s1 * 5;
      draw = <u32>(((m << 7) | ((<u32>m) >>> 25)) * 9);
      t9 = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t9;
      s3 = (s3 << 11) | ((<u32>s3) >>> 21);
      const pick = j + below(draw, d - j);
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
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
}

/**
 * ⌊u · n⌋ for the uniform u = (r + ½) · 2⁻³² that Rng.fillUniform makes of the draw r, in integers:
 * (2r + 1) · n / 2³³ is exact in float64 for n < 2²⁰ (53 bits), so its floor is ((2r + 1) · n) >> 33.
 */
function below(r: u32, n: i32): i32 {
  return <i32>(((((<u64>r) << 1) | 1) * <u64>n) >> 33);
}

/**
 * sampleCoinFlips of shared/engine/sampleMasks.ts: row 0 keeps every one of d features, each later entry
 * is the top bit of the generator's next 32 (state at `state`); then, where bits ≠ 0, the rows as bit sets
 * (packMasks), and each row's cosine distance to row 0 × scale.
 */
export function sampleCoinFlips(
  d: i32,
  rows: i32,
  scale: f64,
  state: usize,
  masks: usize,
  distances: usize,
  bits: usize,
): void {
  if (rows <= 0) return;
  memory.fill(masks, 1, <usize>d);
  const n = <usize>rows * <usize>d;
  fillTopBits(state, masks + <usize>d, <i32>(n - <usize>d));
  for (let i = 0; i < rows; i++) {
    const row = masks + <usize>i * <usize>d;
    let kept = 0;
    for (let j = 0; j < d; j++) kept += <i32>load<u8>(row + <usize>j);
    store<f64>(distances + ((<usize>i) << 3), (kept == 0 ? 1 : 1 - Math.sqrt(<f64>kept / <f64>d)) * scale);
  }
  if (bits != 0) packMasks(masks, rows, d, bits);
}

/**
 * sampleDiscretized of shared/engine/tabular/sampleTabular.ts when no column is drawn by bisection: rows
 * 1 … rows−1 of x (f32), z (f64) and distances (f64), row 0 left as the caller wrote it. Each row draws its
 * uniforms in column order, where they are used (the generator's state kept in locals): column j's bin
 * counts its `stride` bounds below the first, and a numeric column interpolates its quantile table (f32,
 * from tableOf[j]) at a second. The same stream as Rng.fillUniform of a row's uniforms at once.
 * In integers, where the reference turns each draw r into the uniform u = (r + ½)·2⁻³²: a bound comes as
 * the first draw whose u passes it (u64, drawThreshold of shared/engine/wasm/kernels.ts), so it is below u
 * exactly when r reaches it; and with `steps` a power of two 2ᵏ, the table's step ⌊u·steps⌋ is r's top k
 * bits and the fraction u·steps − step is exactly (r's other bits + ½)·2^(k−32). The same bits, about 8 %
 * faster than converting each draw to a float64 first (measured in an explanation: 1.36–1.41 → 1.23–1.30 ms).
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
  tableBytes: i32,
  tableOf: usize,
  instanceValues: usize,
  x: usize,
  z: usize,
  distances: usize,
  bits: usize,
): u32 {
  // The quantile tables are read at random below: one read a cache line first, in order, brings them into
  // the core's cache at the prefetcher's pace instead of a miss at a time (the model's run in between
  // evicts them). Their sum is returned, so that the reads are not optimised away; callers ignore it.
  let touched: u32 = 0;
  for (let p: usize = 0; p < <usize>tableBytes; p += 64) touched += load<u8>(tables + p);
  const qShift: u32 = 32 - <u32>ctz<i32>(steps);
  const fracMask = (<u32>0xffffffff) >>> (32 - qShift);
  const fracScale = 1 / <f64>((<u64>1) << (<u64>qShift));
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
        const r = <u64>draw;
        let b = 0;
        if (stride == 3) {
          b = <i32>(r >= load<u64>(at)) + <i32>(r >= load<u64>(at, 8)) + <i32>(r >= load<u64>(at, 16));
        } else {
          for (let n = 0; n < stride; n++) b += <i32>(r >= load<u64>(at + ((<usize>n) << 3)));
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
          const q = draw >>> qShift;
          const p = tables + ((<usize>table + <usize>b * binStride + <usize>q) << 2);
          const lo = <f64>load<f32>(p);
          value = lo + (<f64>(draw & fracMask) + 0.5) * fracScale * (<f64>load<f32>(p, 4) - lo);
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
  return touched;
}
