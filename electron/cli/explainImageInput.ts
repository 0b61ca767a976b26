import type { ModelDescription } from '../backend/onnx/loadModel';
import { WorkbenchError } from '../../shared/contract/errors';
import type { CommonParams, ExplainFlags } from './explain';
import type { PreparedExplanation } from './explainInput';

/** `explain` on an image model (filled in with the image explainer). */
export async function prepareImage(model: ModelDescription, _f: ExplainFlags, _common: CommonParams, _rows: number[]): Promise<PreparedExplanation> {
  throw new WorkbenchError('unsupported', `${model.path}: image explanations are not available yet`);
}
