import { useState } from 'react';
import type { Client } from '../../api/client';
import { heatmapData, type Heatmap } from '../../charts/charts.data';
import { OPPOSES, SUPPORTS } from '../../../../shared/report/palette';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { useAsync } from '../../components/useAsync';
import { ModelOptions } from '../../components/ModelOptions';

const PAGE = 40;

/** One model's explanations side by side: instances × input columns as a heatmap, and aggregate importance. */
export function ModelHeatmap({ api }: { api: Client }) {
  const models = useAsync(() => api.listModels({}), []);
  const [modelId, setModelId] = useState<number | null>(null);
  const [heatmap, setHeatmap] = useState<Heatmap | null>(null);
  const [page, setPage] = useState({ offset: 0, total: 0 });
  const [error, setError] = useState<string | null>(null);
  // A page of explanations at a time: an audit of 100,000 runs never comes into the page whole.
  const load = async (id: number, offset = 0) => {
    setModelId(id);
    const { runs, total } = await api.listRuns({ modelId: id, limit: PAGE, offset });
    setPage({ offset, total });
    const details = await Promise.all(runs.map((r) => api.getRun({ runId: r.id })));
    setHeatmap(
      heatmapData(
        details.map((d) => ({
          id: d.id,
          row: d.row,
          explanation: d.runs[0].explanations[0],
          modality: d.modality,
          columns: Object.keys(d.instance),
        })),
      ),
    );
  };
  const colour = (w: number | null, scale: number) => {
    if (w === null || scale === 0) return 'transparent';
    const alpha = Math.round(30 + 225 * Math.min(1, Math.abs(w) / scale))
      .toString(16)
      .padStart(2, '0');
    return `${w >= 0 ? SUPPORTS : OPPOSES}${alpha}`;
  };
  return (
    <section aria-labelledby="heatmap-title" className="card">
      <h3 id="heatmap-title">Many instances under one model</h3>
      <ErrorNote error={models.error ?? error} />
      <Field label="Model">
        <select
          value={modelId ?? ''}
          onChange={(e) => void load(Number(e.target.value)).catch((err: Error) => setError(err.message))}
        >
          <option value="" disabled>
            choose…
          </option>
          <ModelOptions models={models.data} />
        </select>
      </Field>
      {heatmap && heatmap.rows.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="heatmap">
              <caption>
                Weight of each input column in each explanation (rows): the sum of its features' weights; blank: not
                selected
              </caption>
              <thead>
                <tr>
                  <th scope="col">run · row</th>
                  {heatmap.features.map((f) => (
                    <th key={f} scope="col" className="rotated">
                      <span>{f}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {heatmap.rows.map((r) => (
                  <tr key={r.runId}>
                    <th scope="row">
                      {r.runId} · {r.row ?? '—'}
                    </th>
                    {r.weights.map((w, i) => (
                      <td
                        key={i}
                        style={{ backgroundColor: colour(w, heatmap.scale) }}
                        title={w === null ? 'not selected' : w.toFixed(4)}
                      >
                        {w === null ? '' : w.toFixed(2)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Heatmap pages" className="pager">
            <span>
              Explanations {page.offset + 1}–{page.offset + heatmap.rows.length} of {page.total}, newest first
            </span>
            <button
              type="button"
              disabled={page.offset === 0}
              onClick={() =>
                void load(modelId!, Math.max(0, page.offset - PAGE)).catch((e: Error) => setError(e.message))
              }
            >
              Newer {PAGE}
            </button>
            <button
              type="button"
              disabled={page.offset + PAGE >= page.total}
              onClick={() => void load(modelId!, page.offset + PAGE).catch((e: Error) => setError(e.message))}
            >
              Older {PAGE}
            </button>
          </nav>
          <h4>Aggregate importance (mean |weight| over these {heatmap.rows.length} explanations)</h4>
          <ol className="importance">
            {heatmap.importance.slice(0, 10).map((f) => (
              <li key={f.name}>
                <span
                  className="bar"
                  style={{ width: `${(f.meanAbs / heatmap.importance[0].meanAbs) * 100}%` }}
                  aria-hidden="true"
                />
                {f.name} — {f.meanAbs.toFixed(4)}
              </li>
            ))}
          </ol>
        </>
      )}
      {heatmap && heatmap.rows.length === 0 && <p className="muted">No saved explanations of this model yet.</p>}
    </section>
  );
}
