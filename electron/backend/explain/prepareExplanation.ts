import type { ModelDescription } from '../onnx/loadModel';
import { prepareImage } from './prepareImage';
import type { CommonParams, ExplainInput, PreparedExplanation } from './prepared';
import { prepareTabular } from './prepareTabular';
import { prepareText } from './prepareText';

/** Reads and checks what to explain for the model's modality, and returns the worker's job. */
export function prepareExplanation(model: ModelDescription, input: ExplainInput, common: CommonParams): Promise<PreparedExplanation> {
  const modality = model.profile.modality;
  return (modality === 'tabular' ? prepareTabular : modality === 'text' ? prepareText : prepareImage)(model, input, common);
}
