// The generator the samplers continue: xoshiro128** as shared/engine/random.ts draws it (see kernels.ts).
// sampleBins and sampleRemovals run its step inline, the state in their own locals for a whole draw; this
// is the one loop that only draws.

/**
 * The top bits of the next n draws of xoshiro128** (`nextUint32() >>> 31`, shared/engine/random.ts) into
 * out (u8), its state at `state` (four i32) kept in locals while it runs.
 */
export function fillTopBits(state: usize, out: usize, n: i32): void {
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
    store<u8>(out + <usize>i, <u8>(result >>> 31));
  }
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
}
