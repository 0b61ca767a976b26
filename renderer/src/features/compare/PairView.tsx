import type { RunComparison } from '../../../../shared/engine/compareRuns';
import { differenceBars } from '../../charts/charts.data';
import { WeightsChart } from '../../charts/WeightsChart';

/** Two explanations of one instance side by side: the prediction, the weight differences, the ranks. */
export function PairView({ comparison, names = ['A', 'B'] }: { comparison: RunComparison; names?: [string, string] }) {
  const bars = differenceBars(comparison);
  return (
    <div className="card" aria-label={`Runs ${comparison.runIds[0]} and ${comparison.runIds[1]}`}>
      <p role="status" className={comparison.predictionFlip ? 'warning' : 'ok'}>
        Runs {comparison.runIds[0]} ({names[0]}) and {comparison.runIds[1]} ({names[1]}).{' '}
        {comparison.sameInstance ? 'Same instance. ' : 'Different instances. '}
        {comparison.predictionFlip
          ? `The prediction flips: ${comparison.predictedA} → ${comparison.predictedB}.`
          : `Both predict ${comparison.predictedA}${comparison.predictedA === comparison.predictedB ? '' : ` (${comparison.predictedB})`}.`}{' '}
        {(comparison.topOverlap * 100).toFixed(0)} % of {names[0]}'s top 5 features are in {names[1]}'s top 5.
      </p>
      <WeightsChart
        bars={bars.map((b) => ({ name: b.name, weight: b.difference, low: null, high: null }))}
        title={`Weight differences, ${names[1]} minus ${names[0]}`}
        valueName={`${names[1]} − ${names[0]}`}
      />
      <div className="table-wrap">
        <table>
          <caption>Weights and ranks in each run (rank 1 = strongest)</caption>
          <thead>
            <tr>
              <th scope="col">feature</th>
              <th scope="col">weight {names[0]}</th>
              <th scope="col">weight {names[1]}</th>
              <th scope="col">difference</th>
              <th scope="col">rank {names[0]}</th>
              <th scope="col">rank {names[1]}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.features.map((f) => (
              <tr key={f.name}>
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
      </div>
    </div>
  );
}
