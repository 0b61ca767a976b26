import { checkNeighbourhood } from '../../../shared/contract/limits';
import { instanceSeed } from '../../../shared/domain/params';
import type { TextParams } from '../../../shared/domain/params';
import type { TextTokenizerProfile } from '../../../shared/domain/model';
import { DEFAULT_TEXT_KERNEL_WIDTH, explainText } from '../../../shared/engine/text/explainText';
import { featureSpans, textFeatures, type TextDocument } from '../../../shared/engine/text/textFeatures';
import { kernelShapMasks } from '../../../shared/engine/shap/kernelShapMasks';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { LoadedModel } from '../onnx/loadModel';
import { textEncoder, type TextEncoder } from '../text/textEncoder';
import { GrowableInt64, OnnxTextPredictor } from '../text/textPredictor';
import { maskWorkspace, type MaskWorkspace } from '../../../shared/engine/sampleMasks';
import { heldBytes, ReusedBuffers } from './reusedBuffers';
import { labelOptions, methodExplainer, guaranteeSettings } from './methodExplainer';
import { runInstances, type InstanceExplanation, type JobHooks } from './runInstances';

export interface TextJob {
  kind: 'text';
  instances: { row: number; text: string }[];
  params: TextParams;
}

const buffers = new ReusedBuffers<{ workspace: MaskWorkspace; ids: GrowableInt64 }>(
  ({ workspace, ids }) => heldBytes(workspace.masks, workspace.distances) + ids.byteLength,
);
const encoders = new WeakMap<LoadedModel, { tokenizer: TextTokenizerProfile; encoder: TextEncoder }>();

/** The model's tokeniser, built once per open model and profile (reading a vocabulary takes 2 ms). */
function encoderOf(model: LoadedModel, tokenizer: TextTokenizerProfile): TextEncoder {
  const known = encoders.get(model);
  if (known?.tokenizer === tokenizer) return known.encoder;
  const encoder = textEncoder(tokenizer, model.info.metadata);
  encoders.set(model, { tokenizer, encoder });
  return encoder;
}

/** Runs a text job: each text cut into features, then every seed's run, texts sent to the model in batches. */
export async function runTextJob(
  model: LoadedModel,
  job: TextJob,
  hooks: JobHooks = {},
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const profile = model.profile.text;
  if (!profile)
    throw new WorkbenchError('invalid-input', `${model.path}: expected a text profile for this model, found none`);
  const encoder = encoderOf(model, profile.tokenizer);
  const docs = job.instances.map(({ row, text }) => {
    const doc = textFeatures(text, { split: params.split, mode: params.mode });
    if (doc.features.length === 0)
      throw new WorkbenchError(
        'invalid-input',
        `text of row ${row}: expected at least one word to explain (split by /${params.split}/), found none`,
      );
    checkNeighbourhood(params.numSamples, doc.features.length, `text of row ${row}`);
    return doc;
  });
  // Buffers shared by every run of the job (and passed on to the thread's next job): masks and design for
  // the longest text, token ids as they grow.
  const longest = Math.max(...docs.map((d) => d.features.length));
  return buffers.with(
    ({ workspace }) =>
      workspace.masks.length >= params.numSamples * longest && workspace.distances.length >= params.numSamples,
    () => ({ workspace: maskWorkspace(params.numSamples, longest), ids: new GrowableInt64() }),
    ({ workspace, ids }) => explainTexts(model, job, docs, encoder, workspace, ids, hooks),
  );
}

function explainTexts(
  model: LoadedModel,
  job: TextJob,
  docs: TextDocument[],
  encoder: TextEncoder,
  workspace: MaskWorkspace,
  ids: GrowableInt64,
  hooks: JobHooks,
): Promise<InstanceExplanation[]> {
  const { params } = job;
  const kernelWidth = params.kernelWidth ?? DEFAULT_TEXT_KERNEL_WIDTH;
  const labelled = labelOptions(model, params, hooks);
  const explainers = job.instances.map(({ row }, i) => {
    const doc = docs[i];
    const predictor = new OnnxTextPredictor(model, doc, encoder, params.batchSize, ids);
    const lime = (width: number, seed: number) =>
      explainText(doc, predictor, {
        ...params,
        ...labelled,
        kernelWidth: width,
        seed,
        workspace,
        guarantee: guaranteeSettings(params),
      });
    const shap = (seed: number, numSamples: number) =>
      kernelShapMasks(doc.features.length, predictor, (f) => doc.features[f].name, {
        ...labelled,
        numSamples,
        seed,
      }).then((r) => withSpans(r, doc));
    return methodExplainer(
      row,
      { ...params, seed: instanceSeed(params, row) },
      { given: kernelWidth, sweepBase: DEFAULT_TEXT_KERNEL_WIDTH },
      lime,
      shap,
    );
  });
  return runInstances(explainers, job.instances.length, params.runs, params.numFeatures, hooks);
}

/** Each word's character spans on its weights, as LIME's text explanations carry them. */
function withSpans<
  T extends { run: { explanations: { weights: { feature: number; spans?: [number, number][] }[] }[] } },
>(result: T, doc: TextDocument): T {
  for (const e of result.run.explanations) for (const w of e.weights) w.spans = featureSpans(doc, w.feature);
  return result;
}
