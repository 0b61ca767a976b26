import type { ExplanationDocument } from '../../shared/contract/explanationDocument';
import type { LabelExplanation, LabelStability } from '../../shared/domain/explanation';
import { surrogateMiss } from '../../shared/engine/heldOutFidelity';
import { describeSweep } from '../../shared/engine/kernelWidthSweep';
import { describeAgreement } from '../../shared/engine/methodAgreement';

const signed = (v: number, digits = 4) => (v >= 0 ? '+' : '') + v.toFixed(digits);

/** A person's view of one explanation: prediction, each label's weights, fidelity, stability, timing. */
export function formatExplanationText(doc: ExplanationDocument, dataPath: string): string {
  const lines: string[] = [];
  lines.push(`Model      ${doc.model.path}  (sha256 ${doc.model.sha256.slice(0, 12)}…)`);
  lines.push(`Instance   row ${doc.instance.row} of ${dataPath}`);
  if (doc.instance.text !== undefined)
    lines.push(
      `Text       ${JSON.stringify(doc.instance.text.length > 160 ? `${doc.instance.text.slice(0, 160)}…` : doc.instance.text)}`,
    );
  if (doc.instance.image)
    lines.push(
      `Image      ${doc.instance.image.width}×${doc.instance.image.height}, ${doc.instance.image.segments} segments`,
    );
  if ('value' in doc.prediction) lines.push(`Predicted  ${doc.prediction.value.toFixed(4)}`);
  else {
    const p = doc.prediction;
    lines.push(`Predicted  ${p.probabilities.map((v, i) => `${p.classNames[i]} ${v.toFixed(3)}`).join(' · ')}`);
  }
  const p = doc.params;
  lines.push(
    `Settings   ${p.guarantee ? `auto samples (from ${p.numSamples})` : `${p.numSamples} samples`}, kernel width ${p.kernelWidth.toFixed(3)}, ${featureKind(doc)} features, ` +
      `${p.featureSelection} selection, ${p.numFeatures} features, seed ${p.seed}${p.runs > 1 ? `, ${p.runs} runs` : ''}`,
  );
  const first = doc.runs[0];
  lines.push(...guaranteeLines(doc));
  for (const [li, e] of first.explanations.entries()) {
    lines.push('');
    lines.push(labelHeader(e));
    lines.push(
      `  fidelity: score (weighted R²) ${e.score.toFixed(3)}, surrogate at the instance ${e.localPrediction.toFixed(4)} against the model's ${e.modelPrediction.toFixed(4)}, intercept ${e.intercept.toFixed(4)}`,
    );
    if (e.heldOut)
      lines.push(
        `  held-out fidelity: weighted R² ${e.heldOut.score.toFixed(3)}, RMSE ${e.heldOut.rmse.toFixed(4)} on ${e.heldOut.samples} fresh samples`,
      );
    const hood = first.neighbourhood;
    if (hood)
      lines.push(
        `  locality: the kernel weights are worth ${hood.effectiveSampleSize.toFixed(0)} of the ${hood.samples} samples (effective sample size)`,
      );
    const { gap, flagged } = surrogateMiss(e);
    if (flagged)
      lines.push(
        `  ⚠ the surrogate misses the model at the instance by ${gap.toFixed(3)}: read these weights with care`,
      );
    const agreement = doc.agreement?.find((x) => x.label === e.label);
    if (agreement) lines.push(`  ${describeAgreement(agreement).summary}`);
    const stability = doc.stability?.labels[li];
    if (stability) lines.push(...stabilityTable(stability));
    else {
      if (li === 0 && doc.runs.length === 1)
        lines.push('  stability: not measured with one seed; --runs 5 repeats with five seeds and reports it');
      lines.push('     weight  feature');
      for (const w of e.weights) lines.push(`  ${signed(w.weight).padStart(9)}  ${w.name}`);
    }
  }
  if (doc.kernelWidthSweep) {
    const sweep = doc.kernelWidthSweep;
    lines.push('', describeSweep(sweep).summary);
    for (const w of sweep.widths)
      lines.push(
        `  width ${w.width.toFixed(3).padStart(7)}  held-out R² ${w.heldOutScore.toFixed(3)}  stability ${w.stabilityIndex.toFixed(2)}${w.width === sweep.chosen ? '  ←' : ''}`,
      );
  }
  const total = doc.runs.reduce((a, r) => a + r.timing.totalMs, 0);
  const inference = doc.runs.reduce((a, r) => a + r.timing.inferenceMs, 0);
  lines.push('');
  lines.push(`Time       ${total.toFixed(1)} ms, of which ${inference.toFixed(1)} ms in the model`);
  return lines.join('\n');
}

function featureKind(doc: ExplanationDocument): string {
  const p = doc.params;
  if (doc.modality === 'text') return `${p.mode ?? 'bow'} word`;
  if (doc.modality === 'image') return `${p.segmentation ?? 'given'} segment`;
  return p.discretizer === 'none' ? 'continuous' : (p.discretizer ?? 'quartile');
}

function labelHeader(e: LabelExplanation): string {
  return e.label === null ? 'Explaining the predicted value' : `Explaining label ${e.labelName} (${e.label})`;
}

function stabilityTable(s: LabelStability): string[] {
  const lines = [
    `  stability over runs: index ${s.index.toFixed(2)} (0–1); ${(s.topKCommonShare * 100).toFixed(0)} % of the top ${s.topK} features common to all runs`,
  ];
  lines.push('       mean   95 % interval        signs  selected  feature');
  for (const f of s.features) {
    lines.push(
      `  ${signed(f.mean).padStart(9)}  [${signed(f.low)}, ${signed(f.high)}]  ${(f.signAgreement * 100).toFixed(0).padStart(4)} %  ${(f.selectedShare * 100).toFixed(0).padStart(6)} %  ${f.name}`,
    );
  }
  return lines;
}

/** With --num-samples auto: each run's samples and verdict, and the steps that did not pass. */
function guaranteeLines(doc: ExplanationDocument): string[] {
  const lines: string[] = [];
  for (const run of doc.runs) {
    const g = run.guarantee;
    if (!g) continue;
    const seed = doc.runs.length > 1 ? ` (seed ${run.seed})` : '';
    lines.push(`Guarantee${seed}  ${g.samples} samples after ${g.checks} checks: ${g.verdict}`);
    for (const label of g.labels)
      for (const s of label.steps.filter((x) => !x.passed))
        lines.push(
          `  step ${s.step}${g.labels.length > 1 ? ` of ${label.labelName ?? 'the value'}` : ''}: ${s.name} ahead of ${s.runnerUpName ?? '—'} by z = ${s.statistic.toFixed(2)} (p = ${s.pValue.toPrecision(2)}, needed below ${s.level.toPrecision(2)})`,
        );
  }
  return lines;
}
