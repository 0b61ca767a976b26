import { useState } from 'react';
import type { RunSummary } from '../../../../shared/domain/audit';
import type { RunComparison } from '../../../../shared/engine/compareRuns';
import type { Client } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { useAsync } from '../../components/useAsync';
import { ModelHeatmap } from './ModelHeatmap';
import { PairView } from './PairView';

/** Two runs of one instance (two model versions, or two settings), and one model's runs as a heatmap. */
export function TwoRunsPanel({ api }: { api: Client }) {
  // The most recent 500: the runs to compare are usually the ones just made.
  const runs = useAsync(async () => (await api.listRuns({ limit: 500 })).runs, []);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const option = (r: RunSummary) => (
    <option key={r.id} value={r.id}>
      run {r.id} · {r.modelFamily} {r.modelVersion} · {r.modality} · row {r.row ?? '—'} · {r.labelName ?? 'value'}
    </option>
  );
  return (
    <>
      <ErrorNote error={runs.error ?? error} />
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setComparison(null);
          api.compareRuns({ runIds: [a!, b!] }).then(
            (c) => (setComparison(c), setError(null)),
            (err: Error) => setError(err.message),
          );
        }}
      >
        {(
          [
            ['Run A', a, setA],
            ['Run B', b, setB],
          ] as const
        ).map(([label, value, set]) => (
          <Field key={label} label={label}>
            <select value={value ?? ''} onChange={(e) => set(Number(e.target.value))} required>
              <option value="" disabled>
                choose…
              </option>
              {runs.data?.map(option)}
            </select>
          </Field>
        ))}
        <button type="submit" disabled={!a || !b}>
          Compare
        </button>
      </form>
      {comparison && <PairView comparison={comparison} />}
      <ModelHeatmap api={api} />
    </>
  );
}
