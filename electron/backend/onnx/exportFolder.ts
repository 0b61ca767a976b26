import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput, nameList, WorkbenchError } from '../../../shared/contract/errors';
import type { ProfileOverride } from '../../../shared/contract/profileSchema';

/**
 * A model exported the way Hugging Face Optimum (or transformers.onnx) writes it: a folder holding the
 * ONNX file with config.json, the tokenizer files (text) or preprocessor_config.json (images). Every file
 * is hashed: a changed tokenizer is a new model version, as a changed ONNX file is.
 */
export interface ExportFolder {
  dir: string;
  /** The ONNX file: model.onnx, or the one .onnx file there. */
  onnxFile: string;
  /** Every file of the folder with its SHA-256, by name. */
  files: { name: string; sha256: string; size: number }[];
  /** SHA-256 over the files' names and digests: the folder's identity. */
  sha256: string;
  /** What the folder says of the profile. */
  profile: ProfileOverride;
  /** Which file each profile field came from. */
  sources: Record<string, string>;
}

/** Files read from an export folder are bounded: JSON configs are small; the ONNX file is read elsewhere. */
const MAX_FILES = 64;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The SHA-256 a model is registered by: of its file, or of an export folder's files; null when unreadable. */
export async function modelDigest(path: string): Promise<string | null> {
  try {
    if (isFolder(path)) return readExportFolder(path).sha256;
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return null;
  }
}

export function readExportFolder(dir: string): ExportFolder {
  const names = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort();
  if (names.length > MAX_FILES)
    throw invalidInput(dir, `an export folder of at most ${MAX_FILES} files`, `${names.length}`);
  const onnxFiles = names.filter((n) => n.endsWith('.onnx'));
  const onnxName = onnxFiles.includes('model.onnx') ? 'model.onnx' : onnxFiles.length === 1 ? onnxFiles[0] : null;
  if (!onnxName)
    throw invalidInput(
      dir,
      'a model export folder with model.onnx (or exactly one .onnx file)',
      onnxFiles.length
        ? `${onnxFiles.length} ONNX files (${nameList(onnxFiles)})`
        : `no ONNX file (${nameList(names) || 'an empty folder'})`,
    );
  const files = names.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  });
  const sha256 = createHash('sha256')
    .update(files.map((f) => `${f.name} ${f.sha256}\n`).join(''))
    .digest('hex');
  const has = (name: string) => names.includes(name);
  const profile: ProfileOverride = {};
  const sources: Record<string, string> = {};
  const config = has('config.json') ? readJson(dir, 'config.json') : null;
  if (config) {
    const classNames =
      config.id2label && typeof config.id2label === 'object'
        ? indexedNames(config.id2label as Record<string, unknown>)
        : null;
    if (
      config.problem_type === 'regression' ||
      (classNames?.length === 1 && config.problem_type !== 'single_label_classification')
    ) {
      Object.assign(profile, { task: 'regression', outputKind: 'value', classNames: null });
      sources.task = 'config.json';
    } else if (classNames) {
      Object.assign(profile, { task: 'classification', classNames });
      sources.classNames = 'config.json';
    }
  }
  if (has('tokenizer.json')) {
    const tokenizer: Record<string, unknown> = { type: 'huggingface', file: join(dir, 'tokenizer.json') };
    if (has('tokenizer_config.json')) tokenizer.config = join(dir, 'tokenizer_config.json');
    const tok = readJson(dir, 'tokenizer.json');
    const tokConfig = has('tokenizer_config.json') ? readJson(dir, 'tokenizer_config.json') : {};
    const truncates =
      (tok.truncation as { max_length?: number } | null | undefined)?.max_length ??
      (typeof tokConfig.model_max_length === 'number' && tokConfig.model_max_length < 1_000_000
        ? tokConfig.model_max_length
        : null);
    // Without a limit in the tokenizer's files, the model's positions are the limit.
    if (truncates === null && typeof config?.max_position_embeddings === 'number') {
      tokenizer.maxLength = config.max_position_embeddings;
      sources['text.tokenizer.maxLength'] = 'config.json';
    }
    profile.modality = 'text';
    profile.text = { tokenizer: tokenizer as NonNullable<ProfileOverride['text']>['tokenizer'] };
    sources['text.tokenizer'] = has('tokenizer_config.json')
      ? 'tokenizer.json, tokenizer_config.json'
      : 'tokenizer.json';
  }
  if (has('preprocessor_config.json')) {
    profile.modality = 'image';
    profile.image = imageProfile(readJson(dir, 'preprocessor_config.json'), join(dir, 'preprocessor_config.json'));
    sources.image = 'preprocessor_config.json';
  }
  if (profile.task !== 'regression' && (config?.id2label || has('tokenizer.json') || has('preprocessor_config.json'))) {
    // Optimum's sequence and image classifiers answer in logits.
    profile.outputKind = 'logits';
    sources.outputKind = 'config.json';
  }
  return { dir, onnxFile: join(dir, onnxName), files, sha256, profile, sources };
}

