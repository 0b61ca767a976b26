import type { RunDetail } from '../../../shared/contract/api';
import type { DatasetRecord } from '../../../shared/domain/audit';
import { DEFAULT_GUARANTEE_PARAMS, type GuaranteeParams } from '../../../shared/domain/params';

/** The command that repeats a run: same model, data, row, seed (the row's own) and parameters. */
export function rerunCommand(d: RunDetail, modelPath: string, datasets: DatasetRecord[]): string {
  const p = d.params;
  const data = d.modality === 'image' ? String(d.instance.path) : (d.dataset?.path ?? '');
  const train = datasets.find((x) => x.id === d.trainDatasetId);
  const parts = ['lime-workbench explain', q(modelPath), '--data', q(data)];
  if (d.modality !== 'image') parts.push('--row', String(d.row ?? 0));
  if (train && train.id !== d.datasetId) parts.push('--train', q(train.path));
  // A width chosen by a sweep is chosen again the same way: the sweep's seeds follow the run's.
  const width = p.autoKernelWidth === true ? 'auto' : p.kernelWidth;
  const flags: [string, unknown][] = [
    ['--method', p.method === 'lime' ? undefined : p.method],
    ...guaranteeFlags(p),
    ['--num-features', p.numFeatures],
    ['--kernel-width', width],
    ['--feature-selection', p.featureSelection],
    ['--label-column', p.labelColumn],
    ['--categorical', Array.isArray(p.categorical) && p.categorical.length ? p.categorical.join(',') : undefined],
    ['--discretizer', p.discretizer],
    ['--text-mode', p.mode],
    ['--segmentation', p.segmentation === 'given' ? undefined : p.segmentation],
    ['--seed', d.seed],
    // onnxruntime's thread count decides the last bits of a tree ensemble's scores.
    ['--threads', d.runs[0]?.timing.threads],
    ['--runs', p.runs],
    ['--labels', Array.isArray(p.labels) ? p.labels.join(',') : undefined],
    ['--top-labels', p.topLabels],
  ];
  for (const [flag, value] of flags) if (value !== undefined && value !== null) parts.push(flag, flagText(value));
  return parts.join(' ');
}

const q = (s: string) => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** A saved parameter as the command line takes it: numbers and words as they are, anything else as JSON. */
function flagText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** --num-samples N, or auto with the guarantee's settings where they differ from the defaults. */
function guaranteeFlags(p: Record<string, unknown>): [string, unknown][] {
  const g = p.guarantee as GuaranteeParams | null | undefined;
  if (!g) return [['--num-samples', p.numSamples]];
  return [
    ['--num-samples', 'auto'],
    ['--confidence', g.confidence === DEFAULT_GUARANTEE_PARAMS.confidence ? undefined : g.confidence],
    ['--max-samples', g.maxSamples === DEFAULT_GUARANTEE_PARAMS.maxSamples ? undefined : g.maxSamples],
    ['--time-budget', g.timeBudgetMs === null ? undefined : `${g.timeBudgetMs}ms`],
  ];
}
