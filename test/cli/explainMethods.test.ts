import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { BREAST_CANCER_EXPLAIN, fixture } from '../support/fixtures';

const BC = BREAST_CANCER_EXPLAIN;

/** The command line's other explainers and the kernel-width sweep, on the fixtures. */
describe('lime-workbench explain --method and --kernel-width auto', () => {
  it('explains with KernelSHAP: values sum to the prediction minus the expected value', async () => {
    const r = await cli([...BC, '--row', '3', '--method', 'kernel-shap', '--num-samples', '512', '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.params).toMatchObject({ method: 'kernel-shap', numSamples: 512 });
    const e = doc.runs[0].explanations[0];
    expect(e.weights).toHaveLength(30);
    expect(e.weights[0].name).toMatch(/ = /);
    const sum = e.weights.reduce((s: number, w: { weight: number }) => s + w.weight, 0);
    expect(e.intercept + sum).toBeCloseTo(e.modelPrediction, 5);
    // Words and image segments too: values sum to f(x) − f(everything removed).
    for (const args of [
      [
        'explain',
        fixture('debian_text_bow.onnx'),
        '--text',
        'A strategy game with sound effects and a level editor',
        '--method',
        'kernel-shap',
        '--num-samples',
        '600',
        '--format',
        'json',
      ],
      [
        'explain',
        fixture('fashion_mnist_cnn.onnx'),
        '--data',
        fixture('fashion_mnist.test/00001_2.png'),
        '--method',
        'kernel-shap',
        '--num-samples',
        '400',
        '--top-labels',
        '1',
        '--format',
        'json',
      ],
    ]) {
      const out = await cli(args);
      expect(out.stderr).toBe('');
      const x = JSON.parse(out.stdout).runs[0].explanations[0];
      const total = x.weights.reduce((s: number, w: { weight: number }) => s + w.weight, 0);
      expect(x.intercept + total).toBeCloseTo(x.modelPrediction, 5);
    }
  });

  it('--method both adds KernelSHAP and its agreement with LIME', async () => {
    const r = await cli([...BC, '--row', '1', '--method', 'both', '--num-samples', '2000', '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.kernelShap.explanations[0].weights).toHaveLength(30);
    const [a] = doc.agreement;
    expect(a.label).toBe(doc.runs[0].explanations[0].label);
    expect(a.rankCorrelation).toBeGreaterThan(0.2); // a forest explained two ways still points the same way
    expect(a.rankCorrelation).toBeLessThanOrEqual(1);
    expect(a.topKOverlap).toBeGreaterThan(0);
  });

  it('--method both works over words and image segments, one agreement per label LIME explained', async () => {
    const text = await cli([
      'explain',
      fixture('debian_text_bow.onnx'),
      '--text',
      'A strategy game with sound effects and a level editor',
      '--method',
      'both',
      '--num-samples',
      '1500',
      '--format',
      'json',
    ]);
    expect(text.stderr).toBe('');
    const t = JSON.parse(text.stdout);
    expect(t.params.numSamples).toBe(1500); // LIME's count; KernelSHAP beside it takes its own 2048
    expect(t.kernelShap.neighbourhood.samples).toBeGreaterThanOrEqual(2048);
    expect(t.agreement.map((a: { label: number }) => a.label)).toEqual(
      t.runs[0].explanations.map((e: { label: number }) => e.label),
    );
    // Both methods find the same strongest word: "game" for the games class.
    expect(t.runs[0].explanations[0].weights[0].name).toBe(t.kernelShap.explanations[0].weights[0].name);
    expect(t.agreement[0].rankCorrelation).toBeGreaterThan(0.3);
    const image = await cli([
      'explain',
      fixture('fashion_mnist_cnn.onnx'),
      '--data',
      fixture('fashion_mnist.test/00001_2.png'),
      '--method',
      'both',
      '--num-samples',
      '300',
      '--top-labels',
      '2',
      '--format',
      'json',
    ]);
    expect(image.stderr).toBe('');
    const i = JSON.parse(image.stdout);
    expect(i.agreement).toHaveLength(2);
    for (const a of i.agreement) {
      expect(a.rankCorrelation).toBeGreaterThanOrEqual(-1);
      expect(a.rankCorrelation).toBeLessThanOrEqual(1);
    }
    const shap = i.kernelShap.explanations[0];
    const total = shap.weights.reduce((s: number, w: { weight: number }) => s + w.weight, 0);
    expect(shap.intercept + total).toBeCloseTo(shap.modelPrediction, 5);
    const printed = await cli([
      'explain',
      fixture('debian_text_bow.onnx'),
      '--text',
      'A strategy game',
      '--method',
      'both',
      '--num-samples',
      '500',
    ]);
    expect(printed.stdout).toMatch(
      /LIME and KernelSHAP (rank the features alike|partly agree|disagree) \(ρ -?\d\.\d\d; \d of the top \d features shared\)/,
    );
  });

  it('--kernel-width auto sweeps widths and keeps the most stable one that meets the fidelity target', async () => {
    const r = await cli([...BC, '--row', '1', '--kernel-width', 'auto', '--num-samples', '1500', '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    const sweep = doc.kernelWidthSweep;
    expect(sweep.widths).toHaveLength(5);
    expect(sweep.widths.map((w: { width: number }) => w.width / sweep.widths[2].width)).toEqual([0.25, 0.5, 1, 2, 4]);
    const chosen = sweep.widths.find((w: { width: number }) => w.width === sweep.chosen);
    expect(chosen.heldOutScore).toBeGreaterThanOrEqual(sweep.target);
    for (const w of sweep.widths)
      if (w.heldOutScore >= sweep.target) expect(w.stabilityIndex).toBeLessThanOrEqual(chosen.stabilityIndex);
    expect(doc.params.kernelWidth).toBe(sweep.chosen);
  });

  it('--kernel-width auto works for text and image models too', async () => {
    for (const [args, base] of [
      [
        [
          'explain',
          fixture('debian_text_bow.onnx'),
          '--text',
          'A strategy game with sound effects and a level editor',
          '--num-samples',
          '400',
        ],
        25,
      ],
      [
        [
          'explain',
          fixture('fashion_mnist_cnn.onnx'),
          '--data',
          fixture('fashion_mnist.test/00001_2.png'),
          '--num-samples',
          '200',
          '--top-labels',
          '1',
        ],
        0.25,
      ],
    ] as const) {
      const r = await cli([...args, '--kernel-width', 'auto', '--format', 'json']);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout);
      expect(doc.kernelWidthSweep.widths.map((w: { width: number }) => w.width)).toEqual(
        [0.25, 0.5, 1, 2, 4].map((f) => f * base),
      );
      expect(doc.params.kernelWidth).toBe(doc.kernelWidthSweep.chosen);
    }
  });
});
