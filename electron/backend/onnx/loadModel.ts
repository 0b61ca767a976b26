import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { onnx, type Dimension, type GraphProto, type ModelProto, type NodeProto, type TypeInfo, type ValueInfo } from './onnxProto';
import type { ModelInfo, ModelProfile } from '../../../shared/domain/model';
import type { ProfileOverride } from '../../../shared/contract/profileSchema';
import { WorkbenchError } from '../../../shared/contract/errors';
import { decodeModel, describeModel } from './readModelInfo';
import { checkProfile, graphFacts, inferProfile, mergeProfile, type GraphFacts } from './inferProfile';
import { stripZipMap } from './stripZipMap';

/** A model ready to run: what it declares, how the workbench reads it, and its session. */
export interface LoadedModel {
  path: string;
  sha256: string;
  size: number;
  info: ModelInfo;
  facts: GraphFacts;
  inferred: ModelProfile;
  profile: ModelProfile;
  session: ort.InferenceSession;
  /** The tensor that carries `profile.output` (differs from it where a ZipMap was removed). */
  outputTensor: string;
}

export interface LoadModelOptions {
  /** A user's profile, laid over the inferred one field by field. */
  profile?: ProfileOverride | null;
  /** ONNX Runtime intra-op threads. Default: the machine's cores, at most 4. */
  threads?: number;
}

/** Reads, hashes and introspects an ONNX file, then opens an onnxruntime session on it. */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const bytes = await readModelFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { info, facts, runnable } = inspectModelBytes(bytes, path);
  const inferred = inferProfile(info, facts);
  const profile = mergeProfile(inferred, options.profile ?? null);
  checkProfile(profile, info, facts, path);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(runnable, {
      intraOpNumThreads: options.threads ?? Math.min(4, availableParallelism()),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
  } catch (error) {
    throw new WorkbenchError('model-failed', `${path}: onnxruntime could not load the model (${(error as Error).message})`);
  }
  const outputTensor = facts.zipMaps.find((z) => z.output === profile.output)?.tensor ?? profile.output;
  return { path, sha256, size: bytes.length, info, facts, inferred, profile, session, outputTensor };
}

/**
 * Describes a model file without opening a session. `runnable` is the model onnxruntime-node can run:
 * the file itself, or a re-encoding without its ZipMap nodes.
 */
export function inspectModelBytes(bytes: Uint8Array, source: string): { info: ModelInfo; facts: GraphFacts; runnable: Uint8Array } {
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
    if (code === 'ENOENT') throw new WorkbenchError('not-found', `${path}: expected an ONNX model file, found no such file`);
    if (code === 'EISDIR') throw new WorkbenchError('invalid-input', `${path}: expected an ONNX model file, found a directory`);
    throw new WorkbenchError('invalid-input', `${path}: could not read the model file (${(error as Error).message})`);
  }
}
