import { labelExplanation } from '../../support/explanations';
import { describe, expect, it } from 'vitest';
import type { LabelExplanation } from '../../../shared/domain/explanation';
import { studyRowOf, summariseStudy, type StudyRow } from '../../../shared/engine/versionStudy';
import { agreementBars, agreementPoints, shiftBars } from '../../../renderer/src/charts/study.data';

const explanation = (weights: [number, number, number]): LabelExplanation =>
  labelExplanation(weights.map((weight, feature) => [feature, `bin of c${feature}`, weight]));

/** B doubles c0 and reverses c1 on every row; row 2's predicted class flips. */
const rows: StudyRow[] = [0, 1, 2, 3].map((row) =>
  studyRowOf(
    row,
    'tabular',
    ['c0', 'c1', 'c2'],
    { runId: 2 * row + 1, prediction: [0.4, 0.6], explanation: explanation([0.2 + row / 100, 0.1, 0.05]) },
    {
      runId: 2 * row + 2,
      prediction: row === 2 ? [0.7, 0.3] : [0.35, 0.65],
      explanation: explanation([0.4 + row / 50, -0.1, 0.05]),
    },
  ),
);

describe('study chart data', () => {
  const summary = summariseStudy(rows, { task: 'classification', classNames: ['no', 'yes'], names: ['v1', 'v2'] });

  it('orders the shift bars by size, with their intervals and reversals', () => {
    const bars = shiftBars(summary.shifts);
    // c0: s·w_B − |w_A| = (0.4 + r/50) − (0.2 + r/100), mean 0.215; c1: −0.1 − 0.1 = −0.2 on every row.
    expect(bars.map((b) => b.name)).toEqual(['c0', 'c1', 'c2']);
    expect(bars[0].shift).toBeCloseTo(0.215, 12);
    expect(bars[1]).toMatchObject({ signChanges: 4 });
    expect(bars[1].shift).toBeCloseTo(-0.2, 12);
    expect(bars[2].shift).toBeCloseTo(0, 12);
    for (const b of bars) {
      expect(b.low).toBeLessThanOrEqual(b.shift);
      expect(b.high).toBeGreaterThanOrEqual(b.shift);
    }
    expect(shiftBars(summary.shifts, 1)).toHaveLength(1);
  });

  it('bins every row’s agreement once and plots each row with its flip', () => {
    expect(agreementBars(summary).reduce((a, b) => a + b.count, 0)).toBe(4);
    expect(agreementBars(summary)[0].label).toBe('-1.0 to -0.8');
    const points = agreementPoints(summary);
    expect(points.map((p) => [p.row, p.flip])).toEqual([
      [0, false],
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(points[2].delta).toBeCloseTo(0.3 - 0.6, 12);
    expect(summary.ranked[0].row).toBe(2);
  });
});
