import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { BREAST_CANCER_EXPLAIN } from '../support/fixtures';

const BC = BREAST_CANCER_EXPLAIN;

describe('lime-workbench explain --num-samples auto', () => {
  it('grows the neighbourhood until the selection is stable or the cap, and says which in the JSON and the text', async () => {
    const auto = [...BC, '--row', '1', '--num-samples', 'auto', '--num-features', '3', '--max-samples', '8000'];
    const r = await cli([...auto, '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.params).toMatchObject({
      numSamples: 1000,
      guarantee: { confidence: 0.95, maxSamples: 8000, timeBudgetMs: null },
    });
    const g = doc.runs[0].guarantee;
    expect(g.samples).toBe(doc.runs[0].neighbourhood.samples);
    expect(g.samples).toBeGreaterThanOrEqual(1000);
    expect(g.samples).toBeLessThanOrEqual(8000);
    expect(g.labels[0].steps).toHaveLength(3);
    // The steps are the features the explanation selected, in order.
    expect(g.labels[0].steps.map((s: { feature: number }) => s.feature).sort()).toEqual(
      doc.runs[0].explanations[0].weights.map((w: { feature: number }) => w.feature).sort(),
    );
    if (g.stable) expect(g.verdict).toBe('stable at 95 %');
    else expect(g.verdict).toMatch(/^not stable at 95 % within 8000 samples \(feature \d+, .* could give way to /);
    const text = await cli(auto);
    expect(text.stdout).toContain(`Guarantee  ${g.samples} samples after ${g.checks} checks: ${g.verdict}`);
  });

  it('refuses what the guarantee cannot mean, with exit 2 and the flag named', async () => {
    const refused = async (args: string[], message: RegExp) => {
      const r = await cli([...BC, '--row', '0', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    };
    await refused(['--confidence', '0.9'], /--confidence: expected with --num-samples auto/);
    await refused(
      ['--num-samples', 'auto', '--method', 'kernel-shap'],
      /expected method lime or both .*found kernel-shap/,
    );
    await refused(
      ['--num-samples', 'auto', '--feature-selection', 'highest-weights'],
      /featureSelection \(--feature-selection\): expected auto or forward-selection .*found highest-weights/,
    );
    await refused(
      ['--num-samples', 'auto', '--time-budget', 'soon'],
      /--time-budget: expected a duration .*found "soon"/,
    );
    await refused(
      ['--num-samples', 'auto', '--confidence', '1.5'],
      /confidence \(--confidence\): expected a number from 0\.5/,
    );
  });
});
