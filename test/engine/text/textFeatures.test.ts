import { describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/engine/random';
import { sampleRemovals } from '../../../shared/engine/sampleMasks';
import { featureSpans, perturbedText, textFeatures } from '../../../shared/engine/text/textFeatures';

const TEXT = 'The cat sat; the cat ran — fast!';

describe('textFeatures', () => {
  it('keeps separators so the pieces rebuild the text exactly', () => {
    for (const mode of ['bow', 'positional', 'char'] as const) {
      const doc = textFeatures(TEXT, { mode });
      expect(doc.pieces.join('')).toBe(TEXT);
      doc.pieces.forEach((p, i) => expect(TEXT.slice(doc.starts[i], doc.starts[i] + p.length)).toBe(p));
    }
  });

  it('bow: one feature per distinct word, in order of first appearance, with every occurrence', () => {
    const doc = textFeatures(TEXT);
    expect(doc.features.map((f) => f.name)).toEqual(['The', 'cat', 'sat', 'the', 'ran', 'fast']);
    expect(featureSpans(doc, 1)).toEqual([
      [4, 7],
      [17, 20],
    ]);
    expect(perturbedText(doc, [1, 0, 1, 1, 1, 1])).toBe('The  sat; the  ran — fast!');
  });

  it('positional: one feature per occurrence, replaced by the mask token', () => {
    const doc = textFeatures(TEXT, { mode: 'positional' });
    expect(doc.features).toHaveLength(7);
    expect(perturbedText(doc, [1, 0, 1, 1, 1, 1, 1])).toBe('The UNKWORDZ sat; the cat ran — fast!');
  });

  it('char: one feature per character; a custom split', () => {
    expect(textFeatures('ab c', { mode: 'char' }).features.map((f) => f.name)).toEqual(['a', 'b', ' ', 'c']);
    expect(textFeatures('a,b;c', { split: ';' }).features.map((f) => f.name)).toEqual(['a,b', 'c']);
  });

  it('finds no feature in an empty or separator-only text', () => {
    expect(textFeatures('').features).toHaveLength(0);
    expect(textFeatures(' — !? ').features).toHaveLength(0);
  });
});

describe('sampleRemovals', () => {
  it('keeps row 0 whole and removes 1..d distinct features elsewhere, k uniform', () => {
    const d = 6;
    const hood = sampleRemovals(d, 6001, new Rng(1));
    expect(Array.from(hood.masks.subarray(0, d))).toEqual([1, 1, 1, 1, 1, 1]);
    const removedCounts = new Array(d + 1).fill(0);
    for (let i = 1; i < hood.rows; i++) {
      let kept = 0;
      for (let j = 0; j < d; j++) kept += hood.masks[i * d + j];
      expect(kept).toBeLessThan(d);
      removedCounts[d - kept]++;
      // Cosine distance to the all-ones row, × 100.
      expect(hood.distances[i]).toBeCloseTo((kept === 0 ? 1 : 1 - Math.sqrt(kept / d)) * 100, 10);
    }
    expect(removedCounts[0]).toBe(0);
    for (let k = 1; k <= d; k++) expect(removedCounts[k] / 6000).toBeCloseTo(1 / d, 1);
    expect(hood.distances[0]).toBe(0);
  });

  it('is the same for one seed and different for another', () => {
    expect(sampleRemovals(10, 50, new Rng(3)).masks).toEqual(sampleRemovals(10, 50, new Rng(3)).masks);
    expect(sampleRemovals(10, 50, new Rng(3)).masks).not.toEqual(sampleRemovals(10, 50, new Rng(4)).masks);
  });
});
