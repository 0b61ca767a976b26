import type { ApiArgs, ExplainParamsInput } from '../../../../shared/contract/api';
import { LIMITS } from '../../../../shared/contract/limits';
import { FEATURE_SELECTIONS } from '../../../../shared/domain/tabular';
import { parseRows } from '../../charts/charts.data';

/** The Explain form as typed: every field a string until the request is built (blank means the default). */
export interface ExplainForm {
  modelId: number | null;
  datasetId: number | null;
  trainDatasetId: number | null;
  rows: string;
  numSamples: string;
  numFeatures: string;
  kernelWidth: string;
  seed: string;
  runs: string;
  featureSelection: string;
  method: 'lime' | 'kernel-shap' | 'both';
  /** SP-LIME: how many rows to pick. */
  budget: string;
}

export const DEFAULT_FORM: ExplainForm = {
  modelId: null,
  datasetId: null,
  trainDatasetId: null,
  rows: '0',
  numSamples: '',
  numFeatures: '',
  kernelWidth: '',
  seed: '0',
  runs: '5',
  featureSelection: 'auto',
  method: 'lime',
  budget: '5',
};

export type ExplainMode = 'explain' | 'pick';

/**
 * The app's default neighbourhood: grown until the chosen features are stable at 95 %, for at most 2 s per
 * run (the command line keeps the reference's 5000 unless asked).
 */
export const APP_GUARANTEE = { confidence: 0.95, timeBudgetMs: 2000 };

/** Whether the form asks for a guaranteed neighbourhood: Samples blank or "auto", with LIME. */
export const usesGuarantee = (form: ExplainForm) =>
  form.method !== 'kernel-shap' && (form.numSamples.trim() === '' || form.numSamples.trim() === 'auto');

/** What the form asks for: an explanation or a pick, or what is wrong with it in words. */
export type ExplainRequest =
  | { mode: 'explain'; args: ApiArgs<'runExplanation'> }
  | { mode: 'pick'; args: ApiArgs<'pickInstances'> }
  | { error: string };

/**
 * The API request the form describes, checked as the user will read the error: each field named, with what
 * was expected and what was found. `rowCount` is the chosen dataset's.
 */
export function explainRequest(form: ExplainForm, mode: ExplainMode, rowCount: number): ExplainRequest {
  if (form.modelId === null) return { error: 'Model: choose the model to explain.' };
  if (form.datasetId === null) return { error: 'Data: choose the data whose rows to explain.' };
  const rows = parseRows(form.rows, rowCount);
  if (!rows)
    return {
      error: `Rows: expected numbers or ranges within 0–${Math.max(rowCount, 1) - 1}, such as 0-4, 9; found “${form.rows}”.`,
    };
  if (rows.length > LIMITS.rowsPerRequest)
    return { error: `Rows: expected at most ${LIMITS.rowsPerRequest} rows at once, found ${rows.length}.` };
  const params: ExplainParamsInput = {};
  const numbers: ['seed' | 'runs' | 'numSamples' | 'numFeatures', string, number, number][] = [
    ['seed', 'Seed', 0, 2 ** 32 - 1],
    ['runs', 'Runs', 1, LIMITS.runs],
    ['numSamples', 'Samples', 2, LIMITS.numSamples],
    ['numFeatures', 'Features', 1, LIMITS.numFeatures],
  ];
  for (const [key, label, min, max] of numbers) {
    const text = form[key].trim();
    if (text === '' || (key === 'numSamples' && text === 'auto')) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      return {
        error: `${label}: expected ${key === 'numSamples' ? '“auto” or ' : ''}a whole number from ${min} to ${max}, found “${text}”.`,
      };
    params[key] = value;
  }
  if (!(FEATURE_SELECTIONS as readonly string[]).includes(form.featureSelection))
    return { error: `Feature selection: expected one of ${FEATURE_SELECTIONS.join(', ')}.` };
  params.featureSelection = form.featureSelection;
  const width = form.kernelWidth.trim();
  if (width === 'auto') params.autoKernelWidth = true;
  else if (width !== '') {
    const value = Number(width);
    if (!(value > 0)) return { error: `Kernel width: expected a positive number or “auto”, found “${width}”.` };
    params.kernelWidth = value;
  }
  if (form.method !== 'lime') params.method = form.method;
  // SP-LIME explains every candidate to compare their coverage: a fixed neighbourhood unless asked.
  if (usesGuarantee(form) && (mode === 'explain' || form.numSamples.trim() === 'auto'))
    Object.assign(params, { numSamples: 'auto', ...APP_GUARANTEE });
  const args = { modelId: form.modelId, datasetId: form.datasetId, trainDatasetId: form.trainDatasetId, rows, params };
  if (mode === 'explain') return { mode, args };
  const budget = Number(form.budget);
  if (!(Number.isInteger(budget) && budget >= 1 && budget <= 100))
    return { error: `Pick: expected a whole number of rows from 1 to 100, found “${form.budget}”.` };
  if (rows.length < 2)
    return {
      error: `Pick: expected at least two candidate rows to pick among, found ${rows.length}; give a range such as 0-49.`,
    };
  return { mode, args: { ...args, budget } };
}
