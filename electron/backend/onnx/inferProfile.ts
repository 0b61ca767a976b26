import { LIMITS } from '../../../shared/contract/limits';
import type { ModelProto } from './onnxProto';
import type {
  ImageProfile,
  ModelInfo,
  ModelProfile,
  OutputKind,
  TensorInfo,
  TextProfile,
} from '../../../shared/domain/model';
import type { ProfileOverride } from '../../../shared/contract/profileSchema';
import { WorkbenchError } from '../../../shared/contract/errors';
import type { ZipMapRewrite } from './stripZipMap';
import { nodesOf } from './readModelInfo';
import { indexedNames } from './exportFolder';

/** Operators whose output is already a probability distribution. */
const PROBABILITY_PRODUCERS = new Set([
  'Softmax',
  'ZipMap',
  'TreeEnsembleClassifier',
  'SVMClassifier',
  'LinearClassifier',
  'Sigmoid',
]);

/** Facts of the graph beyond its declared inputs and outputs. */
export interface GraphFacts {
  /** Operator type producing each graph output. */
  producers: Record<string, string>;
  zipMaps: ZipMapRewrite[];
  /** Class labels declared by a classifier operator, if any. */
  classLabels: string[] | null;
}

export function graphFacts(model: ModelProto, zipMaps: ZipMapRewrite[]): GraphFacts {
  const producers: Record<string, string> = {};
  let classLabels: string[] | null = null;
  for (const node of nodesOf(model)) {
    for (const out of node.output) producers[out] = node.opType;
    const ints = node.attribute.find((a) => a.name === 'classlabels_int64s')?.ints ?? [];
    const strings = node.attribute.find((a) => a.name === 'classlabels_strings')?.strings ?? [];
    if (!classLabels && (ints.length || strings.length)) {
      classLabels = ints.length ? ints.map(String) : strings.map((s) => new TextDecoder().decode(s));
    }
  }
  for (const z of zipMaps) producers[z.output] = 'ZipMap';
  return { producers, zipMaps, classLabels };
}

/**
 * What the workbench infers about how to feed a model and read its answer. Where it cannot tell (no
 * float output, an ambiguous input) it still returns its best guess; `checkProfile` then names what is
 * missing.
 */
export function inferProfile(info: ModelInfo, facts: GraphFacts): ModelProfile {
  const modality = inferModality(info.inputs);
  const output = chooseOutput(info.outputs, facts);
  const width = output ? lastDimension(output, facts) : null;
  const hasLabelOutput = info.outputs.some(
    (o) => o !== output && (o.elementType === 'int64' || o.elementType === 'string'),
  );
  const classification = facts.zipMaps.length > 0 || hasLabelOutput || (typeof width === 'number' && width > 1);
  const producer = output ? facts.producers[output.name] : undefined;
  const outputKind: OutputKind = !classification
    ? 'value'
    : (producer && PROBABILITY_PRODUCERS.has(producer)) || /prob/i.test(output?.name ?? '')
      ? 'probabilities'
      : 'logits';
  const classNames = metadataClassNames(info.metadata) ?? facts.zipMaps[0]?.classLabels ?? facts.classLabels;
  const profile: ModelProfile = {
    modality,
    task: classification ? 'classification' : 'regression',
    classNames: classification ? classNames : null,
    output: output?.name ?? '',
    outputKind,
  };
  if (modality === 'text') profile.text = inferTextProfile(info);
  if (modality === 'image') {
    const image = inferImageProfile(info.inputs[0]);
    if (image) profile.image = image;
  }
  if (modality === 'tabular') {
    const perColumn = info.inputs.length > 1;
    profile.tabular = {
      featureNames: perColumn ? info.inputs.map((i) => i.name) : metadataList(info.metadata, 'feature_names'),
      categorical: perColumn ? info.inputs.filter((i) => i.elementType === 'string').map((i) => i.name) : [],
    };
  }
  return profile;
}

/**
 * A text model's tokenizer, from what its metadata says (a `tokenizer` JSON with a `token_regex`, and a
 * `vocab` list), or a string input; otherwise a HuggingFace tokenizer whose file a profile must name.
 */
