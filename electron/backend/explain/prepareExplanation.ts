import type { ModelDescription } from '../onnx/loadModel';
import type { CommonParams, ExplainInput, PreparedExplanation } from './prepared';

/**
 * Reads and checks what to explain for the model's modality, and returns the worker's job. Each modality
 * is loaded when first used: only images need the image decoder (sharp), only text the tokenizers.
 */
export async function prepareExplanation(
  model: ModelDescription,
  input: ExplainInput,
  common: CommonParams,
): Promise<PreparedExplanation> {
  const modality = model.profile.modality;
  if (modality === 'tabular') return (await import('./prepareTabular')).prepareTabular(model, input, common);
  if (modality === 'text') return (await import('./prepareText')).prepareText(model, input, common);
  return (await import('./prepareImage')).prepareImage(model, input, common);
}
