import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { T, floatTensor, int64Tensor, model, node, valueInfo } from './onnxBuilder';

/**
 * Small models in the folder layout Hugging Face Optimum exports (`optimum-cli export onnx`): model.onnx,
 * config.json with id2label, and the tokenizer files (text) or preprocessor_config.json (images). Their
 * weights are known, so a test computes the expected logits by hand and checks onnxruntime against them.
 */

/** The WordPiece vocabulary of the text export; [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3. */
export const HF_TEXT_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'the',
  'a',
  'movie',
  'plot',
  'film',
  'was',
  'is',
  'good',
  'great',
  'bad',
  'awful',
  'boring',
  'fun',
  'acting',
  'and',
  'but',
  'not',
  '##ly',
  '##s',
  ',',
  '.',
  '!',
];
/** Each token's pull towards [negative, positive]; the rest pull nowhere. */
const PULL: Record<string, [number, number]> = {
  good: [0, 1.5],
  great: [0, 2.5],
  fun: [0, 1],
  bad: [1.5, 0],
  awful: [2.5, 0],
  boring: [1, 0],
  not: [0.5, 0],
};
/** Positions the model has embeddings for (BERT's max_position_embeddings): a longer input fails to run. */
export const HF_TEXT_MAX_POSITIONS = 16;
/** A small, position-dependent bias per position, so where a token sits matters a little (as in BERT). */
const positionBias = (t: number): [number, number] => [0.01 * t, -0.01 * t];
const typeBias = (tt: number): [number, number] => (tt === 0 ? [0, 0.05] : [0.05, 0]);

export function hfTextEmbedding(): number[][] {
  return HF_TEXT_VOCAB.map((t) => PULL[t] ?? [0, 0]);
}

/** The logits the text export computes for one encoded row, by hand: Σ_t mask_t · (E[id_t] + P[t] + TT[type_t]). */
export function hfTextLogits(ids: number[], mask: number[], types: number[]): [number, number] {
  const e = hfTextEmbedding();
  const out: [number, number] = [0, 0];
  ids.forEach((id, t) => {
    if (!mask[t]) return;
    for (const k of [0, 1]) out[k] += e[id][k] + positionBias(t)[k] + typeBias(types[t])[k];
  });
  return out;
}

/** A BERT-like sentiment classifier over the vocabulary above: inputs input_ids, attention_mask, token_type_ids; output logits. */
function hfTextModel(): Uint8Array {
  const positions = Array.from({ length: HF_TEXT_MAX_POSITIONS }, (_, t) => positionBias(t)).flat();
  return model({
    name: 'hf-text-classifier',
    node: [
      node('Gather', ['E', 'input_ids'], ['tokens']),
      node('Gather', ['TT', 'token_type_ids'], ['types']),
      node('Shape', ['input_ids'], ['shape']),
      node('Gather', ['shape', 'one'], ['length'], { axis: { i: 0 } }),
      node('Range', ['zero', 'length', 'one'], ['steps']),
      node('Gather', ['P', 'steps'], ['places']),
      node('Add', ['tokens', 'types'], ['typed']),
      node('Add', ['typed', 'places'], ['embedded']),
      node('Cast', ['attention_mask'], ['mask_f'], { to: { i: T.FLOAT } }),
      node('Unsqueeze', ['mask_f', 'axis2'], ['mask3']),
      node('Mul', ['embedded', 'mask3'], ['masked']),
      node('ReduceSum', ['masked', 'axis1'], ['logits'], { keepdims: { i: 0 } }),
    ],
    initializer: [
      floatTensor('E', [HF_TEXT_VOCAB.length, 2], hfTextEmbedding().flat()),
      floatTensor('TT', [2, 2], [...typeBias(0), ...typeBias(1)]),
      floatTensor('P', [HF_TEXT_MAX_POSITIONS, 2], positions),
      int64Tensor('zero', [], [0]),
      int64Tensor('one', [], [1]),
      int64Tensor('axis1', [1], [1]),
      int64Tensor('axis2', [1], [2]),
    ],
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) =>
      valueInfo(n, T.INT64, ['batch_size', 'sequence_length']),
    ),
    output: [valueInfo('logits', T.FLOAT, ['batch_size', 2])],
  });
}

