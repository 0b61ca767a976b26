import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../electron/backend/onnx/loadModel';
import { textEncoder } from '../../../electron/backend/text/textEncoder';
import { GrowableInt64, OnnxTextPredictor } from '../../../electron/backend/text/textPredictor';
import { pieceTokenIds } from '../../../electron/backend/text/tokenAssembly';
import { Rng } from '../../../shared/engine/random';
import { explainText } from '../../../shared/engine/text/explainText';
import { perturbedText, textFeatures } from '../../../shared/engine/text/textFeatures';
import { debianModelWeights } from '../../support/debianModel';
import { fixture, fixtureJson } from '../../support/fixtures';

const docs: string[] = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l).text);

describe('debian_text_bow under onnxruntime-node', async () => {
  const model = await loadModel(fixture('debian_text_bow.onnx'));
  const encoder = textEncoder(model.profile.text!.tokenizer, model.info.metadata);

  it("infers its tokenizer from the model's metadata and reproduces torch's predictions on all 60 documents", async () => {
    expect(model.profile.text!.tokenizer).toMatchObject({
      type: 'regex-vocab',
      pattern: '[a-z0-9]+',
      lowercase: true,
      idOffset: 1,
      padId: 0,
    });
    const expected = fixtureJson('debian_text_bow.expected.json');
    const lines = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    let worst = 0;
    for (const [k, line] of lines.entries()) {
      expect(encoder.encode(line.text).ids).toEqual(line.input_ids);
      const doc = textFeatures(line.text);
      const scores = await new OnnxTextPredictor(model, doc, encoder).predictMasks(
        new Uint8Array(doc.features.length).fill(1),
        1,
      );
      for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(scores[c] - expected.probabilities[k][c]));
    }
    expect(worst).toBeLessThan(2e-5);
  });

  it('assembles exactly the ids that tokenising each perturbed text gives', () => {
    const rng = new Rng(9);
    for (const text of docs.slice(0, 20)) {
      for (const mode of ['bow', 'positional'] as const) {
        const doc = textFeatures(text, { mode });
        const assembly = pieceTokenIds(doc, encoder, '[a-z0-9]+')!;
        expect(assembly).not.toBeNull();
        for (let trial = 0; trial < 20; trial++) {
          const mask = Uint8Array.from(doc.features, () => (rng.uniform() < 0.5 ? 1 : 0));
          const assembled = doc.pieces.flatMap((_, p) => {
            const f = doc.features.findIndex((feat) => feat.pieces.includes(p));
            return f >= 0 && mask[f] === 0 ? (mode === 'positional' ? assembly.mask : []) : assembly.pieces[p];
          });
          expect(assembled).toEqual(encoder.encode(perturbedText(doc, mask)).ids);
        }
      }
    }
  });

  it("feeds each row its perturbed text's own ids, padded to the batch's longest row (kernel and reference)", () => {
    const rng = new Rng(5);
    for (const [k, text] of docs.slice(0, 12).entries()) {
      const mode = k % 2 === 0 ? 'bow' : 'positional';
      const doc = textFeatures(text, { mode });
      const d = doc.features.length;
      const rows = 30;
      // Row 0 keeps every word in every other text only: a batch's width is not always the whole text's.
      const masks = Uint8Array.from({ length: rows * d }, (_, i) => (i < d && k % 4 < 2 ? 1 : +(rng.uniform() < 0.5)));
      const expected = Array.from({ length: rows }, (_, i) => encoder.encode(perturbedText(doc, masks, i * d)).ids);
      const width = Math.max(1, ...expected.map((ids) => ids.length));
      for (const ids of [new GrowableInt64(), new GrowableInt64(false)]) {
        const tensor = new OnnxTextPredictor(model, doc, encoder, 500, ids).feeds(masks, 0, rows).input_ids;
        expect(tensor.dims, `text ${k}`).toEqual([rows, width]);
        const fed = Array.from(tensor.data as BigInt64Array, Number);
        for (let i = 0; i < rows; i++)
          expect(fed.slice(i * width, (i + 1) * width), `text ${k}, row ${i}`).toEqual([
            ...expected[i],
            ...new Array(width - expected[i].length).fill(encoder.padId),
          ]);
      }
    }
  });

  it('scores assembled ids exactly as the rebuilt, re-encoded texts (bow and positional)', async () => {
    const rng = new Rng(4);
    for (const mode of ['bow', 'positional'] as const) {
      const doc = textFeatures(docs[11], { mode });
      const d = doc.features.length;
      const rows = 40;
      const masks = Uint8Array.from({ length: rows * d }, (_, i) => (i < d ? 1 : rng.uniform() < 0.5 ? 1 : 0));
      const predictor = new OnnxTextPredictor(model, doc, encoder, 16);
      expect(predictor.assembles).toBe(true);
      const assembled = await predictor.predictMasks(masks, rows);
      for (let i = 0; i < rows; i++) {
        const ids = encoder.encode(perturbedText(doc, masks, i * d)).ids;
        const tensor = new ort.Tensor('int64', BigInt64Array.from(ids.length ? ids : [0], BigInt), [
          1,
          Math.max(1, ids.length),
        ]);
        const direct = (await model.session.run({ input_ids: tensor })).probabilities.data as Float32Array;
        for (let c = 0; c < 4; c++) expect(assembled[i * 4 + c]).toBeCloseTo(direct[c], 6);
      }
    }
  });

  it('sends the samples in batches of the configured size', async () => {
    const doc = textFeatures(docs[3]);
    const predictor = new OnnxTextPredictor(model, doc, encoder, 64);
    const runs: number[] = [];
    const session = model.session;
    const original = session.run.bind(session);
    (session as { run: typeof session.run }).run = (
      feeds: Record<string, { dims: readonly number[] }>,
      ...rest: unknown[]
    ) => {
      runs.push(Object.values(feeds)[0].dims[0]);
      return (original as (...a: unknown[]) => ReturnType<typeof session.run>)(feeds, ...rest);
    };
    try {
      await explainText(doc, predictor, { task: 'classification', numSamples: 300, heldOutSamples: 0 });
    } finally {
      (session as { run: typeof session.run }).run = original;
    }
    expect(runs).toEqual([64, 64, 64, 64, 44]);
  });

  it("word weights follow the model's own per-word logit margins in sign and order (an independent truth)", async () => {
    const { embedding, classes, vocab } = debianModelWeights();
    const correlations: number[] = [];
    let signs = 0;
    let tops = 0;
    for (let k = 0; k < 60; k += 6) {
      const doc = textFeatures(docs[k]);
      const { run } = await explainText(doc, new OnnxTextPredictor(model, doc, encoder), {
        task: 'classification',
        featureSelection: 'none',
      });
      const e = run.explanations[0];
      const c = e.label!;
      // The model is softmax(Σ E[id] + b): a word pulls class c by E[id, c] minus its mean pull on the others, per occurrence.
      const margin = (word: string) => {
        let m = 0;
        for (const t of word.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
          const id = vocab.get(t);
          if (!id) continue;
          let others = 0;
          for (let j = 0; j < classes; j++) if (j !== c) others += embedding[id * classes + j] / (classes - 1);
          m += embedding[id * classes + c] - others;
        }
        return m * doc.features.find((f) => f.name === word)!.pieces.length;
      };
      correlations.push(
        spearman(
          e.weights.map((w) => w.weight),
          e.weights.map((w) => margin(w.name)),
        ),
      );
      for (const w of e.weights.slice(0, 5)) {
        tops++;
        if (Math.sign(w.weight) === Math.sign(margin(w.name))) signs++;
      }
      // Words the model never sees (out of its vocabulary) cannot matter.
      for (const w of e.weights) if (margin(w.name) === 0) expect(Math.abs(w.weight)).toBeLessThan(0.03);
    }
    expect(Math.min(...correlations)).toBeGreaterThan(0.6);
    expect(correlations.reduce((a, b) => a + b, 0) / correlations.length).toBeGreaterThan(0.8);
    expect(signs / tops).toBeGreaterThanOrEqual(0.9);
  });

  it('explains a text with no known word as the model sees it: nothing matters', async () => {
    const doc = textFeatures('zzyzx qwertyuiop xylophonic');
    const { run, prediction } = await explainText(doc, new OnnxTextPredictor(model, doc, encoder), {
      task: 'classification',
      numSamples: 500,
    });
    const e = run.explanations[0];
    for (const w of e.weights) expect(Math.abs(w.weight)).toBeLessThan(1e-9);
    expect(e.localPrediction).toBeCloseTo(prediction[e.label!], 6);
  });
});

function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const r = new Array<number>(v.length);
    v.map((x, i) => [x, i] as const)
      .sort((p, q) => p[0] - q[0])
      .forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const [ra, rb] = [rank(a), rank(b)];
  const n = a.length;
  const m = (n - 1) / 2;
  let sab = 0;
  let saa = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - m) * (rb[i] - m);
    saa += (ra[i] - m) ** 2;
  }
  return sab / saa;
}
