import { labelExplanation } from '../support/explanations';
import { describe, expect, it } from 'vitest';
import { inputImportance, inputOfFeature } from '../../shared/engine/inputImportance';

const explanation = labelExplanation;

describe('importance per input', () => {
  it('gathers tabular features by column and loses none', () => {
    const columns = ['mean radius', 'worst radius', 'colour', 'age'];
    const e = explanation([
      [1, '13.00 < worst radius <= 14.92', 0.3],
      [2, 'colour=red', -0.2],
      [0, 'mean radius > 15.1', 0.05],
      [3, 'age', -0.01],
    ]);
    const gathered = inputImportance(e, 'tabular', columns);
    expect(gathered.map((g) => g.input)).toEqual(['worst radius', 'colour', 'mean radius', 'age']);
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    expect(sum(gathered.map((g) => g.sum))).toBeCloseTo(sum(e.weights.map((w) => w.weight)), 12);
    expect(sum(gathered.map((g) => g.absSum))).toBeCloseTo(sum(e.weights.map((w) => Math.abs(w.weight))), 12);
    expect(sum(gathered.map((g) => g.features))).toBe(e.weights.length);
  });

  it('gathers positional word features by word, summing every occurrence', () => {
    const e = explanation([
      [0, 'game', 0.4],
      [5, 'game', 0.1],
      [2, 'editor', -0.3],
    ]);
    expect(inputImportance(e, 'text')).toEqual([
      { input: 'game', sum: 0.5, absSum: 0.5, features: 2 },
      { input: 'editor', sum: -0.3, absSum: 0.3, features: 1 },
    ]);
  });

  it('keeps image segments apart', () => {
    expect(inputOfFeature('image', { feature: 7, name: '7' })).toBe('segment 7');
    expect(
      inputImportance(
        explanation([
          [7, '7', 0.2],
          [3, '3', -0.5],
        ]),
        'image',
      ).map((g) => g.input),
    ).toEqual(['segment 3', 'segment 7']);
  });
});
