import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { fixture } from '../support/fixtures';

describe('lime-workbench inspect', () => {
  it('prints inputs, outputs, opsets, producer, metadata and the inferred profile as JSON', async () => {
    const r = await cli(['inspect', fixture('breast_cancer_rf_zipmap.onnx'), '--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('lime-workbench/model@1');
    expect(doc.inputs.map((i: { display: string }) => i.display)).toEqual(['float32[N,30]']);
    expect(doc.outputs.map((o: { name: string; display: string }) => `${o.name} ${o.display}`)).toEqual([
      'output_label int64[N]',
      'output_probability sequence<map<int64,float32>>',
    ]);
    expect(doc.opsets).toContainEqual({ domain: 'ai.onnx.ml', version: 1 });
    expect(doc.producerName).toMatch(/tree_convert/);
    expect(doc.metadata['fixture.class_names']).toBe('["malignant","benign"]');
    expect(doc.profile).toMatchObject({
      modality: 'tabular',
      task: 'classification',
      output: 'output_probability',
      outputKind: 'probabilities',
      classNames: ['malignant', 'benign'],
    });
  });

  it('prints a readable summary by default', async () => {
    const r = await cli(['inspect', fixture('wine_mlp.onnx')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Inputs\s+input {2}float32\[N,13\]$/m);
    expect(r.stdout).toMatch(/^Profile\s+tabular classification, reads "probabilities" as probabilities$/m);
    expect(r.stdout).toMatch(/^Opsets\s+ai\.onnx 14$/m);
  });

  it('exits 2 on a file that is not a model, 0 on --help', async () => {
    const bad = await cli(['inspect', fixture('wine.test.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/wine\.test\.csv: expected an ONNX model/);
    const help = await cli(['inspect', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: lime-workbench inspect/);
  });

  it('exits 2 on an unknown command and prints usage without one', async () => {
    const r = await cli(['explian']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "explian": expected one of explain, inspect/);
  });
});
