import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { MaskPredictor } from '../../../shared/engine/predictor';
import { perturbedText, type TextDocument } from '../../../shared/engine/text/textFeatures';
import { WorkbenchError } from '../../../shared/contract/errors';
import { LIMITS } from '../../../shared/contract/limits';
import type { LoadedModel } from '../onnx/loadModel';
import { concatScores, readScores } from '../onnx/readScores';
import { KernelArena } from '../../../shared/engine/wasm/kernels';
import { bytesForWords } from '../../../shared/engine/wasm/regions';
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
  private readonly assembly: FlatAssembly | null;
  private readonly pieceFeature: Int32Array;

  constructor(
    private readonly model: LoadedModel,
    private readonly doc: TextDocument,
    private readonly encoder: TextEncoder,
    private readonly batchSize = 500,
    private readonly ids = new GrowableInt64(),
  ) {
    const tokenizer = model.profile.text?.tokenizer;
    const assembly = pieceTokenIds(doc, encoder, tokenizer?.type === 'regex-vocab' ? tokenizer.pattern : null);
    this.assembly = assembly && flatten(doc, assembly.pieces, assembly.mask);
    this.pieceFeature = new Int32Array(doc.pieces.length).fill(-1);
    doc.features.forEach((f, i) => f.pieces.forEach((p) => (this.pieceFeature[p] = i)));
    this.outputs = model.profile.classNames?.length ?? 0;
    this.checkTokens();
  }

  /** A text longer than LIMITS.tokensPerText tokens, with no fixed length to cut it to, is refused before any batch. */
  private checkTokens(): void {
    if (
      this.encoder.kind === 'string' ||
      this.encoder.maxLength !== null ||
      (this.encoder.truncatesAt ?? null) !== null ||
      typeof this.model.info.inputs[0].shape?.[1] === 'number'
    )
      return;
    const tokens = this.assembly ? this.assembly.total : this.encoder.encode(this.doc.raw).ids.length;
    if (tokens > LIMITS.tokensPerText) {
      throw new WorkbenchError(
        'invalid-input',
        `${this.model.path}: expected a text of at most ${LIMITS.tokensPerText} tokens (or a maxLength in the profile to cut it to), found ${tokens}`,
      );
    }
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
        throw new WorkbenchError(
          'model-failed',
          `${this.model.path}: the model failed on a batch of ${n} texts (${(error as Error).message})`,
        );
      }
      this.lastRunMs += performance.now() - t0;
      const scores = readScores(this.model, results, n);
      if (this.outputs === 0) this.outputs = scores.length / n;
      parts.push(scores);
    }
    return concatScores(parts, rows, this.outputs);
  }

  /** What the model is fed for rows start … start+n−1 of masks (public for the tests). */
  feeds(masks: Uint8Array, start: number, n: number, d = this.doc.features.length): Record<string, ort.Tensor> {
    const inputs = this.model.info.inputs;
    if (this.encoder.kind === 'string') {
      const texts = Array.from({ length: n }, (_, k) => perturbedText(this.doc, masks, (start + k) * d));
      const shape = inputs[0].shape?.length === 2 ? [n, 1] : [n];
      return { [inputs[0].name]: new ort.Tensor('string', texts, shape) };
    }
    const fixed = this.encoder.maxLength ?? (typeof inputs[0].shape?.[1] === 'number' ? inputs[0].shape[1] : null);
    if (this.assembly && inputs.length === 1) return { [inputs[0].name]: this.assembledIds(masks, start, n, d, fixed) };
    const encoded = Array.from({ length: n }, (_, k) =>
      this.encoder.encode(perturbedText(this.doc, masks, (start + k) * d)),
    );
    let longest = 1;
    for (const e of encoded) longest = Math.max(longest, e.ids.length);
    const length = fixed ?? longest;
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of inputs) {
      if (/attention_mask/.test(input.name))
        feeds[input.name] = int64Rows(encoded, n, length, (e) => e.attentionMask ?? e.ids.map(() => 1), 0);
      else if (/token_type_ids/.test(input.name))
        feeds[input.name] = int64Rows(encoded, n, length, (e) => e.tokenTypeIds ?? e.ids.map(() => 0), 0);
      else feeds[input.name] = int64Rows(encoded, n, length, (e) => e.ids, this.encoder.padId);
    }
    return feeds;
  }

  /**
   * Token ids of rows start … start+n−1 assembled from the kept pieces straight into an int64 tensor:
   * each row's length from per-feature token counts, padding by a native fill, then only the pieces that
   * carry tokens are copied (through an Int32Array view: ids are non-negative).
   */
  private assembledIds(masks: Uint8Array, start: number, n: number, d: number, fixed: number | null): ort.Tensor {
    const a = this.assembly!;
    const positional = this.doc.mode === 'positional';
    const pad = this.encoder.padId;
    if (!positional && pad >= 0) {
      // The bag-of-words branch below as a WebAssembly kernel (the same bytes; compared in the tests).
      const arena = this.ids.kernelArena(bytesForWords(d, n, a.total, fixed ?? a.total));
      const words = { tokenIds: a.ids, tokenFeature: a.tokenFeature, change: a.lengthChange[0], total: a.total };
      const assembled = arena?.assembleWords(masks.subarray(start * d), d, n, words, fixed, pad);
      if (assembled) return new ort.Tensor('int64', assembled.ids, [n, assembled.width]);
    }
    const maskLength = a.mask.length;
    // A removed feature changes a row's length by a fixed amount; summed without a branch (half the
    // features of a row are removed, so a branch would mispredict half the time).
    const change = a.lengthChange[positional ? 1 : 0];
    let longest = 1;
    for (let k = 0; k < n; k++) {
      const row = (start + k) * d;
      let length = a.total;
      for (let f = 0; f < d; f++) length += (1 - masks[row + f]) * change[f];
      if (length > longest) longest = length;
    }
    const width = fixed ?? longest;
    const data = this.ids.view(n * width);
    const words = new Int32Array(data.buffer, data.byteOffset, 2 * n * width);
    if (pad === 0) words.fill(0);
    else data.fill(BigInt(pad));
    const clearHigh = pad < 0;
    if (!positional && !clearHigh) {
      // Bag of words: every token is written, the cursor advances only past kept ones (no branch to
      // mispredict); the one slot a trailing removed token may leave is restored to padding.
      const { ids: tokenIds, tokenFeature } = a;
      for (let k = 0; k < n; k++) {
        const row = (start + k) * d;
        let o = 2 * k * width;
        const end = o + 2 * width;
        for (let t = 0; t < tokenIds.length && o < end; t++) {
          words[o] = tokenIds[t];
          const f = tokenFeature[t];
          o += f < 0 ? 2 : 2 * masks[row + f];
        }
        if (o < end) words[o] = pad;
      }
      return new ort.Tensor('int64', data, [n, width]);
    }
    const { tokenPieces, pieceFeature, offsets, ids, mask } = a;
    for (let k = 0; k < n; k++) {
      const row = (start + k) * d;
      let o = 2 * k * width;
      const end = o + 2 * width;
      for (let t = 0; t < tokenPieces.length && o < end; t++) {
        const p = tokenPieces[t];
        const f = pieceFeature[t];
        if (f >= 0 && masks[row + f] === 0) {
          if (!positional) continue;
          for (let j = 0; j < maskLength && o < end; j++, o += 2) {
            words[o] = mask[j];
            if (clearHigh) words[o + 1] = 0;
          }
        } else {
          for (let j = offsets[p]; j < offsets[p + 1] && o < end; j++, o += 2) {
            words[o] = ids[j];
            if (clearHigh) words[o + 1] = 0;
          }
        }
      }
    }
    return new ort.Tensor('int64', data, [n, width]);
  }
}

