import sharp from 'sharp';
import type { RunDetail } from '../../../shared/contract/api';
import { WorkbenchError } from '../../../shared/contract/errors';
import { drawOverlay } from '../image/writeOverlay';
import { readImage } from '../image/readImage';
import { annotationHistory } from '../store/annotations';
import { getDataset } from '../store/datasets';
import { getModel } from '../store/models';
import type { Db } from '../store/openAudit';
import { savedSegmentation } from '../store/runFromDocument';
import { getRun } from '../store/runs';

/**
 * A saved run with what the review screen and the report show: its model, dataset, verdict history,
 * and for images the picture and its overlay (drawn again from the saved segmentation).
 */
export async function runDetail(db: Db, runId: number, pictures = true): Promise<RunDetail> {
  const saved = getRun(db, runId);
  if (!saved) throw new WorkbenchError('not-found', `run ${runId}: expected a saved run of this audit, found none`);
  const record = getModel(db, saved.modelId)!;
  const data = saved.datasetId ? getDataset(db, saved.datasetId) : null;
  const detail: RunDetail = {
    ...saved,
    model: {
      id: record.id,
      family: record.family,
      versionLabel: record.versionLabel,
      sha256: record.sha256,
      classNames: record.profile.classNames,
      task: record.profile.task,
    },
    dataset: data && { id: data.id, path: data.path },
    annotations: annotationHistory(db, runId),
  };
  const segments = savedSegmentation(saved.instance);
  if (pictures && saved.modality === 'image' && segments && record.profile.image) {
    try {
      const image = await readImage(String(saved.instance.path), record.profile.image);
      const {
        rgba,
        pixels,
        width: w,
        height: h,
      } = drawOverlay(image, segments, saved.runs[0].explanations[0].weights, 3);
      const png = async (rgba: Uint8Array, channels: 1 | 3 | 4) =>
        `data:image/png;base64,${(
          await sharp(Buffer.from(rgba), { raw: { width: w, height: h, channels } })
            .png()
            .toBuffer()
        ).toString('base64')}`;
      detail.overlay = await png(rgba, 4);
      detail.picture = await png(pixels, image.channels);
    } catch {
      // The image file moved: the review still shows the weights.
    }
  }
  return detail;
}
