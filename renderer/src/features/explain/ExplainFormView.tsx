import type { ApiResults, ModelDetail } from '../../../../shared/contract/api';
import type { Modality } from '../../../../shared/domain/model';
import { FEATURE_SELECTIONS } from '../../../../shared/domain/tabular';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';
import { APP_GUARANTEE, usesGuarantee, type ExplainForm, type ExplainMode } from './explainRequest';

type Datasets = ApiResults['listDatasets'];

/** The Explain form: what to explain and how, each blank field showing its default. */
export function ExplainFormView({
  form,
  onChange,
  models,
  datasets,
  modality,
  busy,
  onStart,
}: {
  form: ExplainForm;
  onChange: (form: ExplainForm) => void;
  models: ModelDetail[] | null;
  datasets: Datasets | null;
  modality: Modality | undefined;
  busy: boolean;
  onStart: (mode: ExplainMode) => void;
}) {
  const set = (patch: Partial<ExplainForm>) => onChange({ ...form, ...patch });
  const ready = form.modelId !== null && form.datasetId !== null && !busy;
  return (
    <form
      className="params"
      onSubmit={(e) => {
        e.preventDefault();
        onStart(e.nativeEvent.submitter?.dataset.mode === 'pick' ? 'pick' : 'explain');
      }}
    >
      <WhatToExplain form={form} set={set} models={models} datasets={datasets} modality={modality} />
      <HowToExplain form={form} set={set} modality={modality} />
      <button type="submit" data-mode="explain" disabled={!ready} aria-describedby="samples-budget">
        Explain
      </button>
      <span id="samples-budget" className="muted budget">
        {usesGuarantee(form)
          ? `Samples: auto, until the chosen features are stable at ${APP_GUARANTEE.confidence * 100} %, at most ${APP_GUARANTEE.timeBudgetMs / 1000} s per run`
          : `Samples: ${form.numSamples.trim() || (form.method === 'kernel-shap' ? '2048' : modality === 'image' ? '1000' : '5000')} per run`}
      </span>
      {modality !== 'image' && (
        <fieldset className="pick-controls">
          <legend className="sr-only">SP-LIME</legend>
          <label>
            Pick{' '}
            <input
              inputMode="numeric"
              value={form.budget}
              onChange={(e) => set({ budget: e.target.value })}
              aria-describedby="pick-help"
              size={3}
            />
          </label>
          <button type="submit" data-mode="pick" disabled={!ready}>
            Pick representative rows
          </button>
          <span id="pick-help" className="muted">
            SP-LIME: explain every row above, keep the few that together cover the most important features
          </span>
        </fieldset>
      )}
    </form>
  );
}

type Part = { form: ExplainForm; set: (patch: Partial<ExplainForm>) => void; modality: Modality | undefined };

/** The model, the data (and for tables the training data that sets the sampling) and the rows. */
function WhatToExplain({
  form,
  set,
  models,
  datasets,
  modality,
}: Part & { models: ModelDetail[] | null; datasets: Datasets | null }) {
  return (
    <>
      <Field label="Model">
        <select value={form.modelId ?? ''} onChange={(e) => set({ modelId: Number(e.target.value) })} required>
          <option value="" disabled>
            choose…
          </option>
          <ModelOptions models={models} modality />
        </select>
      </Field>
      <Field label="Data">
        <select value={form.datasetId ?? ''} onChange={(e) => set({ datasetId: Number(e.target.value) })} required>
          <option value="" disabled>
            choose…
          </option>
          {datasets?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.path.split('/').pop()} ({d.rowCount} rows)
            </option>
          ))}
        </select>
      </Field>
      {modality === 'tabular' && (
        <Field label="Training data">
          <select
            value={form.trainDatasetId ?? ''}
            onChange={(e) => set({ trainDatasetId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">the same data</option>
            {datasets
              ?.filter((d) => d.kind === 'table')
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.path.split('/').pop()}
                </option>
              ))}
          </select>
        </Field>
      )}
      <Field label="Rows" hint="e.g. 0-4, 9">
        <input value={form.rows} onChange={(e) => set({ rows: e.target.value })} />
      </Field>
    </>
  );
}

/** LIME's parameters: blank takes the modality's default, shown as the placeholder. */
function HowToExplain({ form, set, modality }: Part) {
  const number = (key: 'numSamples' | 'numFeatures' | 'seed' | 'runs', label: string, placeholder?: string) => (
    <Field label={label}>
      <input
        inputMode="numeric"
        value={form[key]}
        placeholder={placeholder}
        size={7}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <>
      {number('numSamples', 'Samples', form.method === 'kernel-shap' ? '2048' : 'auto')}
      {number('numFeatures', 'Features', modality === 'image' ? 'all' : '10')}
      <Field label="Kernel width">
        <input
          value={form.kernelWidth}
          className="wide"
          placeholder="default, or auto"
          onChange={(e) => set({ kernelWidth: e.target.value.trim() })}
        />
      </Field>
      {number('seed', 'Seed')}
      {number('runs', 'Runs (seeds)')}
      <Field label="Feature selection">
        <select value={form.featureSelection} onChange={(e) => set({ featureSelection: e.target.value })}>
          {FEATURE_SELECTIONS.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </Field>
      <Field label="Method">
        <select value={form.method} onChange={(e) => set({ method: e.target.value as ExplainForm['method'] })}>
          <option value="lime">LIME</option>
          <option value="kernel-shap">KernelSHAP</option>
          <option value="both">LIME, with KernelSHAP beside it</option>
        </select>
      </Field>
    </>
  );
}
