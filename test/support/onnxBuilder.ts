import { onnx } from '../../electron/backend/onnx/onnxProto';

/**
 * Builds small real ONNX models for tests, where a fixture with the needed layout does not exist: their
 * coefficients are known, so onnxruntime's answers and LIME's weights can be checked against them.
 */
export const T = onnx.TensorProto.DataType;

export type Dim = number | string;

export function valueInfo(name: string, elemType: number, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}

export function floatTensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: T.FLOAT, floatData: values });
}

type Attribute =
  { i: number } | { f: number } | { s: string } | { ints: number[] } | { floats: number[] } | { strings: string[] };

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, Attribute> = {},
  domain = '',
) {
  const A = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attributes).map(([name, v]) => {
    if ('i' in v) return { name, type: A.INT, i: v.i };
    if ('f' in v) return { name, type: A.FLOAT, f: v.f };
    if ('s' in v) return { name, type: A.STRING, s: new TextEncoder().encode(v.s) };
    if ('ints' in v) return { name, type: A.INTS, ints: v.ints };
    if ('floats' in v) return { name, type: A.FLOATS, floats: v.floats };
    return { name, type: A.STRINGS, strings: v.strings.map((s) => new TextEncoder().encode(s)) };
  });
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, attribute, domain });
}

export function int64Tensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: T.INT64, int64Data: values });
}

export function model(
  graph: Parameters<typeof onnx.GraphProto.create>[0],
  metadata: Record<string, string> = {},
  extraOpsets: { domain: string; version: number }[] = [],
): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'lime-workbench test builder',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 2 }, ...extraOpsets],
      graph: onnx.GraphProto.create(graph),
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    }),
  ).finish();
}

/** y = x·coef + intercept: input float32[N, F] named `input`, output float32[N, 1] named `value`. */
export function linearRegressor(coef: number[], intercept: number, inputDims: Dim[] = ['N', coef.length]): Uint8Array {
  return model({
    name: 'linear',
    node: [node('MatMul', ['input', 'W'], ['xw']), node('Add', ['xw', 'b'], ['value'])],
    initializer: [floatTensor('W', [coef.length, 1], coef), floatTensor('b', [1], [intercept])],
    input: [valueInfo('input', T.FLOAT, inputDims)],
    output: [valueInfo('value', T.FLOAT, ['N', 1])],
  });
}

/**
 * A binary logistic classifier: input float32[N, F] named `input`, output `probabilities` float32[N, 2] with
 * P(class 1) = σ(x·coef + intercept); class names "no", "yes".
 */
export function logisticClassifier(coef: number[], intercept: number): Uint8Array {
  return model(
    {
      name: 'logistic',
      node: [
        node('MatMul', ['input', 'W'], ['xw']),
        node('Add', ['xw', 'b'], ['scores']),
        node('Softmax', ['scores'], ['probabilities'], { axis: { i: 1 } }),
      ],
      initializer: [
        floatTensor(
          'W',
          [coef.length, 2],
          coef.flatMap((c) => [0, c]),
        ),
        floatTensor('b', [2], [0, intercept]),
      ],
      input: [valueInfo('input', T.FLOAT, ['N', coef.length])],
      output: [valueInfo('probabilities', T.FLOAT, ['N', 2])],
    },
    { class_names: JSON.stringify(['no', 'yes']) },
  );
}

export interface PerColumnClassifierSpec {
  numeric: { name: string; coef: number }[];
  /** A string column whose categories each add a fixed amount to the logit of class 1. */
  category: { name: string; effects: Record<string, number> };
  intercept: number;
  /** Output layout: plain probabilities, logits, or skl2onnx's ZipMap. */
  output: 'probabilities' | 'logits' | 'zipmap';
  /** Shape of each numeric input; default [N, 1]. */
  numericDims?: Dim[];
}

