import type { ExplanationRun } from '../../../shared/domain/explanation';
import { guaranteeSummary } from '../../../shared/engine/sampleGuarantee';

/** A badge in the run's header: whether another run would choose the same features. */
export function GuaranteeBadge({ runs }: { runs: ExplanationRun[] }) {
  const summary = guaranteeSummary(runs);
  if (!summary) return null;
  return (
    <p className={`badge ${summary.stable ? 'ok' : 'warning'}`} role="status">
      {summary.stable ? '✔ ' : '⚠ '}
      {summary.text}
    </p>
  );
}

/** Each selection step of the first seed for this label: who led, by how much, against what was needed. */
export function GuaranteeSteps({ run, label }: { run: ExplanationRun; label: number | null }) {
  const g = run.guarantee;
  const steps = g?.labels.find((l) => l.label === label)?.steps;
  if (!g || !steps) return null;
  return (
    <details className="guarantee">
      <summary>
        Sample guarantee: {g.samples} samples after {g.checks} checks
      </summary>
      <table>
        <caption className="sr-only">Forward selection steps and their tests</caption>
        <thead>
          <tr>
            <th scope="col">step</th>
            <th scope="col">chosen</th>
            <th scope="col">best left out</th>
            <th scope="col">z</th>
            <th scope="col">p</th>
            <th scope="col">needed below</th>
            <th scope="col">stable</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.step} className={s.passed ? '' : 'warn'}>
              <td>{s.step}</td>
              <td>{s.name}</td>
              <td>{s.runnerUpName ?? '—'}</td>
              <td>{Number.isFinite(s.statistic) ? s.statistic.toFixed(2) : '∞'}</td>
              <td>{s.pValue > 0 ? s.pValue.toPrecision(2) : '< 1e-16'}</td>
              <td>{s.level.toPrecision(2)}</td>
              <td>{s.passed ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
