import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  explainRequest,
  type ExplainForm,
} from '../../../../renderer/src/features/explain/explainRequest';

const form = (patch: Partial<ExplainForm>): ExplainForm => ({ ...DEFAULT_FORM, modelId: 1, datasetId: 2, ...patch });

describe('the Explain form as an API request', () => {
  it('leaves blank fields to the defaults (samples: auto, stable at 95 % within 2 s) and sends what was typed', () => {
    expect(explainRequest(form({ rows: '0-2, 7' }), 'explain', 10)).toEqual({
      mode: 'explain',
      args: {
        modelId: 1,
        datasetId: 2,
        trainDatasetId: null,
        rows: [0, 1, 2, 7],
        params: {
          seed: 0,
          runs: 5,
          featureSelection: 'auto',
          numSamples: 'auto',
          confidence: 0.95,
          timeBudgetMs: 2000,
        },
      },
    });
    expect(explainRequest(form({ numSamples: 'auto' }), 'explain', 10)).toMatchObject({
      args: { params: { numSamples: 'auto' } },
    });
    // KernelSHAP has no selection to guarantee: its own default count.
    const shap = explainRequest(form({ method: 'kernel-shap' }), 'explain', 10) as { args: { params: object } };
    expect(shap.args.params).not.toHaveProperty('numSamples');
    const typed = explainRequest(
      form({ numSamples: '300', numFeatures: '4', kernelWidth: 'auto', method: 'both', trainDatasetId: 3 }),
      'explain',
      10,
    );
    expect(typed).toMatchObject({
      args: {
        trainDatasetId: 3,
        params: { numSamples: 300, numFeatures: 4, autoKernelWidth: true, method: 'both' },
      },
    });
    expect(explainRequest(form({ kernelWidth: '0.75' }), 'explain', 10)).toMatchObject({
      args: { params: { kernelWidth: 0.75 } },
    });
  });

  it('names the field, what it expects and what it found', () => {
    const error = (patch: Partial<ExplainForm>, mode: 'explain' | 'pick' = 'explain') =>
      (explainRequest(form(patch), mode, 10) as { error: string }).error;
    expect(error({ modelId: null })).toMatch(/^Model: choose/);
    expect(error({ rows: '3-12' })).toBe('Rows: expected numbers or ranges within 0–9, such as 0-4, 9; found “3-12”.');
    expect(error({ numSamples: '1.5' })).toBe(
      'Samples: expected “auto” or a whole number from 2 to 1000000, found “1.5”.',
    );
    expect(error({ runs: '0' })).toMatch(/^Runs: expected a whole number from 1/);
    expect(error({ kernelWidth: '-1' })).toBe('Kernel width: expected a positive number or “auto”, found “-1”.');
    expect(error({ budget: '0' }, 'pick')).toBe('Pick: expected a whole number of rows from 1 to 100, found “0”.');
    expect(error({ rows: '4' }, 'pick')).toMatch(/^Pick: expected at least two candidate rows .* found 1;/);
  });

  it('asks SP-LIME for a pick with its budget, over fixed neighbourhoods unless auto is typed', () => {
    const pick = explainRequest(form({ rows: '0-49', budget: '3' }), 'pick', 114);
    expect(pick).toMatchObject({
      mode: 'pick',
      args: { rows: expect.arrayContaining([0, 49]) as number[], budget: 3 },
    });
    expect((pick as { args: { params: object } }).args.params).not.toHaveProperty('numSamples');
    expect(explainRequest(form({ rows: '0-9', numSamples: 'auto' }), 'pick', 114)).toMatchObject({
      args: { params: { numSamples: 'auto' } },
    });
  });
});
