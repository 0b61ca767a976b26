import type { PickSummary } from '../../../../shared/contract/api';
import { WeightsChart } from '../../charts/WeightsChart';

/**
 * SP-LIME's answer: the rows to review first, each saved as a run the reviewer can open, and the
 * features' global importance over every candidate.
 */
export function PickPanel({
  pick,
  shownRunId,
  onShow,
}: {
  pick: PickSummary;
  shownRunId: number | null;
  onShow: (runId: number) => void;
}) {
  return (
    <section className="pick" aria-label="SP-LIME pick">
      <h3>Representative rows (SP-LIME)</h3>
      <p>
        Picked {pick.picks.length} of {pick.candidates} rows; together their explanations cover{' '}
        {(pick.coverage * 100).toFixed(0)} % of the features&apos; importance. Review them first.
      </p>
      <div className="run-grid">
        <table>
          <thead>
            <tr>
              <th scope="col">Pick</th>
              <th scope="col">Row</th>
              <th scope="col">Importance covered</th>
              <th scope="col">Saved run</th>
            </tr>
          </thead>
          <tbody>
            {pick.picks.map((p, i) => (
              <tr key={p.runId} className={p.runId === shownRunId ? 'selected' : undefined}>
                <td>{i + 1}</td>
                <td>{p.row}</td>
                <td>+{(p.coverageShare * 100).toFixed(0)} %</td>
                <td>
                  <button type="button" onClick={() => onShow(p.runId)} aria-pressed={p.runId === shownRunId}>
                    Show run {p.runId}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <WeightsChart
          bars={pick.importance
            .slice(0, 12)
            .map((x) => ({ name: x.name, weight: x.importance, low: null, high: null }))}
          title={`Global importance over all ${pick.candidates} candidates (√Σ|weight|)`}
          valueName="importance"
        />
      </div>
    </section>
  );
}
