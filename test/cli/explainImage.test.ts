import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';
import { fixture } from '../support/fixtures';
import { imageRegressor } from '../support/onnxBuilder';
import { openAudit } from '../../electron/backend/store/openAudit';
import { runDetail } from '../../electron/backend/app/runDetail';

const MODEL = fixture('fashion_mnist_cnn.onnx');
const SHIRT = fixture('fashion_mnist.test/00001_2.png');

describe('lime-workbench explain (image)', () => {
  it('explains the top 5 labels over quickshift segments and writes an overlay', async () => {
    const overlay = join(tempDir(), 'overlay.png');
    const r = await cli([
      'explain',
      MODEL,
      '--data',
      SHIRT,
      '--format',
      'json',
      '--overlay',
      overlay,
      '--num-samples',
      '400',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.modality).toBe('image');
    expect(doc.params).toMatchObject({
      numSamples: 400,
      topLabels: 5,
      segmentation: 'quickshift',
      hide: 'mean',
      kernelWidth: 0.25,
    });
    expect(doc.runs[0].explanations.map((e: { labelName: string }) => e.labelName)[0]).toBe('Pullover');
    expect(doc.runs[0].explanations).toHaveLength(5);
    expect(doc.runs[0].explanations[0].heldOut.samples).toBe(100);
    const segments = doc.instance.image.segments;
    expect(segments).toBeGreaterThan(3);
    // Every segment enters the fit (image default).
    expect(doc.runs[0].explanations[0].weights).toHaveLength(segments);
    const meta = await sharp(readFileSync(overlay)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 280, 280]);
  });

  it('takes SLIC or a given segmentation, whose own ids name the features (gaps reported)', async () => {
    const slic = await cli([
      'explain',
      MODEL,
      '--data',
      SHIRT,
      '--format',
      'json',
      '--segmentation',
      'slic',
      '--num-samples',
      '200',
      '--top-labels',
      '1',
    ]);
    expect(JSON.parse(slic.stdout).params.segmentation).toBe('slic');
    const dir = tempDir();
    const labels = Array.from({ length: 784 }, (_, p) => 1 + (p % 28 < 14 ? 0 : 1) + (p < 392 ? 0 : 2)); // quadrants 1..4
    writeFileSync(join(dir, 'segments.json'), JSON.stringify({ width: 28, height: 28, labels }));
    const given = await cli([
      'explain',
      MODEL,
      '--data',
      SHIRT,
      '--format',
      'json',
      '--segments',
      join(dir, 'segments.json'),
      '--num-samples',
      '200',
      '--top-labels',
      '1',
    ]);
    const doc = JSON.parse(given.stdout);
    expect(doc.instance.image).toMatchObject({ segments: 4, segmentIds: [1, 2, 3, 4], missingSegmentIds: [0] });
    expect(doc.runs[0].explanations[0].weights.map((w: { feature: number }) => w.feature).sort()).toEqual([1, 2, 3, 4]);
    expect(doc.runs[0].explanations[0].weights.map((w: { name: string }) => w.name).sort()).toEqual([
      'segment 1',
      'segment 2',
      'segment 3',
      'segment 4',
    ]);
  });

  it('keeps the ids of a segmentation whose ids are not in first-appearance order, so each weight names its own region', async () => {
    // A model that looks only at the left half: the left half's segment must carry the weight, whatever its id.
    const dir = tempDir();
    const model = join(dir, 'left.onnx');
    writeFileSync(
      model,
      imageRegressor(28, 28, (x) => (x < 14 ? 1 : 0)),
    );
    await sharp(Buffer.alloc(784, 200), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toFile(join(dir, 'grey.png'));
    const labels = Array.from({ length: 784 }, (_, p) => (p % 28 < 14 ? 7 : 2)); // the left half (first pixel) is 7
    writeFileSync(join(dir, 'halves.json'), JSON.stringify({ width: 28, height: 28, labels }));
    const store = join(dir, 'halves.lwa');
    const r = await cli([
      'explain',
      model,
      '--data',
      join(dir, 'grey.png'),
      '--format',
      'json',
      '--segments',
      join(dir, 'halves.json'),
      '--hide',
      '0',
      '--num-samples',
      '300',
      '--store',
      store,
    ]);
    expect(r.status).toBe(0);
    const weights = JSON.parse(r.stdout).runs[0].explanations[0].weights as { feature: number; weight: number }[];
    const left = weights.find((w) => w.feature === 7)!;
    const right = weights.find((w) => w.feature === 2)!;
    expect(left.weight).toBeGreaterThan(10 * Math.abs(right.weight));
    // The overlay reads the same ids: the document's segmentation and weights agree.
    expect(JSON.parse(r.stdout).instance.image.segmentIds).toEqual([2, 7]);
    // Saved and shown again as the app and the report show it: the file's ids, and an overlay drawn from them.
    const db = openAudit(store);
    const detail = await runDetail(db, 1);
    db.close();
    expect(detail.runs[0].explanations[0].weights.map((w) => w.name).sort()).toEqual(['segment 2', 'segment 7']);
    expect(detail.overlay).toMatch(/^data:image\/png;base64,/);
  });

  it('explains a blank image: well defined, nothing matters', async () => {
    const dir = tempDir();
    await sharp(Buffer.alloc(28 * 28, 0), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toFile(join(dir, 'blank.png'));
    const r = await cli([
      'explain',
      MODEL,
      '--data',
      join(dir, 'blank.png'),
      '--format',
      'json',
      '--num-samples',
      '200',
      '--top-labels',
      '1',
    ]);
    expect(r.stderr).toBe('');
    for (const w of JSON.parse(r.stdout).runs[0].explanations[0].weights) expect(Math.abs(w.weight)).toBeLessThan(1e-6);
  });

  it.each([
    [
      'a corrupt image file',
      () => {
        const path = join(tempDir(), 'broken.png');
        writeFileSync(path, Buffer.concat([readFileSync(SHIRT).subarray(0, 40), Buffer.from('garbage')]));
        return ['--data', path];
      },
      /broken\.png: expected an image \(PNG or JPEG\) that decodes, found one that does not/,
    ],
    [
      'a segmentation of another size',
      () => {
        const path = join(tempDir(), 'seg.json');
        writeFileSync(path, JSON.stringify({ width: 2, height: 2, labels: [0, 1, 2, 3] }));
        return ['--data', SHIRT, '--segments', path];
      },
      /expected a segmentation of the model's input size, 28×28, found 2×2/,
    ],
    ['a second row', () => ['--data', SHIRT, '--row', '1'], /an image file holds one instance \(row 0\)/],
    [
      'a bad hide colour',
      () => ['--data', SHIRT, '--hide', '1,2,3'],
      /--hide: expected "mean" or one value from 0 to 255, found "1,2,3"/,
    ],
  ])('refuses %s with exit 2', async (_, args, message) => {
    const r = await cli(['explain', MODEL, ...args()]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });
});
