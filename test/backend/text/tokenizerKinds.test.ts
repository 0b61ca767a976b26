import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/audit';
import { cli } from '../../support/cli';
import { maskedBagOfTokens, stringTextClassifier } from '../../support/onnxBuilder';
import { hfTokenizerJson } from '../../support/hfExports';
import { textEncoder } from '../../../electron/backend/text/textEncoder';

/** A small BERT-style WordPiece tokenizer.json, as HuggingFace writes them. */
// [PAD] is not token 0, so falling back to id 0 instead of the tokenizer's own pad token would show.
const VOCAB = ['[UNK]', '[CLS]', '[SEP]', 'good', 'bad', '[PAD]', 'movie', 'great', 'awful', 'the', '##ly', 'plot'];
const TOKENIZER = hfTokenizerJson(null, VOCAB);
// Pull towards "positive" per token; [PAD] pulls hard the other way, so ignoring the attention mask would show.
const PULL: Record<string, number> = { '[PAD]': -9, good: 2, great: 3, bad: -2, awful: -3 };

describe('text models beyond a regex and vocabulary', () => {
  it('a HuggingFace tokenizer.json feeds input_ids, attention_mask and token_type_ids', async () => {
    const dir = tempDir('lw-hf-');
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(TOKENIZER));
    const encoder = textEncoder({ type: 'huggingface', file: join(dir, 'tokenizer.json') });
    expect(encoder.padId).toBe(VOCAB.indexOf('[PAD]'));
    expect(encoder.encode('good movie').ids).toEqual([1, 3, 6, 2]); // [CLS] good movie [SEP]
    writeFileSync(join(dir, 'model.onnx'), maskedBagOfTokens(VOCAB.map((t) => [0, PULL[t] ?? 0])));
    writeFileSync(
      join(dir, 'profile.json'),
      JSON.stringify({ text: { tokenizer: { type: 'huggingface', file: 'tokenizer.json' } } }),
    );
    const r = await cli([
      'explain',
      join(dir, 'model.onnx'),
      '--profile',
      join(dir, 'profile.json'),
      '--text',
      'The plot was awful, the movie great. Good!',
      '--format',
      'json',
      '--num-samples',
      '800',
      '--labels',
      '1',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    // logit = great 3 + good 2 − awful 3 = 2 → p = σ(2); the padding never counts.
    expect(doc.prediction.probabilities[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 5);
    const weights = Object.fromEntries(
      doc.runs[0].explanations[0].weights.map((w: { name: string; weight: number }) => [w.name, w.weight]),
    );
    expect(weights.great).toBeGreaterThan(0);
    expect(weights.Good).toBeGreaterThan(0);
    expect(weights.awful).toBeLessThan(0);
    expect(Math.abs(weights.plot ?? 0)).toBeLessThan(Math.abs(weights.awful));
    const spans = doc.runs[0].explanations[0].weights.find((w: { name: string }) => w.name === 'great').spans;
    expect(spans).toEqual([[30, 35]]);
  });

  it('a model that takes the raw string (skl2onnx CountVectorizer layout) gets the perturbed texts', async () => {
    const dir = tempDir('lw-str-');
    writeFileSync(join(dir, 'model.onnx'), stringTextClassifier({ good: 2, great: 3, bad: -2, awful: -3, movie: 0 }));
    const r = await cli([
      'explain',
      join(dir, 'model.onnx'),
      '--text',
      'a great movie, not awful',
      '--format',
      'json',
      '--num-samples',
      '600',
      '--labels',
      '1',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.prediction.probabilities[1]).toBeCloseTo(0.5, 5); // great 3 − awful 3
    const w = Object.fromEntries(
      doc.runs[0].explanations[0].weights.map((x: { name: string; weight: number }) => [x.name, x.weight]),
    );
    expect(w.great).toBeGreaterThan(0.1);
    expect(w.awful).toBeLessThan(-0.1);
    expect(Math.abs(w.movie)).toBeLessThan(0.02);
  });
});
