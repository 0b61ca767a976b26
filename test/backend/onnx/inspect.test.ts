import { describe, expect, it } from 'vitest';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { fixture } from '../../support/fixtures';

describe('describeModelFile', () => {
  it('reads what onnxruntime-node does not expose: opsets, producer, metadata_props', async () => {
    const m = await describeModelFile(fixture('breast_cancer_rf.onnx'));
    expect(m.info.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(m.info.producerName).toBe('lime-fixtures/tree_convert.py');
    expect(JSON.parse(m.info.metadata['fixture.class_names'])).toEqual(['malignant', 'benign']);
    expect(m.info.inputs).toEqual([
      { name: 'input', kind: 'tensor', elementType: 'float32', shape: ['N', 30], display: 'float32[N,30]' },
    ]);
    expect(m.info.operators).toEqual({ 'ai.onnx.ml.TreeEnsembleClassifier': 1 });
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sees a ZipMap output as a sequence of maps and reads its probabilities from the tensor behind it', async () => {
    const m = await describeModelFile(fixture('breast_cancer_rf_zipmap.onnx'));
    const out = m.info.outputs.find((o) => o.name === 'output_probability')!;
    expect(out.kind).toBe('sequence');
    expect(out.display).toBe('sequence<map<int64,float32>>');
    expect(m.profile.output).toBe('output_probability');
    expect(m.facts.zipMaps).toHaveLength(1);
    expect(m.outputTensor).toBe(m.facts.zipMaps[0].tensor);
    expect(m.facts.zipMaps[0].classLabels).toEqual(['0', '1']);
  });

  it.each([
    [
      'wine_mlp.onnx',
      { modality: 'tabular', task: 'classification', output: 'probabilities', outputKind: 'probabilities' },
    ],
    [
      'diabetes_gbr.onnx',
      { modality: 'tabular', task: 'regression', output: 'variable', outputKind: 'value', classNames: null },
    ],
    ['debian_text_bow.onnx', { modality: 'text', task: 'classification', output: 'probabilities' }],
    ['fashion_mnist_cnn.onnx', { modality: 'image', task: 'classification', output: 'probabilities' }],
  ])('infers the profile of %s', async (file, expected) => {
    const m = await describeModelFile(fixture(file));
    expect(m.profile).toMatchObject(expected);
  });

  it('lays a user profile over the inferred one, field by field, and refuses one the model cannot honour', async () => {
    const m = await describeModelFile(fixture('breast_cancer_rf.onnx'), { classNames: ['bad', 'good'] });
    expect(m.profile.classNames).toEqual(['bad', 'good']);
    expect(m.profile.output).toBe('probabilities');
    await expect(describeModelFile(fixture('breast_cancer_rf.onnx'), { output: 'nope' })).rejects.toThrow(
      /expected one of the model's outputs \(label, probabilities\), found "nope"/,
    );
    await expect(describeModelFile(fixture('breast_cancer_rf.onnx'), { classNames: ['a', 'b', 'c'] })).rejects.toThrow(
      /expected 2 names/,
    );
  });
});
