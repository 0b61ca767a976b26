// A 0/1 design's rows as bit sets: ⌈cols/64⌉ u64 words a row, bit j for column j (see kernels.ts).

/** u64 words of a row of d bits. */
export function wordsFor(d: i32): i32 {
  return (d + 63) >> 6;
}

/** Word k of a row of d bits all set. */
export function fullWord(d: i32, k: i32): u64 {
  const left = d - (k << 6);
  const one: u64 = 1;
  const shift: u64 = left;
  return left >= 64 ? <u64>-1 : (one << shift) - 1;
}

/** Each row's kept features (masks, u8, rows × d) as bit sets into bits: ⌈d/64⌉ u64 words a row, bit j for feature j. */
export function packMasks(masks: usize, rows: i32, d: i32, bits: usize): void {
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
