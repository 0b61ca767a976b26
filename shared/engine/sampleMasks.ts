import type { Rng } from './random';

/** Text or image neighbourhood: which features each sample keeps. Row 0 keeps all. */
export interface MaskNeighbourhood {
  rows: number;
  /** Features per row. */
  cols: number;
  /** rows × cols, 1 = kept. */
  masks: Uint8Array;
  /** The same as float64, the design the surrogate is fitted on. */
  z: Float64Array;
  distances: Float64Array;
}

/**
 * The reference's text sampling (LIME.md §3): each sample after row 0 removes k features, k uniform in
 * 1..d, chosen uniformly without repetition. Distance: cosine distance to the all-ones row × `scale`
 * (100 for text), which for a 0/1 row with a kept features is 1 − √(a/d).
 */
export function sampleRemovals(features: number, numSamples: number, rng: Rng, scale = 100): MaskNeighbourhood {
  const d = features;
  const masks = new Uint8Array(numSamples * d).fill(1);
  const order = new Int32Array(d);
  for (let i = 1; i < numSamples; i++) {
    const k = 1 + rng.int(d);
    for (let j = 0; j < d; j++) order[j] = j;
    // The first k entries of a partial Fisher–Yates shuffle: k distinct features, uniformly.
    for (let j = 0; j < k; j++) {
      const pick = j + rng.int(d - j);
      const t = order[j];
      order[j] = order[pick];
      order[pick] = t;
      masks[i * d + order[j]] = 0;
    }
  }
  return finishMasks(masks, numSamples, d, scale);
}

/** The reference's image sampling (LIME.md §4): each feature kept with probability ½; row 0 keeps all. */
export function sampleCoinFlips(features: number, numSamples: number, rng: Rng, scale = 1): MaskNeighbourhood {
  const d = features;
  const masks = new Uint8Array(numSamples * d).fill(1);
  for (let i = d; i < masks.length; i++) masks[i] = rng.nextUint32() >>> 31;
  return finishMasks(masks, numSamples, d, scale);
}

function finishMasks(masks: Uint8Array, rows: number, d: number, scale: number): MaskNeighbourhood {
  const z = Float64Array.from(masks);
  const distances = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let kept = 0;
    for (let j = 0; j < d; j++) kept += masks[i * d + j];
    // Cosine distance to the all-ones row; a row with nothing kept has similarity 0 (scikit-learn's convention).
    distances[i] = (kept === 0 ? 1 : 1 - Math.sqrt(kept / d)) * scale;
  }
  return { rows, cols: d, masks, z, distances };
}
