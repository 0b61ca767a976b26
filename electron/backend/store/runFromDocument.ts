import { checksOf } from '../../../shared/domain/audit';
import type { ExplanationDocument } from '../../../shared/contract/explanationDocument';
import type { InstanceExplanation } from '../jobs/runInstances';
import type { RunToSave } from './runs';

/**
 * What an audit saves of one explained instance: the document's parameters and results, and the
 * instance's raw values (tabular values, the text, or the image's file with its segmentation, so the
 * overlay can be drawn again at review).
 */
export function runFromDocument(
  doc: ExplanationDocument,
  result: InstanceExplanation,
  ids: { modelId: number; datasetId: number | null; trainDatasetId: number | null },
): RunToSave {
  const i = doc.instance;
  let instance: Record<string, number | string> = {};
  if (i.values) instance = i.values;
  else if (i.text !== undefined) instance = { text: i.text };
  else if (i.image) {
    const labels = result.extra?.segments;
    instance = { path: i.image.path, width: i.image.width, height: i.image.height, segments: i.image.segments };
    if (labels) instance.segmentation = Buffer.from(Uint16Array.from(labels).buffer).toString('base64');
  }
  return {
    ...ids,
    row: i.row,
    modality: doc.modality,
    instance,
    params: doc.params,
    // The seed the instance's first run used (with rowSeeds, not the job's base seed).
    seed: doc.runs[0]?.seed ?? doc.params.seed,
    prediction: 'value' in doc.prediction ? [doc.prediction.value] : doc.prediction.probabilities,
    runs: doc.runs,
    stability: doc.stability,
    ...checksOf(doc),
  };
}

/** The segmentation saved with an image run, or null. */
export function savedSegmentation(instance: Record<string, number | string>): Int32Array | null {
  if (typeof instance.segmentation !== 'string') return null;
  const bytes = Buffer.from(instance.segmentation, 'base64');
  return Int32Array.from(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2));
}
