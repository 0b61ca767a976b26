import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { textEncoder } from '../../../electron/backend/text/textEncoder';
import { GrowableInt64, OnnxTextPredictor } from '../../../electron/backend/text/textPredictor';
import { Rng } from '../../../shared/engine/random';
import { sampleRemovals } from '../../../shared/engine/sampleMasks';
import { textFeatures } from '../../../shared/engine/text/textFeatures';
import { fixture } from '../../support/fixtures';

/** The shape and a digest of every byte of each input tensor. */
function fed(feeds: Record<string, ort.Tensor>) {
  return Object.entries(feeds).map(([name, t]) => {
    const data = t.data as BigInt64Array;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { name, dims: t.dims, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

describe('token ids assembled by the WebAssembly kernel', async () => {
  const model = await loadModel(fixture('debian_text_bow.onnx'));
  const encoder = textEncoder(model.profile.text!.tokenizer, model.info.metadata);
  const texts: string[] = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).text);

  it('feeds the model the same bytes as the TypeScript reference, every text, batch and fixed width', () => {
    let kernelCalls = 0;
    // The model's own tokeniser (rows as long as the longest), rows cut or padded to a fixed length, and a
    // padding id other than 0 (as RoBERTa's tokenisers have).
    const encoders = [encoder, { ...encoder, maxLength: 16 }, { ...encoder, maxLength: 200 }, { ...encoder, padId: 1 }];
    for (const [k, text] of texts.entries()) {
      const doc = textFeatures(text);
      const d = doc.features.length;
      const { masks } = sampleRemovals(d, 1200, new Rng(k), 100);
      const rowsOf = encoders[k % encoders.length];
      const viaKernel = new OnnxTextPredictor(model, doc, rowsOf, 500, new GrowableInt64());
      const viaReference = new OnnxTextPredictor(model, doc, rowsOf, 500, new GrowableInt64(false));
      expect(viaKernel.assembles).toBe(true);
      // From row 0 (the whole text), from a later row (every row shorter), and a last short batch.
      for (const [start, n] of [
        [0, 500],
        [500, 500],
        [1000, 200],
        [7, 1],
      ])
        expect(fed(viaKernel.feeds(masks, start, n)), `text ${k}, rows ${start}+${n}`).toEqual(
          fed(viaReference.feeds(masks, start, n)),
        );
      kernelCalls++;
    }
    expect(kernelCalls).toBe(60);
  });
});
