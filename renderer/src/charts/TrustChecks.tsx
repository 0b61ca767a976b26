import type { RunDetail } from '../../../shared/contract/api';
import { describeSweep } from '../../../shared/engine/kernelWidthSweep';
import { describeAgreement } from '../../../shared/engine/methodAgreement';
import { weightBars } from './charts.data';
import { WeightsChart } from './WeightsChart';

/**
 * What a run was checked against beside its own seeds: KernelSHAP of the same instance and how far it
 * agrees with LIME on the label shown (method both), and the kernel-width sweep that chose the width
 * (kernel width auto). Nothing when the run has neither.
 */
export function TrustChecks({ run, label }: { run: RunDetail; label: number | null }) {
  const shap = run.kernelShap?.explanations.find((e) => e.label === label) ?? null;
  const agreement = run.agreement?.find((a) => a.label === label) ?? null;
  const sweep = run.kernelWidthSweep ?? null;
  if (!shap && !sweep) return null;
  const reading = agreement ? describeAgreement(agreement) : null;
  const sweepReading = sweep ? describeSweep(sweep) : null;
  return (
    <section className="trust-checks" aria-label="Trust checks">
      {shap && (
        <div className="run-grid">
          <div>
            <h4>LIME against KernelSHAP</h4>
            {agreement && (
              <dl className="facts">
                <dt>Rank correlation (Spearman)</dt>
                <dd>{agreement.rankCorrelation.toFixed(2)}</dd>
                <dt>Top-{agreement.topK} features shared</dt>
                <dd>
                  {Math.round(agreement.topKOverlap * agreement.topK)} of {agreement.topK}
                </dd>
                <dt>KernelSHAP coalitions</dt>
                <dd>{run.kernelShap!.neighbourhood?.samples ?? '—'}</dd>
              </dl>
            )}
            {reading && (
              <p
                role={reading.level === 'disagree' ? 'alert' : 'status'}
                className={reading.level === 'disagree' ? 'warning' : reading.level === 'agree' ? 'ok' : ''}
              >
                {reading.summary}
              </p>
            )}
          </div>
          <WeightsChart
            bars={weightBars(shap, null, 10)}
            title={`KernelSHAP values for ${shap.labelName ?? 'the predicted value'} (largest 10)`}
            valueName="SHAP value"
          />
        </div>
      )}
      {sweep && (
        <div>
          <h4>Kernel width sweep</h4>
          <p role={sweepReading!.weak ? 'alert' : undefined} className={sweepReading!.weak ? 'warning' : 'muted'}>
            {sweepReading!.summary}
          </p>
          <table className="sweep">
            <thead>
              <tr>
                <th scope="col">Kernel width</th>
                <th scope="col">Held-out R²</th>
                <th scope="col">Stability index</th>
                <th scope="col">Meets the target</th>
              </tr>
            </thead>
            <tbody>
              {sweep.widths.map((w) => (
                <tr
                  key={w.width}
                  className={w.width === sweep.chosen ? 'chosen' : undefined}
                  aria-current={w.width === sweep.chosen ? 'true' : undefined}
                >
                  <td>
                    {w.width.toFixed(3)}
                    {w.width === sweep.chosen ? ' (chosen)' : ''}
                  </td>
                  <td>{w.heldOutScore.toFixed(3)}</td>
                  <td>{w.stabilityIndex.toFixed(2)}</td>
                  <td>{w.heldOutScore >= sweep.target ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