function inferTextProfile(info: ModelInfo): TextProfile {
  const base = { split: '\\W+', bow: true };
  if (info.inputs.length === 1 && info.inputs[0].elementType === 'string')
    return { ...base, tokenizer: { type: 'string' } };
  const rule = metadataObject(info.metadata, 'tokenizer');
  const vocabKey = Object.keys(info.metadata).find((k) => k === 'vocab' || k.endsWith('.vocab'));
  if (rule && typeof rule.token_regex === 'string' && vocabKey && metadataList(info.metadata, 'vocab')) {
    const padId = typeof rule.padding_id === 'number' ? rule.padding_id : 0;
    const idOffset = typeof rule.ids === 'string' && /\+\s*1\b/.test(rule.ids) ? 1 : padId === 0 ? 1 : 0;
    return {
      ...base,
      tokenizer: {
        type: 'regex-vocab',
        pattern: rule.token_regex,
        lowercase: Boolean(rule.lowercase),
        vocab: `metadata:${vocabKey}`,
        idOffset,
        padId,
        oov: 'drop',
      },
    };
  }
  return { ...base, tokenizer: { type: 'huggingface', file: '' } };
}

/** An image input's size, channels and layout from its shape: [N, C, H, W] or [N, H, W, C]. */
function inferImageProfile(input: TensorInfo): ImageProfile | null {
  const shape = input.shape ?? [];
  const dims = shape.slice(1).map((d) => (typeof d === 'number' ? d : null));
  if (dims.length === 2 && dims[0] && dims[1])
    return { width: dims[1], height: dims[0], channels: 1, layout: 'NCHW', scale: 255, mean: [0], std: [1] };
  if (dims.length !== 3) return null;
  const [a, b, c] = dims;
  const nchw = a === 1 || a === 3;
  const channels = (nchw ? a : c) as 1 | 3 | null;
  const [height, width] = nchw ? [b, c] : [a, b];
  if (!channels || (channels !== 1 && channels !== 3) || !height || !width) return null;
  const zeros = new Array<number>(channels).fill(0);
  return { width, height, channels, layout: nchw ? 'NCHW' : 'NHWC', scale: 255, mean: zeros, std: zeros.map(() => 1) };
}

/** The inferred profile with a user's profile laid over it field by field. */
export function mergeProfile(inferred: ModelProfile, override: ProfileOverride | null): ModelProfile {
  if (!override) return inferred;
  const merged: ModelProfile = { ...inferred, ...(override as Partial<ModelProfile>) };
  if (override.text || inferred.text) {
    merged.text = {
      ...(inferred.text ?? { split: '\\W+', bow: true, tokenizer: { type: 'string' } }),
      ...override.text,
    };
  }
  if (override.image && inferred.image)
    merged.image = { ...inferred.image, ...(override.image as Partial<ImageProfile>) };
  else if (override.image) merged.image = override.image as ImageProfile;
  if (override.tabular || inferred.tabular) {
    merged.tabular = {
      featureNames: override.tabular?.featureNames ?? inferred.tabular?.featureNames ?? null,
      categorical: override.tabular?.categorical ?? inferred.tabular?.categorical ?? [],
    };
  }
  if (override.task === 'regression' && !override.outputKind) merged.outputKind = 'value';
  return merged;
}

/** Refuses a profile the model cannot honour, naming the field, what was expected and what was found. */
export function checkProfile(profile: ModelProfile, info: ModelInfo, facts: GraphFacts, source: string): void {
  const names = info.outputs.map((o) => o.name);
  if (!profile.output) {
    throw new WorkbenchError(
      'invalid-input',
      `${source}: expected a float output to read, found only ${info.outputs.map((o) => `${o.name} ${o.display}`).join(', ')}; name one with "output" in a --profile`,
    );
  }
  if (!names.includes(profile.output)) {
    throw new WorkbenchError(
      'invalid-input',
      `profile "output": expected one of the model's outputs (${names.join(', ')}), found "${profile.output}"`,
    );
  }
  const out = info.outputs.find((o) => o.name === profile.output)!;
  if (out.kind !== 'tensor' && !facts.zipMaps.some((z) => z.output === out.name)) {
    throw new WorkbenchError(
      'unsupported',
      `profile "output": ${out.name} is a ${out.display}, which onnxruntime-node cannot return; choose a tensor output`,
    );
  }
  checkSizes(profile, info, source);
  const width = lastDimension(out, facts);
  if (
    profile.classNames &&
    typeof width === 'number' &&
    width !== profile.classNames.length &&
    profile.task === 'classification'
  ) {
    throw new WorkbenchError(
      'invalid-input',
      `profile "classNames": expected ${width} names (the width of ${out.name}), found ${profile.classNames.length}`,
    );
  }
}