interface FlatAssembly {
  /** Every token of the text in order: piece p's are ids[offsets[p] … offsets[p+1]). */
  offsets: Int32Array;
  ids: Int32Array;
  mask: Int32Array;
  /** Tokens of the whole text. */
  total: number;
  /** The pieces that carry tokens, in order, and the feature each belongs to (−1: a separator). */
  tokenPieces: Int32Array;
  pieceFeature: Int32Array;
  /** How removing each feature changes a row's length: [dropped, replaced by the mask token]. */
  lengthChange: [Int32Array, Int32Array];
  /** Each token's feature (that of its piece; −1: a separator's). */
  tokenFeature: Int32Array;
}

function flatten(doc: TextDocument, pieces: number[][], mask: number[]): FlatAssembly {
  const featureOf = new Int32Array(pieces.length).fill(-1);
  doc.features.forEach((f, i) => f.pieces.forEach((p) => (featureOf[p] = i)));
  const offsets = new Int32Array(pieces.length + 1);
  let carrying = 0;
  for (let p = 0; p < pieces.length; p++) {
    offsets[p + 1] = offsets[p] + pieces[p].length;
    if (pieces[p].length > 0) carrying++;
  }
  const total = offsets[pieces.length];
  // Typed arrays filled in place, without arrays of arrays on the way: the predictor of a text is made on
  // every click (0.07 → 0.03 ms, and less garbage to collect during the explanation).
  const ids = new Int32Array(total);
  const tokenFeature = new Int32Array(total);
  const tokenPieces = new Int32Array(carrying);
  const featureTokens = new Int32Array(doc.features.length);
  for (let p = 0, t = 0, c = 0; p < pieces.length; p++) {
    if (pieces[p].length > 0) tokenPieces[c++] = p;
    if (featureOf[p] >= 0) featureTokens[featureOf[p]] += pieces[p].length;
    for (const id of pieces[p]) {
      ids[t] = id;
      tokenFeature[t++] = featureOf[p];
    }
  }
  const featureOccurrences = Int32Array.from(doc.features, (f) => f.pieces.length);
  return {
    offsets,
    ids,
    mask: Int32Array.from(mask),
    total,
    tokenPieces,
    pieceFeature: tokenPieces.map((p) => featureOf[p]),
    lengthChange: [featureTokens.map((t) => -t), featureTokens.map((t, f) => featureOccurrences[f] * mask.length - t)],
    tokenFeature,
  };
}

