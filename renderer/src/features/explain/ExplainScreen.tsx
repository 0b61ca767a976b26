import { useEffect, useState } from 'react';
import type { ApiArgs, RunDetail } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import { isBusy } from '../../api/jobs';
import { useJob } from '../../api/useJob';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { JobProgress } from '../../components/JobProgress';
import { useAsync } from '../../components/useAsync';
import { ExplainFormView } from './ExplainFormView';
import { DEFAULT_FORM, explainRequest, type ExplainForm, type ExplainMode } from './explainRequest';
import { PickPanel } from './PickPanel';

/** Explain: parameters with their defaults, progress with cancel, and the result. */
export function ExplainScreen({ api, preset }: { api: Client; preset: { datasetId: number; rows: number[] } | null }) {
  const models = useAsync(() => api.listModels({}), []);
  const datasets = useAsync(() => api.listDatasets({}), []);
  const [form, setForm] = useState<ExplainForm>(() =>
    preset ? { ...DEFAULT_FORM, datasetId: preset.datasetId, rows: preset.rows.join(', ') } : DEFAULT_FORM,
  );
  const { job, start, cancel } = useJob(api);
  const [formError, setFormError] = useState<string | null>(null);
  // The last explanation asked for, so a cancelled or failed batch can be resumed where it stopped.
  const [last, setLast] = useState<ApiArgs<'runExplanation'> | null>(null);
  const shown = useShownRun(api, job.phase === 'done' ? (job.pick ? job.runIds[0] : job.runIds.at(-1)) : undefined);
  const model = models.data?.find((m) => m.id === form.modelId) ?? null;
  const dataset = datasets.data?.find((d) => d.id === form.datasetId) ?? null;
  // A model chosen: a worker opens its session while the rest of the form is filled in, and once the data is
  // chosen too, rehearses explaining it. Only a head start: whatever goes wrong here is said by the
  // explanation itself.
  const { modelId, datasetId, trainDatasetId } = form;
  useEffect(() => {
    if (modelId === null) return;
    api.prepareModel({ modelId, ...(datasetId === null ? {} : { datasetId, trainDatasetId }) }).catch(() => {});
  }, [api, modelId, datasetId, trainDatasetId]);

  const begin = (mode: ExplainMode) => {
    const request = explainRequest(form, mode, dataset?.rowCount ?? 0);
    if ('error' in request) return setFormError(request.error);
    setFormError(null);
    shown.hide();
    setLast(request.mode === 'explain' ? request.args : null);
    start(() => (request.mode === 'pick' ? api.pickInstances(request.args) : api.runExplanation(request.args)));
  };
  const resume = () => {
    if (!last) return;
    shown.hide();
    start(() => api.runExplanation({ ...last, resume: true }));
  };
  const error =
    models.error ?? datasets.error ?? formError ?? (job.phase === 'failed' ? job.error : null) ?? shown.error;
  return (
    <section aria-labelledby="explain-title">
      <h2 id="explain-title">Explain</h2>
      <ErrorNote error={error} />
      <ExplainFormView
        form={form}
        onChange={setForm}
        models={models.data}
        datasets={datasets.data}
        modality={model?.profile.modality}
        busy={isBusy(job)}
        onStart={begin}
      />
      <JobProgress job={job} label="Explanation progress" unit="runs" onCancel={cancel} />
      {job.phase === 'failed' && last && last.rows.length > 1 && (
        <p>
          <button type="button" onClick={resume}>
            Resume
          </button>{' '}
          <span className="muted">explains the rows not yet saved; the {job.runIds.length} saved are kept</span>
        </p>
      )}
      {job.pick && (
        <PickPanel pick={job.pick} shownRunId={shown.run?.id ?? null} onShow={(runId) => void shown.show(runId)} />
      )}
      {!job.pick && job.runIds.length > 1 && (
        <p className="muted">Saved runs {job.runIds.join(', ')}; the last is shown. All are in Review.</p>
      )}
      {shown.run && <RunView run={shown.run} />}
    </section>
  );
}

/**
 * The run on show: the one a finished job points at (a pick's first, most representative row; an
 * explanation's last), or one the reviewer opened.
 */
function useShownRun(api: Client, finished: number | undefined) {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = (runId: number) =>
    api.getRun({ runId }).then(
      (r) => (setRun(r), setError(null)),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    if (finished === undefined) return;
    let live = true;
    api.getRun({ runId: finished }).then(
      (r) => live && setRun(r),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, finished]);
  return { run, error, show, hide: () => setRun(null) };
}
