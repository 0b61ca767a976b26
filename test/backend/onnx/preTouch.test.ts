import { describe, expect, it } from 'vitest';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { openModel } from '../../../electron/backend/onnx/openModel';
import { preTouch, touchShape } from '../../../electron/backend/onnx/preTouch';
import { fixture } from '../../support/fixtures';

/**
 * A new session runs once on a synthetic sample as it opens: on every kind of model the fixtures hold
 * (tree ensembles with and without ZipMap, a boosted regressor, an MLP, a CNN on images, a text model on
 * token ids). That a pre-touched session answers real inputs as before, the expected-outputs test shows.
 */
describe('preTouch', () => {
  it.each([
    'breast_cancer_rf.onnx',
    'breast_cancer_rf_zipmap.onnx',
    'diabetes_gbr.onnx',
    'wine_mlp.onnx',
    'fashion_mnist_cnn.onnx',
    'debian_text_bow.onnx',
  ])('runs %s once on a synthetic sample', async (name) => {
    const model = await openModel(await describeModelFile(fixture(name)), 1);
    try {
      expect(await preTouch(model)).toBe(true);
    } finally {
      await model.session.release();
    }
  });

  it('says false, and leaves the session usable, when the model refuses the sample', async () => {
    const model = await openModel(await describeModelFile(fixture('breast_cancer_rf.onnx')), 1);
    try {
      // An input the synthetic sample cannot be: a type onnxruntime has no zero for here.
      const refusing = {
        ...model,
        info: { ...model.info, inputs: [{ ...model.info.inputs[0], elementType: 'complex64' as const }] },
      };
      expect(await preTouch(refusing)).toBe(false);
      expect(await preTouch(model)).toBe(true);
    } finally {
      await model.session.release();
    }
  });

  it("sizes the synthetic input as a default explanation's first call, within its bound", () => {
    expect(touchShape(['N', 30], 5000)).toEqual([5000, 30]); // a tabular neighbourhood
    expect(touchShape([null, 1, 28, 28], 100)).toEqual([100, 1, 28, 28]); // an image batch
    expect(touchShape(['batch', 'sequence'], 1)).toEqual([1, 1]); // a text: one row, one token
    expect(touchShape([4, 30], 5000)).toEqual([4, 30]); // a fixed batch stays as the model says
    // A large image: as many rows as stay within four million values.
    expect(touchShape(['N', 3, 224, 224], 100)).toEqual([26, 3, 224, 224]);
    // One sample alone larger than that: not pre-touched at all.
    expect(touchShape(['N', 3, 2048, 2048], 100)).toBeNull();
  });
});
