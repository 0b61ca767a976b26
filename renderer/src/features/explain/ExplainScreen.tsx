import { useEffect, useRef, useState } from 'react';
import type { ApiEvent } from '../../../../shared/contract/api';
import type { ExplainParamsInput, PickSummary, RunDetail } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import { parseRows } from '../../charts/charts.data';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { Field } from '../../components/Field';
import { PickPanel } from './PickPanel';
import { ModelOptions } from '../../components/ModelOptions';

/** Explain: parameters with their defaults, progress with cancel, and the result. */
export function ExplainScreen({ api, preset }: { api: Client; preset: { datasetId: number; rows: number[] } | null }) {
  const models = useAsync(() => api.listModels({}), []);
  const datasets = useAsync(() => api.listDatasets({}), []);
  const [modelId, setModelId] = useState<number | null>(null);
  const [datasetId, setDatasetId] = useState<number | null>(preset?.datasetId ?? null);
  const [trainId, setTrainId] = useState<number | null>(null);
  const [rowsText, setRowsText] = useState(preset ? preset.rows.join(', ') : '0');
  const [params, setParams] = useState({
    numSamples: '',
    numFeatures: '',
    seed: '0',
    runs: '5',
    featureSelection: 'auto',
    kernelWidth: '',
    method: 'lime',
    budget: '5',
  });
  const [pick, setPick] = useState<PickSummary | null>(null);
  const [job, setJob] = useState<{ id: string; done: number; total: number } | null>(null);
  const [runs, setRuns] = useState<number[]>([]);
  const [shown, setShown] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const model = models.data?.find((m) => m.id === modelId) ?? null;
  const dataset = datasets.data?.find((d) => d.id === datasetId) ?? null;

  useEffect(() => {
    if (preset) (setDatasetId(preset.datasetId), setRowsText(preset.rows.join(', ')));
  }, [preset]);
  // Events can arrive before the reply that names their job: keep them until the job id is known.
  const jobId = useRef<string | null>(null);
  const early = useRef<ApiEvent[]>([]);
  const handle = useRef<(event: ApiEvent) => void>(() => {});
  handle.current = (event) => {
    if (event.jobId !== jobId.current) {
      if (jobId.current === null) early.current.push(event);
      return;
    }
    if (event.type === 'job-progress') setJob({ id: event.jobId, done: event.done, total: event.total });
    else if (event.type === 'job-run-saved') setRuns((r) => [...r, event.runId]);
    else if (event.type === 'job-done') {
      jobId.current = null;
      setJob(null);
      setPick(event.pick ?? null);
      // A pick shows its first (most representative) row; an explanation its last.
      const runId = event.pick ? event.runIds[0] : event.runIds[event.runIds.length - 1];
      if (runId !== undefined) show(runId);
    } else if (event.type === 'job-failed') {
      jobId.current = null;
      setJob(null);
      setError(event.error.message);
    }
  };
  useEffect(() => api.subscribe((event) => handle.current(event)), [api]);

  const show = (runId: number) => api.getRun({ runId }).then(setShown, (e: Error) => setError(e.message));
  const start = (mode: 'explain' | 'pick') => {
    const rows = parseRows(rowsText, dataset?.rowCount ?? 0);
    if (!rows)
      return setError(
        `Rows: expected numbers or ranges within 0–${(dataset?.rowCount ?? 1) - 1}, such as 0-4, 9; found “${rowsText}”.`,
      );
    const p: ExplainParamsInput = {
      seed: Number(params.seed),
      runs: Number(params.runs),
      featureSelection: params.featureSelection as ExplainParamsInput['featureSelection'],
    };
    if (params.numSamples) p.numSamples = Number(params.numSamples);
    if (params.numFeatures) p.numFeatures = Number(params.numFeatures);
    if (params.kernelWidth === 'auto') p.autoKernelWidth = true;
    else if (params.kernelWidth) p.kernelWidth = Number(params.kernelWidth);
    if (params.method !== 'lime') p.method = params.method as ExplainParamsInput['method'];
    const budget = Number(params.budget);
    if (mode === 'pick' && !(Number.isInteger(budget) && budget >= 1 && budget <= 100))
      return setError(`Pick: expected a whole number of rows from 1 to 100, found “${params.budget}”.`);
    if (mode === 'pick' && rows.length < 2)
      return setError(
        `Pick: expected at least two candidate rows to pick among, found ${rows.length}; give a range such as 0-49.`,
      );
    setError(null);
    setShown(null);
    setPick(null);
    setRuns([]);
    early.current = [];
    jobId.current = null;
    setJob({ id: '', done: 0, total: 1 });
    const args = { modelId: modelId!, datasetId: datasetId!, trainDatasetId: trainId, rows, params: p };
    (mode === 'pick' ? api.pickInstances({ ...args, budget }) : api.runExplanation(args)).then(
      ({ jobId: id }) => {
        jobId.current = id;
        setJob((j) => (j && j.id ? j : { id, done: 0, total: 1 }));
        const pending = early.current;
        early.current = [];
        pending.forEach((event) => handle.current(event));
      },
      (e: Error) => (setJob(null), setError(e.message)),
    );
  };
  const modality = model?.profile.modality;
  return (
    <section aria-labelledby="explain-title">
      <h2 id="explain-title">Explain</h2>
      <ErrorNote error={models.error ?? datasets.error ?? error} />
      <form
        className="params"
        onSubmit={(e) => {
          e.preventDefault();
          start((e.nativeEvent as SubmitEvent).submitter?.dataset.mode === 'pick' ? 'pick' : 'explain');
        }}
      >
        <Field label="Model">
          <select value={modelId ?? ''} onChange={(e) => setModelId(Number(e.target.value))} required>
            <option value="" disabled>
              choose…
            </option>
            <ModelOptions models={models.data} modality />
          </select>
        </Field>
        <Field label="Data">
          <select value={datasetId ?? ''} onChange={(e) => setDatasetId(Number(e.target.value))} required>
            <option value="" disabled>
              choose…
            </option>
            {datasets.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.path.split('/').pop()} ({d.rowCount} rows)
              </option>
            ))}
          </select>
        </Field>
        {modality === 'tabular' && (
          <Field label="Training data">
            <select value={trainId ?? ''} onChange={(e) => setTrainId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">the same data</option>
              {datasets.data
                ?.filter((d) => d.kind === 'table')
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.path.split('/').pop()}
                  </option>
                ))}
            </select>
          </Field>
        )}
        <label>
          Rows <input value={rowsText} onChange={(e) => setRowsText(e.target.value)} aria-describedby="rows-help" />
        </label>
        <span id="rows-help" className="muted">
          e.g. 0-4, 9
        </span>
        <label>
          Samples{' '}
          <input
            inputMode="numeric"
            value={params.numSamples}
            placeholder={modality === 'image' ? '1000' : '5000'}
            onChange={(e) => setParams({ ...params, numSamples: e.target.value })}
          />
        </label>
        <label>
          Features{' '}
          <input
            inputMode="numeric"
            value={params.numFeatures}
            placeholder={modality === 'image' ? 'all' : '10'}
            onChange={(e) => setParams({ ...params, numFeatures: e.target.value })}
          />
        </label>
        <label>
          Kernel width{' '}
          <input
            value={params.kernelWidth}
            className="wide"
            placeholder="default, or auto"
            onChange={(e) => setParams({ ...params, kernelWidth: e.target.value.trim() })}
          />
        </label>
        <label>
          Seed{' '}
          <input
            inputMode="numeric"
            value={params.seed}
            onChange={(e) => setParams({ ...params, seed: e.target.value })}
          />
        </label>
        <label>
          Runs (seeds){' '}
          <input
            inputMode="numeric"
            value={params.runs}
            onChange={(e) => setParams({ ...params, runs: e.target.value })}
          />
        </label>
        <Field label="Feature selection">
          <select
            value={params.featureSelection}
            onChange={(e) => setParams({ ...params, featureSelection: e.target.value })}
          >
            {['auto', 'none', 'forward-selection', 'highest-weights', 'lasso-path'].map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </Field>
        <Field label="Method">
          <select value={params.method} onChange={(e) => setParams({ ...params, method: e.target.value })}>
            <option value="lime">LIME</option>
            <option value="kernel-shap">KernelSHAP</option>
            <option value="both">LIME, with KernelSHAP beside it</option>
          </select>
        </Field>
        <button type="submit" data-mode="explain" disabled={!modelId || !datasetId || job !== null}>
          Explain
        </button>
        {modality !== 'image' && (
          <fieldset className="pick-controls">
            <legend className="sr-only">SP-LIME</legend>
            <label>
              Pick{' '}
              <input
                inputMode="numeric"
                value={params.budget}
                onChange={(e) => setParams({ ...params, budget: e.target.value })}
                aria-describedby="pick-help"
                size={3}
              />
            </label>
            <button type="submit" data-mode="pick" disabled={!modelId || !datasetId || job !== null}>
              Pick representative rows
            </button>
            <span id="pick-help" className="muted">
              SP-LIME: explain every row above, keep the few that together cover the most important features
            </span>
          </fieldset>
        )}
      </form>
      {job && (
        <div className="progress" role="status">
          <progress max={job.total} value={job.done} aria-label="Explanation progress" /> {job.done} of {job.total} runs
          <button type="button" disabled={!job.id} onClick={() => api.cancelJob({ jobId: job.id })}>
            Cancel
          </button>
        </div>
      )}
      {pick && <PickPanel pick={pick} shownRunId={shown?.id ?? null} onShow={show} />}
      {!pick && runs.length > 1 && (
        <p className="muted">Saved runs {runs.join(', ')}; the last is shown. All are in Review.</p>
      )}
      {shown && <RunView run={shown} />}
    </section>
  );
}
