import { useState } from 'react';
import { VERDICTS, type Verdict } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { VERDICT_NAMES, VerdictForm, VerdictHistory } from '../../components/Verdict';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';

/** Review: the audit's runs filtered by verdict, model and label; a verdict and rationale with its history. */
export function ReviewScreen({ api }: { api: Client }) {
  const [filter, setFilter] = useState<{ verdict?: Verdict | 'none'; modelId?: number; label?: number }>({});
  const runs = useAsync(() => api.listRuns(filter), [filter]);
  const models = useAsync(() => api.listModels({}), []);
  const [runId, setRunId] = useState<number | null>(null);
  const run = useAsync(() => (runId === null ? Promise.resolve(null) : api.getRun({ runId })), [runId]);
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <ErrorNote error={runs.error ?? run.error ?? error} />
      <div className="toolbar">
        <Field label="Verdict">
          <select
            value={filter.verdict ?? ''}
            onChange={(e) =>
              setFilter({ ...filter, verdict: (e.target.value || undefined) as Verdict | 'none' | undefined })
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
            onChange={(e) => setFilter({ ...filter, modelId: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">any</option>
            <ModelOptions models={models.data} />
          </select>
        </Field>
        <Field label="Label">
          <select
            value={filter.label ?? ''}
            onChange={(e) =>
              setFilter({ ...filter, label: e.target.value === '' ? undefined : Number(e.target.value) })
            }
          >
            <option value="">any</option>
            {[
              ...new Map(
                (runs.data ?? [])
                  .filter((r) => r.label !== null)
                  .map((r) => [r.label!, r.labelName ?? String(r.label)]),
              ).entries(),
            ]
              .sort((a, b) => a[0] - b[0])
              .map(([label, name]) => (
                <option key={label} value={label}>
                  {name} ({label})
                </option>
              ))}
          </select>
        </Field>
      </div>
      <div className="split">
        <div className="table-wrap runs">
          <table>
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">model</th>
                <th scope="col">row</th>
                <th scope="col">label</th>
                <th scope="col">score</th>
                <th scope="col">verdict</th>
              </tr>
            </thead>
            <tbody>
              {runs.data?.map((r) => (
                <tr key={r.id} className={r.id === runId ? 'selected' : ''}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setRunId(r.id)}
                      aria-label={`Open run ${r.id}`}
                    >
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          {run.data && (
            <>
              <RunView run={run.data} />
              <VerdictForm
                subject={`run ${runId}`}
                onSave={(v) =>
                  api.saveAnnotation({ runId: runId!, ...v }).then(
                    () => (run.reload(), runs.reload(), setError(null)),
                    (err: Error) => {
                      setError(err.message);
                      throw err;
                    },
                  )
                }
              />
              <VerdictHistory annotations={run.data.annotations} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
