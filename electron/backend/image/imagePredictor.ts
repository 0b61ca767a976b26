import * as ort from 'onnxruntime-node';
import type { Predictor } from '../../../shared/engine/predictor';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { LoadedModel } from '../onnx/loadModel';
import { readScores } from '../onnx/readScores';

/** Feeds an image model batches of images already in its layout and units ([n, C, H, W] or [n, H, W, C]). */
export class OnnxImagePredictor implements Predictor {
  outputs: number;

  constructor(private readonly model: LoadedModel) {
    this.outputs = model.profile.task === 'regression' ? 1 : (model.profile.classNames?.length ?? 0);
  }

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    const image = this.model.profile.image!;
    const input = this.model.info.inputs[0];
    const dims =
      image.layout === 'NCHW'
        ? [rows, image.channels, image.height, image.width]
        : [rows, image.height, image.width, image.channels];
    // A model declaring [N, H, W] (no channel axis) gets the same values in that shape.
    const shape = input.shape?.length === 3 ? [rows, image.height, image.width] : dims;
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await this.model.session.run({ [input.name]: new ort.Tensor('float32', x, shape) }, [
        this.model.outputTensor,
      ]);
    } catch (error) {
      throw new WorkbenchError(
        'model-failed',
        `${this.model.path}: the model failed on a batch of ${rows} images (${(error as Error).message})`,
      );
    }
    const scores = readScores(this.model, results, rows);
    if (this.outputs === 0) this.outputs = scores.length / rows;
    return scores;
  }
}
