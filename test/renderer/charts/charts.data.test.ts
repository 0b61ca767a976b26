import { labelExplanation } from '../../support/explanations';
import { describe, expect, it } from 'vitest';
import {
  axisLabel,
  differenceBars,
  fidelityOf,
  heatmapData,
  highlightText,
  parseRows,
  predictionBars,
  weightBars,
} from '../../../renderer/src/charts/charts.data';
import { compareRuns, explanationsToCompare } from '../../../shared/engine/compareRuns';

const explanation = labelExplanation;

describe('chart data', () => {
  it('weight bars: largest magnitude first, limited, with intervals from stability', () => {
    const e = explanation([
      [0, 'a', 0.1],
      [1, 'b', -0.3],
      [2, 'c', 0.2],
    ]);
    expect(weightBars(e, null, 2).map((b) => b.name)).toEqual(['b', 'c']);
    const stability = {
      label: 1,
      labelName: 'benign',
      topK: 3,
      topKCommonShare: 1,
      index: 1,
      features: [
        { feature: 0, name: 'a', mean: 0.05, sd: 0.01, low: 0.04, high: 0.06, signAgreement: 1, selectedShare: 1 },
      ],
    };
    expect(weightBars(e, stability)).toEqual([{ name: 'a', weight: 0.05, low: 0.04, high: 0.06 }]);
  });

  it('prediction bars mark the predicted class; regression is one value', () => {
    expect(predictionBars([0.2, 0.8], ['malignant', 'benign'], 'classification')).toEqual([
      { name: 'malignant', value: 0.2, predicted: false },
      { name: 'benign', value: 0.8, predicted: true },
    ]);
    expect(predictionBars([151.2], null, 'regression')).toEqual([{ name: 'value', value: 151.2, predicted: true }]);
  });

  it('fidelity flags a surrogate that misses the model, or explains little', () => {
    expect(fidelityOf(explanation([], { localPrediction: 0.72, modelPrediction: 0.75, score: 0.6 })).flagged).toBe(
      false,
    );
    expect(fidelityOf(explanation([], { localPrediction: 0.5, modelPrediction: 0.75 })).summary).toMatch(
      /misses the model at this instance by 0\.250/,
    );
    expect(fidelityOf(explanation([], { score: 0.05 })).flagged).toBe(true);
    // Regression: 10 % of the value.
    expect(fidelityOf(explanation([], { label: null, localPrediction: 150, modelPrediction: 160 })).flagged).toBe(
      false,
    );
    expect(fidelityOf(explanation([], { label: null, localPrediction: 130, modelPrediction: 160 })).flagged).toBe(true);
  });

  it("highlighted text covers the whole text, in order, with each word's weight", () => {
    const text = 'good movie, good plot';
    const e = explanation([
      [0, 'good', 0.4],
      [1, 'plot', -0.1],
    ]);
    e.weights[0].spans = [
      [0, 4],
      [12, 16],
    ];
    e.weights[1].spans = [[17, 21]];
    const parts = highlightText(text, e);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.weight !== null).map((p) => [p.text, p.weight])).toEqual([
      ['good', 0.4],
      ['good', 0.4],
      ['plot', -0.1],
    ]);
  });

  it('parses row lists and refuses malformed or out-of-range ones', () => {
    expect(parseRows('0-3, 7, 2', 10)).toEqual([0, 1, 2, 3, 7]);
    expect(parseRows('5-3', 10)).toBeNull();
    expect(parseRows('12', 10)).toBeNull();
    expect(parseRows('a', 10)).toBeNull();
  });
});

