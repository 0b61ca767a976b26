import { useState } from 'react';
import type { ApiArgs } from '../../../../shared/contract/api';
import type { RunSummary } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import { RunView } from '../../charts/RunView';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { VERDICT_NAMES, VerdictForm, VerdictHistory } from '../../components/Verdict';
import { BulkVerdict, type Selection } from './BulkVerdict';
import { ReviewFilters, type Filter } from './ReviewFilters';

/** Runs per page: the page holds a few hundred rows at most, however large the audit. */
export const REVIEW_PAGE = 100;

/**
 * Review: the audit's runs a page at a time, filtered and sorted in the backend, with their total; one run's
 * explanation with its verdict and history; one verdict on many runs (the ones ticked, or every run that
 * passes the filters).
 */
export function ReviewScreen({ api }: { api: Client }) {
  const [filter, setFilter] = useState<Filter>({});
  const [offset, setOffset] = useState(0);
  const [selection, setSelection] = useState<Selection>({ kind: 'runs', runIds: [] });
  const [generation, setGeneration] = useState(0);
  const page = useAsync(() => api.listRuns({ ...filter, offset, limit: REVIEW_PAGE }), [filter, offset, generation]);
  const models = useAsync(() => api.listModels({}), []);
  const [runId, setRunId] = useState<number | null>(null);
  const run = useAsync(() => (runId === null ? Promise.resolve(null) : api.getRun({ runId })), [runId, generation]);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => setGeneration((g) => g + 1);
  const changeFilter = (next: Filter) => {
    setFilter(next);
    setOffset(0);
    setSelection({ kind: 'runs', runIds: [] });
  };
  const saveVerdict = (verdict: Omit<ApiArgs<'saveAnnotation'>, 'runId'>) =>
    api.saveAnnotation({ runId: runId!, ...verdict }).then(
      () => {
        refresh();
        setError(null);
      },
      (err: Error) => {
        setError(err.message);
        throw err;
      },
    );
  const total = page.data?.total ?? 0;
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <ErrorNote error={page.error ?? run.error ?? error} />
      <ReviewFilters filter={filter} onChange={changeFilter} models={models.data} runs={page.data?.runs ?? null} />
      <BulkVerdict
        api={api}
        selection={selection}
        matching={total}
        filter={filter}
        onSelectAll={() => setSelection({ kind: 'all' })}
        onDone={() => {
          setSelection({ kind: 'runs', runIds: [] });
          refresh();
        }}
      />
      <div className="split review">
        {page.data?.total === 0 ? (
          <p className="muted" role="status">
            {Object.values(filter).some((v) => v !== undefined && v !== 'newest')
              ? 'No explanation matches these filters.'
              : 'No explanations in this audit yet: explain rows on the Explain screen, then review them here.'}
          </p>
        ) : (
          <div>
            <RunsTable
              runs={page.data?.runs ?? null}
              openRunId={runId}
              onOpen={setRunId}
              selection={selection}
              onSelect={setSelection}
              total={total}
            />
            <Pager offset={offset} total={total} onOffset={setOffset} />
          </div>
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

/** One page of the runs that pass the filters, each opened by its number and ticked for a bulk verdict. */
function RunsTable({
  runs,
  openRunId,
  onOpen,
  selection,
  onSelect,
  total,
}: {
  runs: RunSummary[] | null;
  openRunId: number | null;
  onOpen: (runId: number) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  total: number;
}) {
  const ticked = (id: number) => selection.kind === 'all' || selection.runIds.includes(id);
  const toggle = (id: number, on: boolean) =>
    onSelect({
      kind: 'runs',
      runIds: on
        ? [...(selection.kind === 'runs' ? selection.runIds : []), id]
        : (selection.kind === 'runs' ? selection.runIds : (runs ?? []).map((r) => r.id)).filter((x) => x !== id),
    });
  const pageIds = (runs ?? []).map((r) => r.id);
  const wholePage = pageIds.length > 0 && pageIds.every(ticked);
  return (
    <div className="table-wrap runs">
      <table>
        <caption className="sr-only">Runs of this audit, {total} in all</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select the runs of this page"
                checked={wholePage}
                onChange={(e) => onSelect({ kind: 'runs', runIds: e.target.checked ? pageIds : [] })}
              />
            </th>
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
                <input
                  type="checkbox"
                  aria-label={`Select run ${r.id}`}
                  checked={ticked(r.id)}
                  onChange={(e) => toggle(r.id, e.target.checked)}
                />
              </td>
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

/** Which runs of the total are shown, and the way to the others. */
function Pager({ offset, total, onOffset }: { offset: number; total: number; onOffset: (offset: number) => void }) {
  return (
    <div className="toolbar pager">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - REVIEW_PAGE))}>
        Previous
      </button>
      <span className="muted" role="status">
        {total === 0 ? 0 : offset + 1}–{Math.min(offset + REVIEW_PAGE, total)} of {total} runs
      </span>
      <button type="button" disabled={offset + REVIEW_PAGE >= total} onClick={() => onOffset(offset + REVIEW_PAGE)}>
        Next
      </button>
    </div>
  );
}
