import { useState } from 'react';
import type { ApiArgs } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import { parseRows } from '../../charts/charts.data';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';
import { useAsync } from '../../components/useAsync';

/** A new comparison study: two models, the data, the rows (a list, a cohort filter or an SP-LIME pick) and the sampling. */
export function StudyForm({ api, onStart }: { api: Client; onStart: (args: ApiArgs<'createStudy'>) => void }) {
  const models = useAsync(() => api.listModels({}), []);
  const datasets = useAsync(() => api.listDatasets({}), []);
  const picks = useAsync(() => api.listPicks({}), []);
  const [form, setForm] = useState({
    a: '',
    b: '',
    data: '',
    train: '',
    labelColumn: '',
    selection: 'rows' as 'rows' | 'where' | 'pick',
    rows: '',
    where: '',
    pick: '',
    samples: '1000',
    seed: '0',
  });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const tables = datasets.data?.filter((d) => d.kind !== 'images') ?? [];
  const dataset = datasets.data?.find((d) => d.id === Number(form.data));
  const picksOf = picks.data?.filter((p) => p.datasetId === Number(form.data)) ?? [];
  const submit = () => {
    const base = {
      modelAId: Number(form.a),
      modelBId: Number(form.b),
      datasetId: Number(form.data),
      params: { numSamples: Number(form.samples), seed: Number(form.seed) },
    };
    if (base.modelAId === base.modelBId)
      return setError('Models: expected two different models (A and B), found the same one twice.');
    const args: ApiArgs<'createStudy'> = {
      ...base,
      ...(form.train ? { trainDatasetId: Number(form.train) } : {}),
      ...(form.labelColumn ? { labelColumn: form.labelColumn } : {}),
    };
    if (form.selection === 'rows') {
      const rows = parseRows(form.rows, dataset?.rowCount ?? 0);
      if (!rows)
        return setError(
          `Rows: expected numbers or ranges within 0–${(dataset?.rowCount ?? 1) - 1}, such as 0-113; found “${form.rows}”.`,
        );
      args.rows = rows;
    } else if (form.selection === 'pick') args.pickSeq = Number(form.pick);
    else args.where = form.where;
    setError(null);
    onStart(args);
  };
  return (
    <form
      className="params"
      aria-labelledby="new-study-title"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4 id="new-study-title">New study</h4>
      <ErrorNote error={models.error ?? datasets.error ?? picks.error ?? error} />
      {(['a', 'b'] as const).map((side) => (
        <Field key={side} label={`Model ${side.toUpperCase()}`}>
          <select value={form[side]} onChange={set(side)} required>
            <option value="" disabled>
              choose…
            </option>
            <ModelOptions models={models.data} />
          </select>
        </Field>
      ))}
      <Field label="Data">
        <select value={form.data} onChange={set('data')} required>
          <option value="" disabled>
            choose…
          </option>
          {tables.map((d) => (
            <option key={d.id} value={d.id}>
              {d.path.split(/[\\/]/).pop()} ({d.rowCount} rows)
            </option>
          ))}
        </select>
      </Field>
      <Field label="Training data" hint="tables: where the sampling statistics come from">
        <select value={form.train} onChange={set('train')}>
          <option value="">the data itself</option>
          {tables.map((d) => (
            <option key={d.id} value={d.id}>
              {d.path.split(/[\\/]/).pop()}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Label column" hint="the ground-truth column to leave out, if any">
        <select value={form.labelColumn} onChange={set('labelColumn')}>
          <option value="">guess</option>
          {dataset?.columns.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
      <Field label="Rows by">
        <select value={form.selection} onChange={set('selection')}>
          <option value="rows">row numbers</option>
          <option value="where">a cohort filter</option>
          <option value="pick">an SP-LIME pick</option>
        </select>
      </Field>
      {form.selection === 'pick' ? (
        <Field label="Pick" hint="the rows SP-LIME picked on this data">
          <select value={form.pick} onChange={set('pick')} required>
            <option value="" disabled>
              {picksOf.length ? 'choose…' : 'no pick on this data yet'}
            </option>
            {picksOf.map((p) => (
              <option key={p.seq} value={p.seq}>
                rows {p.rows.join(', ')} of {p.candidates} candidates ({new Date(p.at).toLocaleString()})
              </option>
            ))}
          </select>
        </Field>
      ) : form.selection === 'rows' ? (
        <Field label="Rows" hint="such as 0-113 or 0-9, 20">
          <input value={form.rows} onChange={set('rows')} required />
        </Field>
      ) : (
        <Field label="Cohort filter" hint={'such as `worst area` > 700 and label = 0'}>
          <input value={form.where} onChange={set('where')} required size={40} />
        </Field>
      )}
      <Field label="Samples per explanation">
        <input type="number" min={100} max={100000} value={form.samples} onChange={set('samples')} required />
      </Field>
      <Field label="Seed" hint="row k uses seed + k under both models">
        <input type="number" min={0} value={form.seed} onChange={set('seed')} required />
      </Field>
      <button type="submit">Start the study</button>
    </form>
  );
}
