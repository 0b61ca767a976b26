import { useState } from 'react';
import type { RunComparison } from '../../../../shared/engine/compareRuns';
import type { Client } from '../../api/client';
import { differenceBars } from '../../charts/charts.data';
import { WeightsChart } from '../../charts/WeightsChart';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { ModelHeatmap } from './ModelHeatmap';
import { Field } from '../../components/Field';

/** Compare: one instance under two runs (two model versions, or two seeds): weight differences, ranks, flips. */
export function CompareScreen({ api }: { api: Client }) {
  const runs = useAsync(() => api.listRuns({ limit: 500 }), []);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const option = (r: NonNullable<typeof runs.data>[number]) => (
    <option key={r.id} value={r.id}>
      run {r.id} · {r.modelFamily} {r.modelVersion} · row {r.row ?? '—'} · {r.labelName ?? 'value'}
    </option>
  );
  const bars = comparison ? differenceBars(comparison) : [];
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <ErrorNote error={runs.error ?? error} />
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          api.compareRuns({ runIds: [a!, b!] }).then((c) => (setComparison(c), setError(null)), (err: Error) => setError(err.message));
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
      {comparison && (
        <>
          <p role="status" className={comparison.predictionFlip ? 'warning' : 'ok'}>
            {comparison.sameInstance ? 'Same instance. ' : 'Different instances. '}
            {comparison.predictionFlip ? `The prediction flips: ${comparison.predictedA} → ${comparison.predictedB}.` : `Both predict ${comparison.predictedA}.`} {(comparison.topOverlap * 100).toFixed(0)} % of A's top 5 features are in B's top 5.
          </p>
          <WeightsChart bars={bars.map((b) => ({ name: b.name, weight: b.difference, low: null, high: null }))} title="Weight differences, B minus A" valueName="B − A" />
          <table>
            <caption>Weights and ranks in each run (rank 1 = strongest)</caption>
            <thead>
              <tr>
                <th scope="col">feature</th>
                <th scope="col">weight A</th>
                <th scope="col">weight B</th>
                <th scope="col">B − A</th>
                <th scope="col">rank A</th>
                <th scope="col">rank B</th>
              </tr>
            </thead>
            <tbody>
              {comparison.features.map((f) => (
                <tr key={f.feature}>
                  <td>{f.name}</td>
                  <td>{f.weightA.toFixed(4)}</td>
                  <td>{f.weightB.toFixed(4)}</td>
                  <td>{f.difference.toFixed(4)}</td>
                  <td>{f.rankA ?? '—'}</td>
                  <td>{f.rankB ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <ModelHeatmap api={api} />
    </section>
  );
}
