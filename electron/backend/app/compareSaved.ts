import type { RunDetail } from '../../../shared/contract/api';
import { invalidInput } from '../../../shared/contract/errors';
import { compareRuns, explanationsToCompare, type RunComparison } from '../../../shared/engine/compareRuns';
import type { BackendContext } from './backendContext';
import { runDetail } from './runDetail';

/** Two saved runs of one instance compared feature by feature (their feature spaces checked first). */
export async function compareSavedRuns(ctx: BackendContext, runIds: [number, number]): Promise<RunComparison> {
  const [a, b] = await Promise.all(runIds.map((id) => runDetail(ctx.db, id, false)));
  checkSameFeatureSpace(a, b);
  const [first, other] = explanationsToCompare(
    { prediction: a.prediction, explanations: a.runs[0].explanations },
    { explanations: b.runs[0].explanations },
  );
  return compareRuns(
    {
      id: a.id,
      instance: a.instance,
      prediction: a.prediction,
      explanation: first,
      classNames: a.model.classNames,
    },
    {
      id: b.id,
      instance: b.instance,
      prediction: b.prediction,
      explanation: other,
      classNames: b.model.classNames,
    },
  );
}

/**
 * Two runs whose features can be matched: the same modality, and the same columns (tables), the same text
 * or the same image; otherwise a weight of one would be shown under a feature of the other.
 */
function checkSameFeatureSpace(a: RunDetail, b: RunDetail): void {
  const what = (r: RunDetail) => `run ${r.id} (${r.model.family} ${r.model.versionLabel}, ${r.modality})`;
  const refuse = (expected: string, found: string) => invalidInput(`runs ${a.id} and ${b.id}`, expected, found);
  if (a.modality !== b.modality)
    throw refuse('two runs of one feature space (the same kind of input)', `${what(a)} against ${what(b)}`);
  if (a.modality === 'tabular') {
    const [ca, cb] = [Object.keys(a.instance), Object.keys(b.instance)];
    if (ca.join('\u0000') !== cb.join('\u0000'))
      throw refuse(
        'two runs over the same columns',
        `${ca.length} columns against ${cb.length}, ${
          ca
            .filter((c) => !cb.includes(c))
            .slice(0, 3)
            .join(', ') || 'in another order'
        }`,
      );
  } else if (
    a.modality === 'text'
      ? a.instance.text !== b.instance.text
      : a.instance.path !== b.instance.path || a.instance.segmentation !== b.instance.segmentation
  ) {
    throw refuse(
      `two runs of the same ${a.modality === 'text' ? 'text' : 'image, segmented alike'} (its words or segments are its features)`,
      `${what(a)} and ${what(b)} of different ${a.modality === 'text' ? 'texts' : 'images or segmentations'}`,
    );
  }
}
