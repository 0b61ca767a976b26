import { useState } from 'react';
import { VERDICTS, type Verdict } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';

const VERDICT_NAMES: Record<Verdict, string> = { trusted: 'Trusted', 'not-trusted': 'Not trusted', 'follow-up': 'Needs follow-up' };

/** Review: the audit's runs filtered by verdict, model and label; a verdict and rationale with its history. */
export function ReviewScreen({ api }: { api: Client }) {
  const [filter, setFilter] = useState<{ verdict?: Verdict | 'none'; modelId?: number; label?: number }>({});
  const runs = useAsync(() => api.listRuns(filter), [filter]);
  const models = useAsync(() => api.listModels({}), []);
  const [runId, setRunId] = useState<number | null>(null);
  const run = useAsync(() => (runId === null ? Promise.resolve(null) : api.getRun({ runId })), [runId]);
  const [form, setForm] = useState({ verdict: 'follow-up' as Verdict, rationale: '', reviewer: '', tags: '' });
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <ErrorNote error={runs.error ?? run.error ?? error} />
      <div className="toolbar">
        <Field label="Verdict">
          <select value={filter.verdict ?? ''} onChange={(e) => setFilter({ ...filter, verdict: (e.target.value || undefined) as Verdict | 'none' | undefined })}>
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
          <select value={filter.modelId ?? ''} onChange={(e) => setFilter({ ...filter, modelId: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">any</option>
            <ModelOptions models={models.data} />
          </select>
        </Field>
        <Field label="Label">
          <select value={filter.label ?? ''} onChange={(e) => setFilter({ ...filter, label: e.target.value === '' ? undefined : Number(e.target.value) })}>
            <option value="">any</option>
            {[...new Map((runs.data ?? []).filter((r) => r.label !== null).map((r) => [r.label!, r.labelName ?? String(r.label)])).entries()]
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
                    <button type="button" className="link" onClick={() => setRunId(r.id)} aria-label={`Open run ${r.id}`}>
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
              <form
                className="card verdict"
                onSubmit={(e) => {
                  e.preventDefault();
                  const tags = form.tags.split(',').map((t) => t.trim()).filter(Boolean);
                  api
                    .saveAnnotation({ runId: runId!, verdict: form.verdict, rationale: form.rationale, reviewer: form.reviewer, tags })
                    .then(() => (run.reload(), runs.reload(), setForm({ ...form, rationale: '', tags: '' }), setError(null)), (err: Error) => setError(err.message));
                }}
              >
                <fieldset>
                  <legend>Verdict on run {runId}</legend>
                  {VERDICTS.map((v) => (
                    <label key={v} className="inline">
                      <input type="radio" name="verdict" value={v} checked={form.verdict === v} onChange={() => setForm({ ...form, verdict: v })} /> {VERDICT_NAMES[v]}
                    </label>
                  ))}
                </fieldset>
                <label>
                  Rationale <textarea value={form.rationale} onChange={(e) => setForm({ ...form, rationale: e.target.value })} required rows={3} />
                </label>
                <label>
                  Tags (comma-separated) <input value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} />
                </label>
                <label>
                  Reviewer <input value={form.reviewer} onChange={(e) => setForm({ ...form, reviewer: e.target.value })} required />
                </label>
                <button type="submit">Record verdict</button>
              </form>
              {run.data.annotations.length > 0 && (
                <div className="card">
                  <h4>History</h4>
                  <ol className="history">
                    {run.data.annotations.map((a) => (
                      <li key={a.id}>
                        <strong>{VERDICT_NAMES[a.verdict]}</strong> by {a.reviewer}, {new Date(a.createdAt).toLocaleString()} (version {a.version}){a.tags.length ? ` · ${a.tags.join(', ')}` : ''}
                        <p>{a.rationale}</p>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}
