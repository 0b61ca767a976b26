import { useState } from 'react';
import type { RunDetail } from '../../../shared/contract/api';
import type { LabelExplanation } from '../../../shared/domain/explanation';
import { fidelityOf, predictionBars, weightBars } from './charts.data';
import { GuaranteeBadge, GuaranteeSteps } from './GuaranteePanel';
import { ImageOverlay } from './ImageOverlay';
import { PredictionBars } from './PredictionBars';
import { TextHighlight } from './TextHighlight';
import { StabilityTable } from './StabilityTable';
import { TrustChecks } from './TrustChecks';
import { WeightsChart } from './WeightsChart';
import { Field } from '../components/Field';

type Stability = NonNullable<RunDetail['stability']>['labels'][number];

/** One saved run: which label it explains, prediction, fidelity in plain sight, weights, stability, the instance. */
export function RunView({ run }: { run: RunDetail }) {
  const first = run.runs[0];
  const [labelIndex, setLabelIndex] = useState(0);
  const explanation = first.explanations[Math.min(labelIndex, first.explanations.length - 1)];
  const stability = run.stability?.labels[labelIndex] ?? null;
  return (
    <section className="run-view" aria-label={`Run ${run.id}`}>
      <RunHeader run={run} explanation={explanation} />
      <div className="run-grid">
        <div>
          <h4>Prediction</h4>
          <PredictionBars bars={predictionBars(run.prediction, run.model.classNames, run.model.task)} />
          <FidelityFacts run={run} explanation={explanation} stability={stability} />
        </div>
        <div>
          {first.explanations.length > 1 && (
            <Field label="Label explained">
              <select value={labelIndex} onChange={(e) => setLabelIndex(Number(e.target.value))}>
                {first.explanations.map((e, i) => (
                  <option key={i} value={i}>
                    {e.labelName}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <WeightsChart bars={weightBars(explanation, stability)} title={weightsTitle(run, explanation, stability)} />
          {stability && <StabilityTable stability={stability} runs={run.stability!.runs} />}
          <GuaranteeSteps run={run.runs[0]} label={explanation.label} />
        </div>
      </div>
      <TrustChecks run={run} label={explanation.label} />
      <InstanceView run={run} explanation={explanation} />
    </section>
  );
}

/** Which run, of which model and row, explaining which label, and how it was made. */
function RunHeader({ run, explanation }: { run: RunDetail; explanation: LabelExplanation }) {
  return (
    <header>
      <h3>
        Run {run.id} · {run.model.family} {run.model.versionLabel} · row {run.row ?? '—'}
      </h3>
      <p className="explaining">
        Explaining{' '}
        {explanation.labelName === null ? (
          'the predicted value'
        ) : (
          <>
            <em>{explanation.labelName}</em> (label {explanation.label})
          </>
        )}
      </p>
      <GuaranteeBadge runs={run.runs} />
      <p className="muted">
        {methodName(run.params.method)} · seed {run.seed} ·{' '}
        {run.runs[0].guarantee ? 'auto' : String(run.params.numSamples)} samples · kernel width{' '}
        {Number(run.params.kernelWidth).toFixed(3)} · {new Date(run.createdAt).toLocaleString()}
      </p>
    </header>
  );
}

/** How far the surrogate can be trusted here: at the instance, nearby, on fresh samples and over seeds. */
function FidelityFacts({
  run,
  explanation,
  stability,
}: {
  run: RunDetail;
  explanation: LabelExplanation;
  stability: Stability | null;
}) {
  const neighbourhood = run.runs[0].neighbourhood;
  const fidelity = fidelityOf(explanation);
  return (
    <>
      <h4>Fidelity</h4>
      <dl className="facts">
        <dt>Model at the instance</dt>
        <dd>{explanation.modelPrediction.toFixed(4)}</dd>
        <dt>Surrogate at the instance</dt>
        <dd>{explanation.localPrediction.toFixed(4)}</dd>
        <dt>Weighted R² (score)</dt>
        <dd>{explanation.score.toFixed(3)}</dd>
        {explanation.heldOut && (
          <>
            <dt>Held-out R² ({explanation.heldOut.samples} fresh samples)</dt>
            <dd>{explanation.heldOut.score.toFixed(3)}</dd>
          </>
        )}
        {neighbourhood && (
          <>
            <dt>Effective sample size</dt>
            <dd>
              {neighbourhood.effectiveSampleSize.toFixed(0)} of {neighbourhood.samples}
            </dd>
          </>
        )}
        {stability ? (
          <>
            <dt>Stability index (0–1)</dt>
            <dd>{stability.index.toFixed(2)}</dd>
            <dt>Top-{stability.topK} features common to all runs</dt>
            <dd>{(stability.topKCommonShare * 100).toFixed(0)} %</dd>
          </>
        ) : (
          <>
            <dt>Stability</dt>
            <dd className="note">not measured: one seed (explain with several runs to measure it)</dd>
          </>
        )}
      </dl>
      <p role={fidelity.flagged ? 'alert' : 'status'} className={fidelity.flagged ? 'warning' : 'ok'}>
        {fidelity.summary}
      </p>
    </>
  );
}

/** The explained instance: its text highlighted, its image overlaid, or its values. */
function InstanceView({ run, explanation }: { run: RunDetail; explanation: LabelExplanation }) {
  if (run.modality === 'text' && typeof run.instance.text === 'string')
    return <TextHighlight text={run.instance.text} explanation={explanation} />;
  if (run.modality === 'image' && run.picture && typeof run.instance.segmentation === 'string')
    return (
      <ImageOverlay
        picture={run.picture}
        segmentation={run.instance.segmentation}
        width={Number(run.instance.width)}
        height={Number(run.instance.height)}
        explanation={explanation}
      />
    );
  if (run.modality !== 'tabular') return null;
  return (
    <details>
      <summary>Instance values</summary>
      <table className="values">
        <tbody>
          {Object.entries(run.instance).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function weightsTitle(run: RunDetail, explanation: LabelExplanation, stability: Stability | null): string {
  const over = stability ? ` (mean over ${run.stability!.runs} runs, 95 % intervals)` : '';
  return `Weights for ${explanation.labelName ?? 'the predicted value'}${over}`;
}

function methodName(method: unknown): string {
  return method === 'kernel-shap' ? 'KernelSHAP' : method === 'both' ? 'LIME, with KernelSHAP beside it' : 'LIME';
}
