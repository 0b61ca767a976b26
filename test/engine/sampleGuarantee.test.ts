import { describe, expect, it } from 'vitest';
import type { ExplanationRun } from '../../shared/domain/explanation';
import type { MaskPredictor } from '../../shared/engine/predictor';
import { DEFAULT_GUARANTEE, type GuaranteeSettings } from '../../shared/engine/sampleGuarantee';
import { explainText } from '../../shared/engine/text/explainText';
import { textFeatures } from '../../shared/engine/text/textFeatures';
import { zScore } from '../../shared/engine/linear/selectionTest';

/**
 * `--num-samples auto` against planted truths: a model that is exactly linear in which words a text keeps,
 * so the contribution of each word is known. Two words' contributions differ by a chosen margin at the
 * boundary of the selection (features 2 and 3 of 6, two selected); the guarantee must hold empirically and
 * cost more samples as the margin shrinks, and a tie must be reported as not stable.
 */
const WORDS = 'alpha bravo charlie delta echo foxtrot';

function planted(coef: number[]): MaskPredictor {
  return {
    outputs: 1,
    async predictMasks(masks: Uint8Array, rows: number) {
      const d = coef.length;
      const out = new Float32Array(rows);
      for (let i = 0; i < rows; i++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += coef[j] * masks[i * d + j];
        out[i] = v;
      }
      return out;
    },
  };
}

async function explainAuto(
  coef: number[],
  seed: number,
  settings: Partial<GuaranteeSettings> = {},
): Promise<ExplanationRun> {
  const { run } = await explainText(textFeatures(WORDS), planted(coef), {
    task: 'regression',
    numFeatures: 2,
    seed,
    heldOutSamples: 0,
    guarantee: { ...DEFAULT_GUARANTEE, ...settings },
  });
  return run;
}

const selected = (run: ExplanationRun) =>
  run.explanations[0].weights
    .map((w) => w.feature)
    .sort((a, b) => a - b)
    .join(',');

describe('a sample guarantee (S-LIME) on planted linear models', () => {
  it('holds over 100 seeds: when it says stable, the selected words are the modal set at least 95 % of the time', async () => {
    for (const margin of [0.3, 0.1, 0.05]) {
      const runs = await Promise.all(
        Array.from({ length: 100 }, (_, seed) => explainAuto([3, 2, 2 - margin, 0.5, 0, 0], seed)),
      );
      const stable = runs.filter((r) => r.guarantee!.stable);
      const counts = new Map<string, number>();
      for (const r of stable) counts.set(selected(r), (counts.get(selected(r)) ?? 0) + 1);
      const modal = Math.max(...counts.values());
      expect(stable.length).toBeGreaterThanOrEqual(95);
      expect(modal / stable.length).toBeGreaterThanOrEqual(0.95);
      // The planted truth: the two largest contributions.
      expect([...counts.entries()].find(([, n]) => n === modal)![0]).toBe('0,1');
    }
  });

  it('uses more samples as the margin between the second and third word shrinks', async () => {
    const median = async (margin: number) => {
      const used = await Promise.all(
        Array.from(
          { length: 15 },
          async (_, seed) => (await explainAuto([3, 2, 2 - margin, 0.5, 0, 0], seed)).guarantee!.samples,
        ),
      );
      return used.sort((a, b) => a - b)[7];
    };
    const [wide, middle, narrow] = [await median(0.3), await median(0.1), await median(0.05)];
    expect(wide).toBeLessThan(middle);
    expect(middle).toBeLessThan(narrow);
    expect(wide).toBe(DEFAULT_GUARANTEE.initialSamples); // an easy instance costs less than 5000 fixed
  });

  it('says not stable, naming the two tied words, rather than picking one by chance', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, seed) => explainAuto([3, 2, 2, 0.5, 0, 0], seed, { maxSamples: 20_000 })),
    );
    const unstable = runs.filter((r) => !r.guarantee!.stable);
    expect(unstable.length).toBeGreaterThanOrEqual(19);
    for (const r of unstable) {
      expect(r.guarantee).toMatchObject({ stoppedBy: 'max-samples', samples: 20_000 });
      expect(r.guarantee!.verdict).toMatch(
        /^not stable at 95 % within 20000 samples \(feature 2, (bravo|charlie), could give way to (charlie|bravo)\)$/,
      );
      const step = r.guarantee!.labels[0].steps[1];
      expect(step.passed).toBe(false);
      expect(step.pValue).toBeGreaterThan(step.level);
    }
  });

  it('stops at the time budget and says so', async () => {
    let now = 0;
    const { run } = await explainText(textFeatures(WORDS), planted([3, 2, 2, 0.5, 0, 0]), {
      task: 'regression',
      numFeatures: 2,
      heldOutSamples: 0,
      clock: () => (now += 400),
      guarantee: { ...DEFAULT_GUARANTEE, timeBudgetMs: 1000 },
    });
    expect(run.guarantee).toMatchObject({ stable: false, stoppedBy: 'time-budget' });
    expect(run.guarantee!.verdict).toMatch(/^not stable at 95 % within the time budget \(1\.0 s\)/);
    expect(run.guarantee!.samples).toBeLessThan(DEFAULT_GUARANTEE.maxSamples);
  });

  it('reports the samples it used and keeps the ones drawn first (the stream continues)', async () => {
    const run = await explainAuto([3, 2, 1.9, 0.5, 0, 0], 4);
    expect(run.neighbourhood!.samples).toBe(run.guarantee!.samples);
    expect(run.guarantee!.checks).toBeGreaterThan(1);
    expect(run.guarantee!.labels[0].steps.map((s) => s.feature)).toEqual([0, 1]);
    // The same seed, the same answer.
    expect(await explainAuto([3, 2, 1.9, 0.5, 0, 0], 4)).toMatchObject({ guarantee: run.guarantee });
  });

  it('z-scores a sum by its standard error under independent samples', () => {
    expect(zScore(Float64Array.from([1, 1, 1, 1]))).toBe(Infinity);
    expect(zScore(Float64Array.from([0, 0, 0]))).toBe(0);
    // Σd = 2, mean 0.5, Σ(d − mean)² = 1.25·… : √(4/3 · 5) = 2.582, z = 2 / 2.582.
    expect(zScore(Float64Array.from([2, -1, 0, 1]))).toBeCloseTo(2 / Math.sqrt((4 / 3) * 5), 12);
  });
});
