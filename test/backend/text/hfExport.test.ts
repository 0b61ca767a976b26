import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readExportFolder } from '../../../electron/backend/onnx/exportFolder';
import { metadataClassNames } from '../../../electron/backend/onnx/inferProfile';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { textEncoder } from '../../../electron/backend/text/textEncoder';
import { tempDir } from '../../support/audit';
import { cli } from '../../support/cli';
import {
  HF_IMAGE_PREPROCESSOR,
  HF_TEXT_MAX_POSITIONS,
  HF_TEXT_VOCAB,
  hfTextLogits,
  hfTokenizerJson,
  writeHfImageExport,
  writeHfTextExport,
} from '../../support/hfExports';

/** A text of n content tokens from the export's vocabulary. */
const WORDS = ['the', 'movie', 'was', 'great', 'and', 'fun', 'but', 'the', 'plot', 'was', 'boring'].filter((w) =>
  HF_TEXT_VOCAB.includes(w),
);
const textOf = (n: number) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const softmax = ([a, b]: number[]) => [
  Math.exp(a) / (Math.exp(a) + Math.exp(b)),
  Math.exp(b) / (Math.exp(a) + Math.exp(b)),
];

describe('Hugging Face tokenizers: truncation as the tokenizer defines it', () => {
  const dir = tempDir('lw-hf-trunc-');
  const withSpecials = join(dir, 'tokenizer.json');
  writeFileSync(withSpecials, JSON.stringify(hfTokenizerJson(HF_TEXT_MAX_POSITIONS)));
  const plainJson = { ...hfTokenizerJson(HF_TEXT_MAX_POSITIONS), post_processor: null };
  const plain = join(dir, 'plain.json');
  writeFileSync(plain, JSON.stringify(plainJson));
  const library = (json: object) => new Tokenizer(json, {});

  it.each([10, 13, 14, 15, 16, 17, 18, 30])('keeps [CLS] … [SEP] and cuts the content of a %i-token text', (n) => {
    const ours = textEncoder({ type: 'huggingface', file: withSpecials }).encode(textOf(n));
    const whole = library(hfTokenizerJson(null)).encode(textOf(n), {
      add_special_tokens: true,
      return_token_type_ids: true,
    });
    expect(whole.ids).toHaveLength(n + 2);
    const room = HF_TEXT_MAX_POSITIONS - 2;
    // Under the limit the tokenizer's own encoding; over it, its first `room` content tokens between the specials.
    const expected = n <= room ? whole.ids : [whole.ids[0], ...whole.ids.slice(1, 1 + room), whole.ids.at(-1)!];
    expect(ours.ids).toEqual(expected);
    expect(ours.ids[0]).toBe(HF_TEXT_VOCAB.indexOf('[CLS]'));
    expect(ours.ids.at(-1)).toBe(HF_TEXT_VOCAB.indexOf('[SEP]'));
    expect(ours.attentionMask).toEqual(expected.map(() => 1));
    expect(ours.tokenTypeIds).toEqual(expected.map(() => 0));
  });

  it.each([14, 16, 17, 25])('cuts a %i-token text without special tokens to the limit', (n) => {
    const ours = textEncoder({ type: 'huggingface', file: plain }).encode(textOf(n));
    const whole = library({ ...plainJson, truncation: null }).encode(textOf(n)).ids;
    expect(ours.ids).toEqual(whole.slice(0, HF_TEXT_MAX_POSITIONS));
  });

  it("a profile's maxLength overrides the tokenizer's", () => {
    expect(textEncoder({ type: 'huggingface', file: withSpecials, maxLength: 8 }).encode(textOf(20)).ids).toHaveLength(
      8,
    );
  });
});

