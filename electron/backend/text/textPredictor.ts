import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { MaskPredictor } from '../../../shared/engine/text/explainText';
import { perturbedText, type TextDocument } from '../../../shared/engine/text/textFeatures';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { LoadedModel } from '../onnx/loadModel';
import { readScores } from '../onnx/readScores';
import type { EncodedText, TextEncoder } from './textEncoder';
import { pieceTokenIds } from './tokenAssembly';

/**
 * Feeds a text model the samples of one document, a batch at a time (the reference sends all 5000 at
 * once and runs out of memory on transformer models). Token ids are assembled from the kept pieces where
 * that is exact (see pieceTokenIds), else each perturbed text is rebuilt and encoded.
 */
export class OnnxTextPredictor implements MaskPredictor {
  outputs: number;
  lastRunMs = 0;
  private readonly assembly: ReturnType<typeof pieceTokenIds>;
  private readonly pieceFeature: Int32Array;

  constructor(
    private readonly model: LoadedModel,
    private readonly doc: TextDocument,
    private readonly encoder: TextEncoder,
    private readonly batchSize = 500,
  ) {
    const tokenizer = model.profile.text?.tokenizer;
    this.assembly = pieceTokenIds(doc, encoder, tokenizer?.type === 'regex-vocab' ? tokenizer.pattern : null);
    this.pieceFeature = new Int32Array(doc.pieces.length).fill(-1);
    doc.features.forEach((f, i) => f.pieces.forEach((p) => (this.pieceFeature[p] = i)));
    this.outputs = model.profile.classNames?.length ?? 0;
  }

  /** Whether ids are assembled from pieces (for tests and the benchmark). */
  get assembles(): boolean {
    return this.assembly !== null;
  }

  async predictMasks(masks: Uint8Array, rows: number): Promise<Float32Array> {
    const d = this.doc.features.length;
    const parts: Float32Array[] = [];
    this.lastRunMs = 0;
    for (let start = 0; start < rows; start += this.batchSize) {
      const n = Math.min(this.batchSize, rows - start);
      const feeds = this.feeds(masks, start, n, d);
      const t0 = performance.now();
      let results: ort.InferenceSession.OnnxValueMapType;
      try {
        results = await this.model.session.run(feeds, [this.model.outputTensor]);
      } catch (error) {
        throw new WorkbenchError('model-failed', `${this.model.path}: the model failed on a batch of ${n} texts (${(error as Error).message})`);
      }
      this.lastRunMs += performance.now() - t0;
      const scores = readScores(this.model, results, n);
      if (this.outputs === 0) this.outputs = scores.length / n;
      parts.push(scores);
    }
    const out = new Float32Array(rows * this.outputs);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  private feeds(masks: Uint8Array, start: number, n: number, d: number): Record<string, ort.Tensor> {
    const inputs = this.model.info.inputs;
    if (this.encoder.kind === 'string') {
      const texts = Array.from({ length: n }, (_, k) => perturbedText(this.doc, masks, (start + k) * d));
      const shape = inputs[0].shape?.length === 2 ? [n, 1] : [n];
      return { [inputs[0].name]: new ort.Tensor('string', texts, shape) };
    }
    const encoded = Array.from({ length: n }, (_, k) => this.encodeRow(masks, (start + k) * d));
    const fixed = this.encoder.maxLength ?? (typeof inputs[0].shape?.[1] === 'number' ? (inputs[0].shape[1] as number) : null);
    const length = Math.max(1, fixed ?? Math.max(...encoded.map((e) => e.ids.length)));
    const tensor = (values: (e: EncodedText) => number[] | undefined, pad: number) => {
      const data = new BigInt64Array(n * length).fill(BigInt(pad));
      encoded.forEach((e, k) => {
        const v = values(e) ?? [];
        for (let j = 0; j < Math.min(length, v.length); j++) data[k * length + j] = BigInt(v[j]);
      });
      return new ort.Tensor('int64', data, [n, length]);
    };
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of inputs) {
      if (/attention_mask/.test(input.name)) feeds[input.name] = tensor((e) => e.attentionMask ?? e.ids.map(() => 1), 0);
      else if (/token_type_ids/.test(input.name)) feeds[input.name] = tensor((e) => e.tokenTypeIds ?? e.ids.map(() => 0), 0);
      else feeds[input.name] = tensor((e) => e.ids, this.encoder.padId);
    }
    return feeds;
  }

  private encodeRow(masks: Uint8Array, offset: number): EncodedText {
    if (!this.assembly) return this.encoder.encode(perturbedText(this.doc, masks, offset));
    const ids: number[] = [];
    const positional = this.doc.mode === 'positional';
    for (let p = 0; p < this.doc.pieces.length; p++) {
      const f = this.pieceFeature[p];
      if (f >= 0 && masks[offset + f] === 0) {
        if (positional) ids.push(...this.assembly.mask);
      } else {
        for (const id of this.assembly.pieces[p]) ids.push(id);
      }
    }
    return { ids };
  }
}