/**
 * An int64 [n, length] tensor of rows cut or padded to length. Values are written through an Int32Array
 * view of the same little-endian buffer (low word, high word 0 or −1 by sign): converting each value to a
 * BigInt would cost more than the model run.
 */
function int64Rows(
  encoded: EncodedText[],
  n: number,
  length: number,
  values: (e: EncodedText) => number[] | undefined,
  pad: number,
): ort.Tensor {
  const data = new BigInt64Array(n * length);
  const words = new Int32Array(data.buffer);
  for (let k = 0; k < n; k++) {
    const v = values(encoded[k]) ?? [];
    const used = Math.min(length, v.length);
    for (let j = 0; j < length; j++) {
      const x = j < used ? v[j] : pad;
      words[2 * (k * length + j)] = x;
      words[2 * (k * length + j) + 1] = x < 0 ? -1 : 0;
    }
  }
  return new ort.Tensor('int64', data, [n, length]);
}

/**
 * An int64 buffer that grows but is never allocated afresh for each batch: on a virtual machine the page
 * faults of a new multi-megabyte array cost more than the model run. Views of it are handed to
 * onnxruntime one run at a time.
 */
export class GrowableInt64 {
  private buffer = new BigInt64Array(0);
  private arena: KernelArena | null = null;

  /** @param kernels false: never a kernel arena (the TypeScript reference runs; for tests) */
  constructor(private readonly kernels = true) {}

  /** Bytes held. */
  get byteLength(): number {
    return this.buffer.byteLength + (this.arena?.buffer.byteLength ?? 0);
  }

  /** A kernel arena of at least `bytes`, remade larger as needed; null without WebAssembly (or when asked). */
  kernelArena(bytes: number): KernelArena | null {
    if (!this.kernels) return null;
    if (!this.arena || this.arena.buffer.byteLength < bytes)
      this.arena = KernelArena.create(Math.max(bytes, Math.ceil((this.arena?.buffer.byteLength ?? 0) * 1.5)));
    return this.arena;
  }

  /** A view of `length` elements (contents left over from earlier use: overwrite them all). */
  view(length: number): BigInt64Array {
    if (this.buffer.length < length)
      this.buffer = new BigInt64Array(Math.max(length, Math.ceil(this.buffer.length * 1.5)));
    return this.buffer.subarray(0, length);
  }
}
