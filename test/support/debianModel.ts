import { readFileSync } from 'node:fs';
import { onnx } from '../../electron/backend/onnx/onnxProto';
import { fixture, fixtureJson } from './fixtures';

/**
 * The debian_text_bow model's own parameters, read from its ONNX initializers: it computes
 * softmax(Σ_tokens E[id] + b), a linear model of word counts, so each word's pull on each class is known.
 */
export function debianModelWeights(): {
  embedding: Float32Array;
  classes: number;
  bias: Float32Array;
  vocab: Map<string, number>;
} {
  const model = onnx.ModelProto.decode(readFileSync(fixture('debian_text_bow.onnx')));
  const tensor = (name: string) => {
    const t = model.graph!.initializer!.find((i) => i.name === name)!;
    const raw = t.rawData!;
    return {
      values: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)),
      dims: t.dims!.map(Number),
    };
  };
  const e = tensor('emb.weight');
  const vocabList: string[] = fixtureJson<{ vocab: string[] }>('debian_text_bow.vocab.json').vocab;
  return {
    embedding: e.values,
    classes: e.dims[1],
    bias: tensor('bias').values,
    vocab: new Map(vocabList.map((w, i) => [w, i + 1])),
  };
}
