import { useState } from 'react';
import type { ApiArgs, ModelDetail } from '../../../../shared/contract/api';
import { VERDICTS, type RunSummary, type Verdict } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { VERDICT_NAMES, VerdictForm, VerdictHistory } from '../../components/Verdict';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';

type Filter = Pick<ApiArgs<'listRuns'>, 'verdict' | 'modelId' | 'label'>;

/** Review: the audit's runs filtered by verdict, model and label; a verdict and rationale with its history. */
export function ReviewScreen({ api }: { api: Client }) {
  const [filter, setFilter] = useState<Filter>({});
  const runs = useAsync(() => api.listRuns(filter), [filter]);
  const models = useAsync(() => api.listModels({}), []);
  const [runId, setRunId] = useState<number | null>(null);
  const run = useAsync(() => (runId === null ? Promise.resolve(null) : api.getRun({ runId })), [runId]);
  const [error, setError] = useState<string | null>(null);
  const saveVerdict = (verdict: Omit<ApiArgs<'saveAnnotation'>, 'runId'>) =>
    api.saveAnnotation({ runId: runId!, ...verdict }).then(
      () => {
        run.reload();
        runs.reload();
        setError(null);
      },
      (err: Error) => {
        setError(err.message);
        throw err;
      },
    );
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <ErrorNote error={runs.error ?? run.error ?? error} />
      <ReviewFilters filter={filter} onChange={setFilter} models={models.data} runs={runs.data} />
      <div className="split review">
        {runs.data?.length === 0 ? (
          <p className="muted" role="status">
            {Object.values(filter).some((v) => v !== undefined)
              ? 'No explanation matches these filters.'
              : 'No explanations in this audit yet: explain rows on the Explain screen, then review them here.'}
          </p>
        ) : (
          <RunsTable runs={runs.data} openRunId={runId} onOpen={setRunId} />
        )}
        <div>
          {run.data && (
            <>
              <RunView run={run.data} />
              <VerdictForm subject={`run ${run.data.id}`} onSave={saveVerdict} />
              <VerdictHistory annotations={run.data.annotations} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** The filters over the runs: verdict (or none yet), model, and the label explained. */
function ReviewFilters({
  filter,
  onChange,
  models,
  runs,
}: {
  filter: Filter;
  onChange: (filter: Filter) => void;
  models: ModelDetail[] | null;
  runs: RunSummary[] | null;
}) {
  const labels = [
    ...new Map(
      (runs ?? []).filter((r) => r.label !== null).map((r) => [r.label!, r.labelName ?? String(r.label)]),
    ).entries(),
  ].sort((a, b) => a[0] - b[0]);
  return (
    <div className="toolbar">
      <Field label="Verdict">
        <select
          value={filter.verdict ?? ''}
          onChange={(e) =>
            onChange({ ...filter, verdict: (e.target.value || undefined) as Verdict | 'none' | undefined })
          }
        >
          <option value="">any</option>
          <option value="none">awaiting a verdict</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {VERDICT_NAMES[v]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Model">
        <select
          value={filter.modelId ?? ''}
          onChange={(e) => onChange({ ...filter, modelId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">any</option>
          <ModelOptions models={models} />
        </select>
      </Field>
      <Field label="Label">
        <select
          value={filter.label ?? ''}
          onChange={(e) => onChange({ ...filter, label: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">any</option>
          {labels.map(([label, name]) => (
            <option key={label} value={label}>
              {name} ({label})
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** The runs that pass the filters, each opened by its number. */
function RunsTable({
  runs,
  openRunId,
  onOpen,
}: {
  runs: RunSummary[] | null;
  openRunId: number | null;
  onOpen: (runId: number) => void;
}) {
  return (
    <div className="table-wrap runs">
      <table>
        <caption className="sr-only">Runs of this audit</caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">model</th>
            <th scope="col">row</th>
            <th scope="col">label</th>
            <th scope="col">score</th>
            <th scope="col">verdict</th>
            <th scope="col">stable</th>
          </tr>
        </thead>
        <tbody>
          {runs?.map((r) => (
            <tr key={r.id} className={r.id === openRunId ? 'selected' : ''}>
              <td>
                <button type="button" className="link" onClick={() => onOpen(r.id)} aria-label={`Open run ${r.id}`}>
                  {r.id}
                </button>
              </td>
              <td>
                {r.modelFamily} {r.modelVersion}
              </td>
              <td>{r.row ?? '—'}</td>
              <td>{r.labelName ?? 'value'}</td>
              <td>{r.score.toFixed(2)}</td>
              <td>{r.verdict ? VERDICT_NAMES[r.verdict] : '—'}</td>
              <td title={r.guarantee ? `${r.guarantee.samples} samples` : 'a fixed neighbourhood: no guarantee asked'}>
                {r.guarantee ? (r.guarantee.stable ? '✔ yes' : '⚠ no') : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