function readJson(dir: string, name: string): Record<string, unknown> {
  const path = join(dir, name);
  const size = statSync(path).size;
  if (size > MAX_CONFIG_BYTES)
    throw invalidInput(path, `a JSON file of at most ${MAX_CONFIG_BYTES} bytes`, `${size} bytes`);
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not an object');
    return value as Record<string, unknown>;
  } catch {
    // The file and what was expected, never its content.
    throw invalidInput(path, 'a JSON object', 'text that is not one');
  }
}

/** PIL's resampling codes, as image processors store them, in sharp's terms. */
const RESAMPLE: Record<number, 'nearest' | 'lanczos3' | 'linear' | 'cubic'> = {
  0: 'nearest',
  1: 'lanczos3',
  2: 'linear',
  3: 'cubic',
  4: 'linear',
  5: 'cubic',
};

/**
 * An image processor's preprocessing as a profile: resize to `size` (height × width; or the shortest edge,
 * then a centre crop to `crop_size`), with its resampling; rescale by `rescale_factor`; normalise by
 * `image_mean` and `image_std`; channels first, RGB.
 */
function imageProfile(p: Record<string, unknown>, path: string): NonNullable<ProfileOverride['image']> {
  const size = (p.size ?? {}) as { height?: number; width?: number; shortest_edge?: number };
  const crop = (p.crop_size ?? {}) as { height?: number; width?: number };
  let width: number | undefined;
  let height: number | undefined;
  let fit: 'fill' | 'cover' = 'fill';
  if (typeof size === 'number') [width, height] = [size, size];
  else if (size.height && size.width) [width, height] = [size.width, size.height];
  else if (size.shortest_edge) {
    // Resize the shortest edge, then crop the centre: what 'cover' does when the crop is the output size.
    [width, height] =
      p.do_center_crop !== false && crop.height && crop.width
        ? [crop.width, crop.height]
        : [size.shortest_edge, size.shortest_edge];
    fit = 'cover';
  }
  if (!width || !height)
    throw invalidInput(
      path,
      'a "size" with height and width, or a shortest_edge',
      JSON.stringify(p.size ?? null).slice(0, 80),
    );
  const rescale =
    p.do_rescale === false
      ? 1
      : typeof p.rescale_factor === 'number' && p.rescale_factor > 0
        ? p.rescale_factor
        : 1 / 255;
  const normalise = p.do_normalize !== false && Array.isArray(p.image_mean) && Array.isArray(p.image_std);
  const kernel = RESAMPLE[typeof p.resample === 'number' ? p.resample : 2] ?? 'linear';
  if (p.do_resize === false)
    throw new WorkbenchError(
      'unsupported',
      `${path}: "do_resize": false leaves images at their own size; the workbench needs a fixed input size`,
    );
  return {
    width,
    height,
    channels: 3,
    layout: 'NCHW',
    scale: 1 / rescale,
    mean: normalise ? (p.image_mean as number[]) : [0, 0, 0],
    std: normalise ? (p.image_std as number[]) : [1, 1, 1],
    resize: { fit, kernel },
  };
}

/** Names from a JSON object keyed by indices 0..n−1 (id2label); null for anything else. */
export function indexedNames(json: string | Record<string, unknown>): string[] | null {
  let parsed: unknown = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json);
    } catch {
      return null;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (
    entries.length === 0 ||
    entries.some(([k, v]) => !/^\d+$/.test(k) || (typeof v !== 'string' && typeof v !== 'number'))
  )
    return null;
  const names = new Array<string>(entries.length);
  for (const [k, v] of entries) {
    const i = Number(k);
    if (i >= entries.length) return null;
    names[i] = String(v);
  }
  return names.every((n) => n !== undefined) ? names : null;
}
