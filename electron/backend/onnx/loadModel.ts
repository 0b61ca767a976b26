import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { onnx } from './onnxProto';
import type { ModelInfo, ModelProfile } from '../../../shared/domain/model';
import type { ProfileOverride } from '../../../shared/contract/profileSchema';
import { WorkbenchError } from '../../../shared/contract/errors';
import { decodeModel, describeModel } from './readModelInfo';
import { checkProfile, graphFacts, inferProfile, mergeProfile, type GraphFacts } from './inferProfile';
import { stripZipMap } from './stripZipMap';
import { isFolder, readExportFolder } from './exportFolder';
import { openModel, type OpenSession } from './openModel';

/** A model file as the workbench reads it, before any session is opened. */
export interface ModelDescription {
  path: string;
  sha256: string;
  size: number;
  info: ModelInfo;
  facts: GraphFacts;
  inferred: ModelProfile;
  profile: ModelProfile;
  /** The tensor that carries `profile.output` (differs from it where a ZipMap was removed). */
  outputTensor: string;
  /** The bytes onnxruntime-node can run: the file, or a re-encoding without its ZipMap nodes. */
  runnable: Uint8Array;
  /** Where each profile field came from (for inspect). */
  sources?: Record<string, string>;
}

/** A model ready to run: its description and its session (openModel). */
export interface LoadedModel extends ModelDescription, OpenSession {}

/**
 * Reads, hashes and introspects an ONNX file — or a Hugging Face export folder (model.onnx with its
 * config and tokenizer or preprocessor files) — and settles its profile, without running anything: cheap
 * enough for the main thread. A folder's files say what they can (classes, tokenizer, preprocessing);
 * `sources` says where each field came from.
 * @param override a user's profile, laid over the inferred one field by field
 */
export async function describeModelFile(
  path: string,
  override: ProfileOverride | null = null,
): Promise<ModelDescription> {
  const folder = isFolder(path) ? readExportFolder(path) : null;
  const bytes = await readModelFile(folder?.onnxFile ?? path);
  const sha256 = folder?.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const inspected = inspectModelBytes(bytes, path);
  const info = folder ? { ...inspected.info, exportFiles: folder.files } : inspected.info;
  const { facts, runnable } = inspected;
  const inferred = inferProfile(info, facts);
  const fromFolder = folder ? mergeProfile(inferred, folder.profile) : inferred;
  const profile = mergeProfile(fromFolder, override);
  checkProfile(profile, info, facts, path);
  const outputTensor = facts.zipMaps.find((z) => z.output === profile.output)?.tensor ?? profile.output;
  const size = folder ? folder.files.reduce((n, f) => n + f.size, 0) : bytes.length;
  const sources = profileSources(inferred, folder?.sources ?? {}, override);
  return { path, sha256, size, info, facts, inferred: fromFolder, profile, outputTensor, runnable, sources };
}

/** Where each top-level profile field came from: a --profile, the export folder's files, the metadata, or inference. */
function profileSources(
  inferred: ModelProfile,
  folder: Record<string, string>,
  override: ProfileOverride | null,
): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const key of Object.keys(inferred)) sources[key] = 'inferred from the graph';
  if (inferred.classNames) sources.classNames = 'ONNX metadata or the graph (ZipMap labels)';
  Object.assign(sources, folder);
  for (const key of Object.keys(override ?? {})) sources[key] = '--profile';
  return sources;
}

/** describeModelFile, then openModel. */
export async function loadModel(
  path: string,
  override: ProfileOverride | null = null,
  threads?: number,
): Promise<LoadedModel> {
  return openModel(await describeModelFile(path, override), threads);
}

/**
 * Describes a model file without opening a session. `runnable` is the model onnxruntime-node can run:
 * the file itself, or a re-encoding without its ZipMap nodes.
 */
export function inspectModelBytes(
  bytes: Uint8Array,
  source: string,
): { info: ModelInfo; facts: GraphFacts; runnable: Uint8Array } {
  const model = decodeModel(bytes, source);
  const info = describeModel(model);
  const zipMaps = stripZipMap(model);
  const facts = graphFacts(model, zipMaps);
  const runnable = zipMaps.length > 0 ? onnx.ModelProto.encode(model).finish() : bytes;
  return { info, facts, runnable };
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new WorkbenchError('not-found', `${path}: expected an ONNX model file, found no such file`);
    if (code === 'EISDIR')
      throw new WorkbenchError('invalid-input', `${path}: expected an ONNX model file, found a directory`);
    throw new WorkbenchError('invalid-input', `${path}: could not read the model file (${(error as Error).message})`);
  }
}
