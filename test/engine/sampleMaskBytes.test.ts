import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../shared/engine/linear/design';
import { Rng } from '../../shared/engine/random';
import { maskWorkspace, sampleCoinFlips, sampleRemovals } from '../../shared/engine/sampleMasks';
import { arenaOf } from '../../shared/engine/wasm/arenas';

/**
 * The bytes of text and image neighbourhoods, pinned: a faster sampler must draw exactly what the earlier
 * one drew (masks, the design and the distances), so every saved run re-runs bit for bit. Taken with the
 * sampler that called the generator once per draw, which kept the design as float64: its values are
 * hashed so, whatever array now holds them.
 */
function digest(draw: (rng: Rng) => { masks: Uint8Array; z: Design; distances: Float64Array }): string {
  const hash = createHash('sha256');
  for (const seed of [0, 1, 7, 12345]) {
    const hood = draw(new Rng(seed));
    for (const a of [hood.masks, Float64Array.from(hood.z), hood.distances])
      hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

describe('mask neighbourhoods, byte for byte', () => {
  // Both ways of drawing them: the WebAssembly kernel (a workspace in a kernel arena) and the TypeScript
  // reference (plain arrays).
  it.each([
    [1, 50, 'kernel'],
    [2, 300, 'kernel'],
    [7, 1000, 'kernel'],
    [60, 5000, 'kernel'],
    [101, 800, 'kernel'],
    [1, 50, 'reference'],
    [2, 300, 'reference'],
    [7, 1000, 'reference'],
    [60, 5000, 'reference'],
    [101, 800, 'reference'],
  ])('removals of words: %i features, %i samples, %s', (d, rows, way) => {
    const workspace = maskWorkspace(rows, d, way === 'reference');
    expect(arenaOf(workspace.masks) !== null).toBe(way === 'kernel');
    expect({ d, rows, digest: digest((rng) => sampleRemovals(d, rows, rng, 100, workspace)) }).toEqual({
      d,
      rows,
      digest: PINNED.removals[`${d}x${rows}`],
    });
  });

  it.each(['kernel', 'reference'])('coin flips of segments, %s', (way) => {
    const workspace = maskWorkspace(1000, 40, way === 'reference');
    expect(arenaOf(workspace.masks) !== null).toBe(way === 'kernel');
    expect(digest((rng) => sampleCoinFlips(40, 1000, rng, 1, workspace))).toBe(PINNED.coinFlips);
  });
});

const PINNED: { removals: Record<string, string>; coinFlips: string } = {
  removals: {
    '1x50': 'ffdc88f5b430c31b',
    '2x300': 'df89f51d3123d103',
    '7x1000': '10079a4fa8fd4d7d',
    '60x5000': '9d1960f31e29a3f8',
    '101x800': '0ccfc754a430981c',
  },
  coinFlips: 'e887d9ce18b45317',
};