/**
 * A binary logistic model fed one input per column (skl2onnx's DataFrame layout): float32[N,1] per
 * numeric column, string[N,1] for the category. logit₁ = intercept + Σ coef·x + effect(category), logit₀ = 0.
 */
export function perColumnClassifier(spec: PerColumnClassifierSpec): Uint8Array {
  const k = spec.numeric.length + 1;
  const keys = Object.keys(spec.category.effects);
  return model(
    {
      name: 'per-column',
      node: [
        node(
          'LabelEncoder',
          [spec.category.name],
          ['cat_effect'],
          {
            keys_strings: { strings: keys },
            values_floats: { floats: keys.map((c) => spec.category.effects[c]) },
            default_float: { f: 0 },
          },
          'ai.onnx.ml',
        ),
        node('Concat', [...spec.numeric.map((n) => n.name), 'cat_effect'], ['features'], { axis: { i: 1 } }),
        node('MatMul', ['features', 'W'], ['xw']),
        node('Add', ['xw', 'b'], spec.output === 'logits' ? ['logits'] : ['scores']),
        ...(spec.output === 'logits' ? [] : [node('Softmax', ['scores'], ['probabilities'], { axis: { i: 1 } })]),
        ...(spec.output === 'zipmap'
          ? [
              node('ArgMax', ['probabilities'], ['output_label'], { axis: { i: 1 }, keepdims: { i: 0 } }),
              node(
                'ZipMap',
                ['probabilities'],
                ['output_probability'],
                { classlabels_int64s: { ints: [0, 1] } },
                'ai.onnx.ml',
              ),
            ]
          : []),
      ],
      initializer: [
        floatTensor(
          'W',
          [k, 2],
          [...spec.numeric.map((n) => n.coef), 1].flatMap((c) => [0, c]),
        ),
        floatTensor('b', [2], [0, spec.intercept]),
      ],
      input: [
        ...spec.numeric.map((n) => valueInfo(n.name, T.FLOAT, spec.numericDims ?? ['N', 1])),
        valueInfo(spec.category.name, T.STRING, ['N', 1]),
      ],
      output:
        spec.output === 'zipmap'
          ? [valueInfo('output_label', T.INT64, ['N']), zipMapValueInfo('output_probability')]
          : [valueInfo(spec.output, T.FLOAT, ['N', 2])],
    },
    { class_names: JSON.stringify(['no', 'yes']) },
  );
}

function zipMapValueInfo(name: string) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      sequenceType: onnx.TypeProto.Sequence.create({
        elemType: onnx.TypeProto.create({
          mapType: onnx.TypeProto.Map.create({
            keyType: T.INT64,
            valueType: onnx.TypeProto.create({ tensorType: { elemType: T.FLOAT } }),
          }),
        }),
      }),
    }),
  });
}

/** The probability of class 1 under a PerColumnClassifierSpec. */
export function perColumnProbability(spec: PerColumnClassifierSpec, row: Record<string, number | string>): number {
  let logit = spec.intercept + (spec.category.effects[String(row[spec.category.name])] ?? 0);
  for (const n of spec.numeric) logit += n.coef * Number(row[n.name]);
  return 1 / (1 + Math.exp(-logit));
}

/**
 * A transformer-style text classifier: probabilities = softmax(Σ_t mask_t · E[input_ids_t]) over two
 * classes, with inputs input_ids, attention_mask and token_type_ids (int64 [N, L]). `embedding` has one
 * [class0, class1] row per token id; the padding row can be made large to prove the mask is honoured.
 */
