import { useState } from 'react';
import type { DatasetPage } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import type { PreloadBridge } from '../../api/transports';
import { PathInput } from '../../components/PathInput';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { Field } from '../../components/Field';

const PAGE = 25;

/** Datasets: add one by path, browse its rows with search and sort, and pick instances to explain. */
export function DataScreen({
  api,
  onExplain,
  choosePath,
}: {
  api: Client;
  onExplain: (datasetId: number, rows: number[]) => void;
  choosePath?: PreloadBridge['choosePath'];
}) {
  const datasets = useAsync(() => api.listDatasets({}), []);
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const [offset, setOffset] = useState(0);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const page = useAsync(
    () =>
      datasetId === null
        ? Promise.resolve(null)
        : api.getDatasetRows({
            datasetId,
            offset,
            limit: PAGE,
            search,
            ...(sort ? { sortColumn: sort.column, sortDescending: sort.descending } : {}),
          }),
    [datasetId, offset, search, sort],
  );
  const choose = (id: number) => (setDatasetId(id), setOffset(0), setPicked(new Set()), setSort(null), setSearch(''));
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">Data</h2>
      <ErrorNote error={datasets.error ?? page.error ?? error} />
      <div className="toolbar">
        <Field label="Dataset">
          <select value={datasetId ?? ''} onChange={(e) => choose(Number(e.target.value))}>
            <option value="" disabled>
              choose…
            </option>
            {datasets.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.path.split('/').pop()} ({d.kind}, {d.rowCount} rows)
              </option>
            ))}
          </select>
        </Field>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            api.addDataset({ path }).then(
              (d) => (datasets.reload(), choose(d.id), setPath(''), setError(null)),
              (err: Error) => setError(err.message),
            );
          }}
        >
          <PathInput
            label="Add data"
            value={path}
            onChange={setPath}
            placeholder="/path/to/data.csv, .jsonl or images/"
            kinds={[
              { kind: 'data', button: 'Choose a file…' },
              { kind: 'data-folder', button: 'Choose a folder…' },
            ]}
            choosePath={choosePath}
          />
          <button type="submit">Add</button>
        </form>
      </div>
      {page.data && datasetId !== null && (
        <RowsBrowser
          page={page.data}
          search={search}
          onSearch={(text) => {
            setSearch(text);
            setOffset(0);
          }}
          sort={sort}
          onSort={setSort}
          offset={offset}
          onOffset={setOffset}
          picked={picked}
          onPicked={setPicked}
          onExplain={() =>
            onExplain(
              datasetId,
              [...picked].sort((a, b) => a - b),
            )
          }
        />
      )}
    </section>
  );
}

type Sort = { column: string; descending: boolean } | null;

/** A dataset's rows, a page at a time: search, sort by a column, pick rows to explain. */
function RowsBrowser({
  page,
  search,
  onSearch,
  sort,
  onSort,
  offset,
  onOffset,
  picked,
  onPicked,
  onExplain,
}: {
  page: DatasetPage;
  search: string;
  onSearch: (text: string) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
  offset: number;
  onOffset: (offset: number) => void;
  picked: Set<number>;
  onPicked: (picked: Set<number>) => void;
  onExplain: () => void;
}) {
  const toggle = (row: number, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(row);
    else next.delete(row);
    onPicked(next);
  };
  return (
    <>
      <div className="toolbar">
        <label>
          Search <input type="search" value={search} onChange={(e) => onSearch(e.target.value)} />
        </label>
        <span className="muted">
          {page.total} rows · {picked.size} picked
        </span>
        <button type="button" disabled={picked.size === 0} onClick={onExplain}>
          Explain the picked rows
        </button>
      </div>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">pick</th>
              <th scope="col">row</th>
              {page.columns.map((c) => (
                <th
                  key={c}
                  scope="col"
                  aria-sort={sort?.column === c ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() => onSort({ column: c, descending: sort?.column === c ? !sort.descending : false })}
                  >
                    {c}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.row}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`pick row ${r.row}`}
                    checked={picked.has(r.row)}
                    onChange={(e) => toggle(r.row, e.target.checked)}
                  />
                </td>
                <td>{r.row}</td>
                {r.cells.map((c, i) => (
                  <td key={i}>{c.length > 120 ? `${c.slice(0, 120)}…` : c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE))}>
          Previous
        </button>
        <span className="muted">
          {offset + 1}–{Math.min(offset + PAGE, page.total)} of {page.total}
        </span>
        <button type="button" disabled={offset + PAGE >= page.total} onClick={() => onOffset(offset + PAGE)}>
          Next
        </button>
      </div>
    </>
  );
}
