import { expect } from 'vitest';
import { cli } from './cli';
import { breastCancerExplain, fixture } from './fixtures';

/**
 * The audit the report tests read, written by the real command line into `store`: breast_cancer rows 0 and 1
 * under two model versions (runs 1–4, each with two stability runs), a text and an image run (5, 6), row 0
 * checked with KernelSHAP and a width sweep (7) and with a sample guarantee over every column (8), verdicts
 * on runs 1–3 and 5–8, and a version review over a cohort chosen by a redactable column, with its verdict.
 */
export async function writeReviewedAudit(store: string): Promise<void> {
  const bc = (model: string) => [
    ...breastCancerExplain(model),
    '--rows',
    '0-1',
    '--runs',
    '2',
    '--num-samples',
    '1000',
    '--store',
    store,
  ];

  for (const args of [
    bc('breast_cancer_rf.onnx'),
    bc('breast_cancer_rf_v2.onnx'),
    [
      'explain',
      fixture('debian_text_bow.onnx'),
      '--data',
      fixture('debian_text.test.jsonl'),
      '--row',
      '0',
      '--num-samples',
      '500',
      '--store',
      store,
    ],
    [
      'explain',
      fixture('fashion_mnist_cnn.onnx'),
      '--data',
      fixture('fashion_mnist.test/00001_2.png'),
      '--num-samples',
      '200',
      '--top-labels',
      '1',
      '--store',
      store,
    ],
    // Run 7: row 0 again, checked against KernelSHAP with its width chosen by a sweep.
    [
      ...bc('breast_cancer_rf.onnx').map((a) => (a === '0-1' ? '0-0' : a)),
      '--method',
      'both',
      '--kernel-width',
      'auto',
    ],
    // Run 8: row 0 with a sample guarantee over every column, so its steps name every feature (mean radius too).
    [
      ...bc('breast_cancer_rf.onnx')
        .map((a) => (a === '0-1' ? '0-0' : a === '1000' ? 'auto' : a))
        .filter((a, i, all) => a !== '--runs' && all[i - 1] !== '--runs'),
      '--num-features',
      '30',
      '--max-samples',
      '3000',
    ],
  ]) {
    const r = await cli(args);
    expect(r.status, r.stderr).toBe(0);
  }
  for (const [run, verdict] of [
    ['1', 'trusted'],
    ['2', 'follow-up'],
    ['3', 'not-trusted'],
    ['5', 'trusted'],
    ['6', 'follow-up'],
    ['7', 'trusted'],
    ['8', 'follow-up'],
  ]) {
    await cli([
      'annotate',
      '--store',
      store,
      '--run',
      run,
      '--verdict',
      verdict,
      '--rationale',
      `rationale for run ${run}`,
      '--reviewer',
      'Ana',
    ]);
  }
  // A version review over a cohort chosen by a redactable column, with a verdict.
  const study = await cli([
    'compare',
    '--store',
    store,
    '--models',
    '1,2',
    '--data',
    fixture('breast_cancer.test.csv'),
    '--train',
    fixture('breast_cancer.train.csv'),
    '--label-column',
    'label',
    '--where',
    '`mean radius` > 13.8 and `mean radius` < 14',
    '--num-samples',
    '300',
  ]);
  expect(study.status, study.stderr).toBe(0);
  await cli([
    'annotate',
    '--store',
    store,
    '--study',
    '1',
    '--verdict',
    'follow-up',
    '--rationale',
    'study rationale: check worst area',
    '--reviewer',
    'Bo',
  ]);
}