/**
 * tokenizer.json as `tokenizers` writes a BERT WordPiece tokenizer, truncating to the model's positions.
 * @param vocab starts [PAD], [UNK], [CLS], [SEP] (ids 0–3)
 */
export function hfTokenizerJson(
  maxLength: number | null = HF_TEXT_MAX_POSITIONS,
  vocab: readonly string[] = HF_TEXT_VOCAB,
): object {
  return {
    version: '1.0',
    truncation:
      maxLength === null ? null : { direction: 'Right', max_length: maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]'].map((content) => ({
      id: vocab.indexOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab.indexOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab.indexOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes the text export folder; returns its path. */
export function writeHfTextExport(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), hfTextModel());
  writeFileSync(
    join(dir, 'config.json'),
    json({
      architectures: ['BertForSequenceClassification'],
      model_type: 'bert',
      id2label: { 0: 'negative', 1: 'positive' },
      label2id: { negative: 0, positive: 1 },
      max_position_embeddings: HF_TEXT_MAX_POSITIONS,
      vocab_size: HF_TEXT_VOCAB.length,
    }),
  );
  writeFileSync(join(dir, 'tokenizer.json'), json(hfTokenizerJson()));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    json({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: HF_TEXT_MAX_POSITIONS,
      pad_token: '[PAD]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      unk_token: '[UNK]',
    }),
  );
  writeFileSync(
    join(dir, 'special_tokens_map.json'),
    json({ pad_token: '[PAD]', cls_token: '[CLS]', sep_token: '[SEP]', unk_token: '[UNK]' }),
  );
  return dir;
}

/** The image export's size and preprocessing (ViTImageProcessor layout). */
export const HF_IMAGE_SIZE = 8;
export const HF_IMAGE_PREPROCESSOR = {
  image_processor_type: 'ViTImageProcessor',
  do_resize: true,
  size: { height: HF_IMAGE_SIZE, width: HF_IMAGE_SIZE },
  resample: 2,
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.5, 0.5, 0.5],
  image_std: [0.5, 0.5, 0.5],
};

/** Colour classifier: logits = the mean of each normalised channel (red, green, blue). */
function hfImageModel(): Uint8Array {
  return model({
    name: 'hf-image-classifier',
    node: [
      node('GlobalAveragePool', ['pixel_values'], ['pooled']),
      node('Flatten', ['pooled'], ['logits'], { axis: { i: 1 } }),
    ],
    initializer: [],
    input: [valueInfo('pixel_values', T.FLOAT, ['batch_size', 3, HF_IMAGE_SIZE, HF_IMAGE_SIZE])],
    output: [valueInfo('logits', T.FLOAT, ['batch_size', 3])],
  });
}

/** Writes the image export folder; returns its path. */
export function writeHfImageExport(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), hfImageModel());
  writeFileSync(
    join(dir, 'config.json'),
    json({
      architectures: ['ViTForImageClassification'],
      model_type: 'vit',
      id2label: { 0: 'red', 1: 'green', 2: 'blue' },
      label2id: { red: 0, green: 1, blue: 2 },
      image_size: HF_IMAGE_SIZE,
      num_channels: 3,
    }),
  );
  writeFileSync(join(dir, 'preprocessor_config.json'), json(HF_IMAGE_PREPROCESSOR));
  return dir;
}

/** Reviews for the demo's sentiment export: one short, one longer than its 16 positions (truncated). */
export const HF_DEMO_REVIEWS = [
  'A great film: fun acting and a good plot.',
  'The movie was boring and the acting awful, but the plot is not bad, and the film was fun, good and great!',
  'Not good. The plot was awful.',
];
