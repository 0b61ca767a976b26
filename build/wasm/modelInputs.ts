// What the model is fed, built from masks (see kernels.ts): bag-of-words token ids, perturbed images.

/**
 * The bag-of-words branch of OnnxTextPredictor.assembledIds (electron/backend/text/textPredictor.ts): the
 * token ids (i64, `tokens` of them) of n rows of masks (u8, n × d, 8 bytes to spare after) as int64 rows
 * of `width` tokens, or, when width < 0, of the longest row's length (from `total` and each removed
 * feature's `change`, i32 and zero for 8 past d; at least 1). Every token is written and the cursor
 * advances past kept ones; the rest of a row is padding. `out` has a slot to spare after the last row.
 * Returns the width used.
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
  // Where no row is longer than the width, its tokens are written without checking the row's end: a
  // removed token after the last kept one lands at most one slot past it, in the next row's first slot
  // (rewritten when that row is) or the slot the region keeps after the last row.
  let fits = width >= total;
  if (width < 0) {
    fits = true;
    width = 1;
    // A row's length is total + Σ change − Σ kept·change, eight features at a time: change is zero past d,
    // so the bytes read past a row's end (the next row's, or the region's spare ones) add nothing.
    let allChange = 0;
    for (let f = 0; f < d; f++) allChange += load<i32>(change + ((<usize>f) << 2));
    for (let k = 0; k < n; k++) {
      const row = masks + <usize>k * <usize>d;
      let kept = i32x4.splat(0);
      for (let f = 0; f < d; f += 8) {
        const m = v128.load8x8_u(row + <usize>f);
        const c = change + ((<usize>f) << 2);
        kept = i32x4.add(kept, i32x4.mul(i32x4.extend_low_i16x8_u(m), v128.load(c)));
        kept = i32x4.add(kept, i32x4.mul(i32x4.extend_high_i16x8_u(m), v128.load(c, 16)));
      }
      const keptChange =
        i32x4.extract_lane(kept, 0) +
        i32x4.extract_lane(kept, 1) +
        i32x4.extract_lane(kept, 2) +
        i32x4.extract_lane(kept, 3);
      const length = total + allChange - keptChange;
      if (length > width) width = length;
    }
  }
  const stride = (<usize>width) << 3;
  for (let k = 0; k < n; k++) {
    const row = masks + <usize>k * <usize>d;
    let o = out + <usize>k * stride;
    const end = o + stride;
    if (fits) for (let t = 0; t < tokens; t++) o = putToken(o, t, tokenIds, tokenFeature, row);
    else for (let t = 0; t < tokens && o < end; t++) o = putToken(o, t, tokenIds, tokenFeature, row);
    for (; o < end; o += 8) store<i64>(o, <i64>pad);
  }
  return width;
}

/** Writes token t's id (i64) at o; returns o moved past it if its feature is kept in the row (a separator always is). */
function putToken(o: usize, t: i32, tokenIds: usize, tokenFeature: usize, row: usize): usize {
  store<i64>(o, load<i64>(tokenIds + ((<usize>t) << 3)));
  const f = load<i32>(tokenFeature + ((<usize>t) << 2));
  return o + (f < 0 ? 8 : (<usize>load<u8>(row + <usize>f)) << 3);
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
