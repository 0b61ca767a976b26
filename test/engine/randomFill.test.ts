import { expect, it } from 'vitest';
import { Rng } from '../../shared/engine/random';

it('fillUniform gives the stream uniform() gives, and leaves the generator where n calls would', () => {
  for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
    const one = new Rng(seed);
    const bulk = new Rng(seed);
    const out = new Float64Array(97);
    for (let round = 0; round < 5; round++) {
      bulk.fillUniform(out, round === 3 ? 13 : 97);
      const n = round === 3 ? 13 : 97;
      for (let i = 0; i < n; i++) expect(out[i]).toBe(one.uniform());
    }
    expect(bulk.nextUint32()).toBe(one.nextUint32());
  }
});