describe('compareRuns', () => {
  const run = (id: number, prediction: number[], weights: [number, string, number][]) => ({
    id,
    instance: { x: 1 },
    prediction,
    explanation: explanation(weights),
    classNames: ['malignant', 'benign'],
  });

  it('lines up features by name, ranks them, and sorts by the size of the change', () => {
    const c = compareRuns(
      run(
        1,
        [0.3, 0.7],
        [
          [0, 'a', 0.3],
          [1, 'b', -0.1],
        ],
      ),
      run(
        2,
        [0.6, 0.4],
        [
          [1, 'b', 0.25],
          [2, 'c', 0.05],
        ],
      ),
    );
    expect(c.sameInstance).toBe(true);
    expect(c.predictionFlip).toBe(true);
    expect([c.predictedA, c.predictedB]).toEqual(['benign', 'malignant']);
    expect(c.features.map((f) => [f.name, f.difference.toFixed(2), f.rankA, f.rankB])).toEqual([
      ['b', '0.35', 2, 1],
      ['a', '-0.30', 1, null],
      ['c', '0.05', null, 2],
    ]);
    expect(differenceBars(c, 1).map((d) => [d.name, d.weightA, d.weightB])).toEqual([['b', -0.1, 0.25]]);
    expect(c.topOverlap).toBe(0.5);
  });

  it("compares the explanations of the class A predicts when both runs explained every class, else A's first label", () => {
    const of = (label: number) => ({ ...explanation([[0, 'a', label ? 0.2 : -0.2]]), label });
    const [a, b] = explanationsToCompare(
      { prediction: [0.3, 0.7], explanations: [of(0), of(1)] },
      { explanations: [of(0), of(1)] },
    );
    expect([a.label, b.label]).toEqual([1, 1]);
    const [c, d] = explanationsToCompare(
      { prediction: [0.3, 0.7], explanations: [of(0)] },
      { explanations: [of(1), of(0)] },
    );
    expect([c.label, d.label]).toEqual([0, 0]);
  });

  it('matches by name, not by position: the same bin under another index is the same feature', () => {
    const c = compareRuns(
      run(
        1,
        [0.3, 0.7],
        [
          [0, 'word', 0.3],
          [4, 'other', 0.1],
        ],
      ),
      run(
        2,
        [0.3, 0.7],
        [
          [7, 'word', 0.1],
          [0, 'else', -0.05],
        ],
      ),
    );
    expect(c.features.map((f) => [f.name, f.weightA, f.weightB, f.rankA, f.rankB])).toEqual([
      ['word', 0.3, 0.1, 1, 1],
      ['other', 0.1, 0, 2, null],
      ['else', 0, -0.05, null, 2],
    ]);
  });
});

describe('heatmapData', () => {
  it('orders inputs by mean |weight| over all runs (absent counts as 0) and leaves absent cells empty', () => {
    const columns = ['a', 'b', 'c'];
    const h = heatmapData([
      {
        id: 1,
        row: 0,
        modality: 'tabular',
        columns,
        explanation: explanation([
          [0, 'a > 3.00', 0.4],
          [1, 'b <= 1.00', -0.1],
        ]),
      },
      {
        id: 2,
        row: 1,
        modality: 'tabular',
        columns,
        explanation: explanation([
          [1, '1.00 < b <= 2.00', -0.35],
          [2, 'c=red', 0.05],
        ]),
      },
    ]);
    expect(h.features).toEqual(['b', 'a', 'c']);
    expect(h.importance.map((f) => [f.name, f.meanAbs.toFixed(3)])).toEqual([
      ['b', '0.225'],
      ['a', '0.200'],
      ['c', '0.025'],
    ]);
    expect(h.rows.map((r) => r.weights)).toEqual([
      [-0.1, 0.4, null],
      [-0.35, null, 0.05],
    ]);
    expect(h.scale).toBe(0.4);
  });
});

describe('axisLabel', () => {
  it('keeps a name that fits whole and cuts a longer one to fit on one line, with an ellipsis', () => {
    expect(axisLabel('0.03 < mean concave points <= 0.07', 260)).toBe('0.03 < mean concave points <= 0.07');
    const cut = axisLabel('684.50 < worst area <= 1077.00 and a great deal more besides', 260);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(Math.floor((260 - 10) / 6.8));
    expect(cut.startsWith('684.50 < worst area <= 1077.00')).toBe(true);
    // However narrow the axis, something of the name is left.
    expect(axisLabel('worst fractal dimension', 20)).toBe('wor…');
  });
});