describe('an export folder is a model', () => {
  it('the text export computes the logits its weights say, under onnxruntime', async () => {
    const folder = writeHfTextExport(join(tempDir('lw-hf-text-'), 'export'));
    const session = await ort.InferenceSession.create(join(folder, 'model.onnx'));
    const encoder = textEncoder({
      type: 'huggingface',
      file: join(folder, 'tokenizer.json'),
      config: join(folder, 'tokenizer_config.json'),
    });
    for (const text of ['great fun', 'the plot was boring and the acting awful', textOf(14)]) {
      const e = encoder.encode(text);
      const feed = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v, BigInt), [1, v.length]);
      const out = await session.run({
        input_ids: feed(e.ids),
        attention_mask: feed(e.attentionMask!),
        token_type_ids: feed(e.tokenTypeIds!),
      });
      const logits = Array.from(out.logits.data as Float32Array);
      const expected = hfTextLogits(e.ids, e.attentionMask!, e.tokenTypeIds!);
      expect(logits[0]).toBeCloseTo(expected[0], 5);
      expect(logits[1]).toBeCloseTo(expected[1], 5);
    }
    // A longer input than the model has positions for fails to run: why truncation must keep to the limit.
    const long = new ort.Tensor('int64', new BigInt64Array(HF_TEXT_MAX_POSITIONS + 4).fill(5n), [
      1,
      HF_TEXT_MAX_POSITIONS + 4,
    ]);
    await expect(
      session.run({
        input_ids: long,
        attention_mask: long,
        token_type_ids: new ort.Tensor('int64', new BigInt64Array(HF_TEXT_MAX_POSITIONS + 4), [
          1,
          HF_TEXT_MAX_POSITIONS + 4,
        ]),
      }),
    ).rejects.toThrow();
  });

  it("explain FOLDER reads its classes, tokenizer and limits with no profile; a long text is the tokenizer's truncated encoding", async () => {
    const folder = writeHfTextExport(join(tempDir('lw-hf-explain-'), 'sentiment'));
    const long = 'the movie was great and fun, but the plot was boring and the acting was awful. not good!';
    const r = await cli(['explain', folder, '--text', long, '--format', 'json', '--num-samples', '400']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.prediction.classNames).toEqual(['negative', 'positive']);
    const e = textEncoder({
      type: 'huggingface',
      file: join(folder, 'tokenizer.json'),
      config: join(folder, 'tokenizer_config.json'),
    }).encode(long);
    expect(e.ids).toHaveLength(HF_TEXT_MAX_POSITIONS);
    const expected = softmax(hfTextLogits(e.ids, e.attentionMask!, e.tokenTypeIds!));
    expect(doc.prediction.probabilities[0]).toBeCloseTo(expected[0], 5);
    expect(doc.prediction.probabilities[1]).toBeCloseTo(expected[1], 5);

    const inspect = JSON.parse((await cli(['inspect', folder, '--format', 'json'])).stdout);
    expect(inspect.profileSources).toMatchObject({
      classNames: 'config.json',
      'text.tokenizer': 'tokenizer.json, tokenizer_config.json',
      outputKind: 'config.json',
    });
    expect(inspect.exportFiles.map((f: { name: string }) => f.name)).toEqual([
      'config.json',
      'model.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  }, 60_000);

  it("records the folder's files in the audit: a changed tokenizer is a new model version, and verify notices", async () => {
    const dir = tempDir('lw-hf-audit-');
    const folder = writeHfTextExport(join(dir, 'sentiment'));
    const store = join(dir, 'review.lwa');
    expect(
      (await cli(['explain', folder, '--text', 'great fun', '--num-samples', '100', '--store', store])).status,
    ).toBe(0);
    expect((await cli(['verify', '--store', store])).status).toBe(0);
    writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 8, pad_token: '[PAD]' }));
    const changed = await cli(['verify', '--store', store]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/model 1 \(.*\) at .*sentiment: the file changed since it was registered/);
    expect(
      (await cli(['explain', folder, '--text', 'great fun', '--num-samples', '100', '--store', store])).status,
    ).toBe(0);
    const runs = JSON.parse((await cli(['runs', '--store', store, '--format', 'json'])).stdout).runs as {
      modelVersion: string;
    }[];
    expect(runs.map((r) => r.modelVersion).sort()).toEqual(['v1', 'v2']);
  }, 60_000);

  it('the image export is preprocessed as its preprocessor_config.json says', async () => {
    const dir = tempDir('lw-hf-image-');
    const folder = writeHfImageExport(join(dir, 'colours'));
    const model = await describeModelFile(folder);
    expect(model.profile).toMatchObject({
      modality: 'image',
      classNames: ['red', 'green', 'blue'],
      outputKind: 'logits',
      image: {
        width: 8,
        height: 8,
        channels: 3,
        layout: 'NCHW',
        mean: [0.5, 0.5, 0.5],
        std: [0.5, 0.5, 0.5],
        resize: { fit: 'fill', kernel: 'linear' },
      },
    });
    expect(model.profile.image!.scale).toBeCloseTo(255, 9);
    const png = join(dir, 'red.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 40, b: 10 } } })
      .png()
      .toFile(png);
    const r = await cli(['explain', folder, '--data', png, '--format', 'json', '--num-samples', '50']);
    expect(r.stderr).toBe('');
    // Logits are the normalised channel means: ((v / 255) − 0.5) / 0.5 for a solid picture.
    const logits = [200, 40, 10].map((v) => (v / 255 - 0.5) / 0.5);
    const z = logits.map(Math.exp);
    const probabilities = z.map((x) => x / z.reduce((a, b) => a + b));
    JSON.parse(r.stdout).prediction.probabilities.forEach((p: number, k: number) =>
      expect(p).toBeCloseTo(probabilities[k], 4),
    );
  }, 60_000);

  it('reads a shortest-edge processor as scale-to-cover and crop the centre', () => {
    const folder = writeHfImageExport(join(tempDir('lw-hf-crop-'), 'export'));
    writeFileSync(
      join(folder, 'preprocessor_config.json'),
      JSON.stringify({
        ...HF_IMAGE_PREPROCESSOR,
        size: { shortest_edge: 10 },
        do_center_crop: true,
        crop_size: { height: 8, width: 8 },
        resample: 3,
      }),
    );
    expect(readExportFolder(folder).profile.image).toMatchObject({
      width: 8,
      height: 8,
      resize: { fit: 'cover', kernel: 'cubic' },
    });
  });

  it('refuses a folder without an ONNX file, naming what it holds', async () => {
    const dir = tempDir('lw-hf-empty-');
    writeFileSync(join(dir, 'config.json'), '{}');
    const r = await cli(['inspect', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected a model export folder with model\.onnx .*found no ONNX file \("config\.json"\)/);
  });
});

describe('class names in metadata', () => {
  it.each([
    ['a JSON list', '["cat", "dog"]'],
    ['a JSON object by index', '{"1": "dog", "0": "cat"}'],
    ['a comma-separated string', 'cat, dog'],
  ])('as %s', (_, value) => {
    expect(metadataClassNames({ class_names: value })).toEqual(['cat', 'dog']);
  });

  it('ignores an object whose keys are not the indices 0..n−1', () => {
    expect(metadataClassNames({ class_names: '{"1": "dog", "2": "cat"}' })).toBeNull();
  });
});

describe("the demo's export folder", () => {
  it('is exactly what the fixture script writes (npm run fixtures:hf)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { ROOT } = await import('../../support/fixtures');
    const { HF_DEMO_REVIEWS } = await import('../../support/hfExports');
    const fresh = writeHfTextExport(join(tempDir('lw-hf-demo-'), 'sentiment_bert_tiny'));
    const committed = join(ROOT, 'build', 'demo', 'sentiment_bert_tiny');
    expect(readdirSync(committed).sort()).toEqual(readdirSync(fresh).sort());
    for (const name of readdirSync(fresh))
      expect(readFileSync(join(committed, name)).equals(readFileSync(join(fresh, name))), name).toBe(true);
    expect(readFileSync(join(ROOT, 'build', 'demo', 'movie_reviews.jsonl'), 'utf8')).toBe(
      HF_DEMO_REVIEWS.map((text) => JSON.stringify({ text })).join('\n') + '\n',
    );
  });
});

describe('Add model in the app', () => {
  it('takes an export folder path as it takes an ONNX file', async () => {
    const { createBackend } = await import('../../../electron/backend/app/createBackend');
    const dir = tempDir('lw-hf-app-');
    const folder = writeHfTextExport(join(dir, 'sentiment'));
    const backend = createBackend({ storePath: join(dir, 'a.lwa'), create: true });
    try {
      const added = await backend.api.addModel({ path: folder });
      expect(added).toMatchObject({
        family: 'sentiment',
        path: folder,
        profile: { modality: 'text', classNames: ['negative', 'positive'], outputKind: 'logits' },
      });
      expect(added.info.exportFiles?.map((f) => f.name)).toContain('tokenizer.json');
    } finally {
      await backend.close();
    }
  });
});