export function maskedBagOfTokens(embedding: number[][]): Uint8Array {
  return model(
    {
      name: 'masked-bag',
      node: [
        node('Gather', ['E', 'input_ids'], ['gathered']),
        node('Cast', ['attention_mask'], ['mask_f'], { to: { i: T.FLOAT } }),
        node('Unsqueeze', ['mask_f', 'axis2'], ['mask3']),
        node('Mul', ['gathered', 'mask3'], ['masked']),
        node('ReduceSum', ['masked', 'axis1'], ['logits'], { keepdims: { i: 0 } }),
        node('Softmax', ['logits'], ['probabilities'], { axis: { i: 1 } }),
      ],
      initializer: [
        floatTensor('E', [embedding.length, 2], embedding.flat()),
        int64Tensor('axis1', [1], [1]),
        int64Tensor('axis2', [1], [2]),
      ],
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(n, T.INT64, ['N', 'L'])),
      output: [valueInfo('probabilities', T.FLOAT, ['N', 2])],
    },
    { class_names: JSON.stringify(['negative', 'positive']) },
  );
}

/**
 * A text classifier that takes the raw string, as skl2onnx exports a CountVectorizer pipeline:
 * StringNormalizer (lower case) → Tokenizer (com.microsoft) → TfIdfVectorizer (counts) → MatMul → Softmax.
 * `weights` gives each vocabulary word's pull towards class 1.
 */
export function stringTextClassifier(weights: Record<string, number>): Uint8Array {
  const vocab = Object.keys(weights);
  return model(
    {
      name: 'string-text',
      node: [
        node('StringNormalizer', ['text'], ['lower'], { case_change_action: { s: 'LOWER' }, locale: { s: 'C' } }),
        node(
          'Tokenizer',
          ['lower'],
          ['tokens'],
          {
            mark: { i: 0 },
            mincharnum: { i: 1 },
            pad_value: { s: '#' },
            separators: { strings: [' ', ',', '[.]', '!'] },
          },
          'com.microsoft',
        ),
        node('TfIdfVectorizer', ['tokens'], ['counts'], {
          mode: { s: 'TF' },
          min_gram_length: { i: 1 },
          max_gram_length: { i: 1 },
          max_skip_count: { i: 0 },
          ngram_counts: { ints: [0] },
          ngram_indexes: { ints: vocab.map((_, i) => i) },
          pool_strings: { strings: vocab },
        }),
        node('MatMul', ['counts', 'W'], ['logits']),
        node('Softmax', ['logits'], ['probabilities'], { axis: { i: 1 } }),
      ],
      initializer: [
        floatTensor(
          'W',
          [vocab.length, 2],
          vocab.flatMap((w) => [0, weights[w]]),
        ),
      ],
      input: [valueInfo('text', T.STRING, ['N'])],
      output: [valueInfo('probabilities', T.FLOAT, ['N', 2])],
    },
    { class_names: JSON.stringify(['negative', 'positive']) },
    [{ domain: 'com.microsoft', version: 1 }],
  );
}

/**
 * An image regressor: value = Σ pixel · weight(x) over a grey [N, 1, H, W] input, weights by column.
 * Its answer for any perturbed image is known, so LIME's segment weights can be checked exactly.
 */
/** A regressor that only declares an image input of the given size (its mean brightness); cheap at any size. */
export function imageMeanRegressor(width: number, height: number): Uint8Array {
  return model({
    name: 'image-mean',
    node: [
      node('GlobalAveragePool', ['image'], ['pooled']),
      node('Flatten', ['pooled'], ['value'], { axis: { i: 1 } }),
    ],
    initializer: [],
    input: [valueInfo('image', T.FLOAT, ['N', 1, height, width])],
    output: [valueInfo('value', T.FLOAT, ['N', 1])],
  });
}

export function imageRegressor(width: number, height: number, weightOfColumn: (x: number) => number): Uint8Array {
  const w = Array.from({ length: width * height }, (_, p) => weightOfColumn(p % width));
  return model({
    name: 'image-regressor',
    node: [node('Flatten', ['image'], ['flat'], { axis: { i: 1 } }), node('MatMul', ['flat', 'W'], ['value'])],
    initializer: [floatTensor('W', [width * height, 1], w)],
    input: [valueInfo('image', T.FLOAT, ['N', 1, height, width])],
    output: [valueInfo('value', T.FLOAT, ['N', 1])],
  });
}