/**
 * Refuses, before anything is allocated, sizes a model (or a profile) declares beyond LIMITS: an image
 * side or area every picture would be resized to, a tabular input wider than any table it could explain.
 */
function checkSizes(profile: ModelProfile, info: ModelInfo, source: string): void {
  const image = profile.image;
  if (image) {
    if (
      image.width > LIMITS.imageSide ||
      image.height > LIMITS.imageSide ||
      image.width * image.height > LIMITS.imagePixels
    ) {
      throw new WorkbenchError(
        'invalid-input',
        `${source}: expected an image input of at most ${LIMITS.imageSide} pixels a side and ${LIMITS.imagePixels} pixels, found ${image.width}×${image.height}`,
      );
    }
  }
  if (profile.modality === 'tabular') {
    for (const input of info.inputs) {
      const width = input.shape?.length === 2 ? input.shape[1] : null;
      if (typeof width === 'number' && width > LIMITS.modelFeatures) {
        throw new WorkbenchError(
          'invalid-input',
          `${source}: expected a tabular input of at most ${LIMITS.modelFeatures} features, found "${input.name}" ${input.display}`,
        );
      }
    }
  }
}

function inferModality(inputs: TensorInfo[]): ModelProfile['modality'] {
  if (inputs.length === 1) {
    const [input] = inputs;
    const rank = input.shape?.length ?? 0;
    if (rank === 4 || rank === 3) return 'image';
    if (input.elementType === 'int64' || input.elementType === 'int32') return 'text';
    if (input.elementType === 'string' && rank <= 1) return 'text';
  } else if (inputs.some((i) => /input_ids/.test(i.name))) {
    return 'text';
  }
  return 'tabular';
}

function chooseOutput(outputs: TensorInfo[], facts: GraphFacts): TensorInfo | undefined {
  const zip = outputs.find((o) => facts.zipMaps.some((z) => z.output === o.name));
  if (zip) return zip;
  const floats = outputs.filter(
    (o) => o.kind === 'tensor' && (o.elementType === 'float32' || o.elementType === 'float64'),
  );
  return (
    floats.find((o) => /prob/i.test(o.name)) ??
    floats.find((o) => typeof o.shape?.at(-1) === 'number' && (o.shape.at(-1) as number) > 1) ??
    floats[0]
  );
}

/** Width of an output's last dimension: classes, or 1 for a value; ZipMaps count their labels. */
function lastDimension(output: TensorInfo, facts: GraphFacts): number | string | null {
  const zip = facts.zipMaps.find((z) => z.output === output.name);
  if (zip) return zip.classLabels.length;
  if (!output.shape) return null;
  if (output.shape.length <= 1) return 1;
  return output.shape.at(-1) ?? null;
}

/** A JSON object stored under a metadata key ending in `suffix`. */
function metadataObject(metadata: Record<string, string>, suffix: string): Record<string, unknown> | null {
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== suffix && !key.endsWith(`.${suffix}`)) continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON.
    }
  }
  return null;
}

/** A JSON list of strings stored under a metadata key ending in `suffix` (e.g. `fixture.class_names`). */
/**
 * Class names in a model's metadata (`class_names`, or a key ending in `.class_names`), as exporters
 * write them: a JSON list, a JSON object from index to name (`{"0": "neg", "1": "pos"}`, as id2label), or a
 * comma-separated string.
 */
export function metadataClassNames(metadata: Record<string, string>): string[] | null {
  const list = metadataList(metadata, 'class_names');
  if (list) return list;
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== 'class_names' && !key.endsWith('.class_names')) continue;
    const byIndex = indexedNames(value);
    if (byIndex) return byIndex;
    // JSON of another shape is not a list of names; only plain text is split at commas.
    if (/^\s*[[{]/.test(value)) continue;
    const names = value.split(',').map((n) => n.trim());
    if (names.length > 0 && names.every(Boolean)) return names;
  }
  return null;
}

export function metadataList(metadata: Record<string, string>, suffix: string): string[] | null {
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== suffix && !key.endsWith(`.${suffix}`)) continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string' || typeof v === 'number'))
        return parsed.map(String);
    } catch {
      // Not JSON: not a list we can use.
    }
  }
  return null;
}
