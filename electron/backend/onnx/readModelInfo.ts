import {
  onnx,
  type Dimension,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TypeInfo,
  type ValueInfo,
} from './onnxProto';
import type { ModelInfo, TensorElementType, TensorInfo } from '../../../shared/domain/model';
import { invalidInput } from '../../../shared/contract/errors';

const ELEMENT_TYPES: Record<number, TensorElementType> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

/**
 * Decodes an ONNX file's protobuf. onnxruntime-node exposes neither opsets, producer nor metadata_props,
 * so the workbench reads them from the file itself.
 * @param source names the file in error messages
 */
export function decodeModel(bytes: Uint8Array, source: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw invalidInput(
      source,
      'an ONNX model (protobuf ModelProto)',
      `bytes that do not decode (${(error as Error).message})`,
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0 || model.opsetImport.length === 0) {
    throw invalidInput(
      source,
      'an ONNX model with a graph and operator sets',
      bytes.length === 0 ? 'an empty file' : 'a file that is not an ONNX model',
    );
  }
  return model;
}

/**
 * The decoded graph with its repeated fields typed as present: protobufjs fills them with arrays, but
 * onnx-proto declares every field optional.
 */
export function graphOf(model: ModelProto): GraphProto {
  return model.graph as GraphProto;
}

export function nodesOf(model: ModelProto): NodeProto[] {
  return graphOf(model).node as NodeProto[];
}

/** Inputs, outputs, opsets, producer and metadata of a decoded model. */
export function describeModel(model: ModelProto): ModelInfo {
  const graph = graphOf(model);
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const operators: Record<string, number> = {};
  for (const node of nodesOf(model)) {
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    operators[op] = (operators[op] ?? 0) + 1;
  }
  return {
    format: 'ONNX',
    irVersion: Number(model.irVersion),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    domain: model.domain ?? '',
    modelVersion: Number(model.modelVersion ?? 0),
    docString: model.docString ?? '',
    opsets: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: Number(o.version) })),
    // Older exporters list initializers among the inputs; they are weights, not inputs to feed.
    inputs: graph.input.filter((v) => !initializers.has(v.name)).map(describeValue),
    outputs: graph.output.map(describeValue),
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    operators,
  };
}

export function describeValue(value: ValueInfo): TensorInfo {
  const name = value.name ?? '';
  const type = value.type;
  if (type?.tensorType) {
    const elementType = ELEMENT_TYPES[type.tensorType.elemType ?? 0] ?? 'unknown';
    const shape = type.tensorType.shape ? (type.tensorType.shape.dim ?? []).map(dimension) : null;
    return {
      name,
      kind: 'tensor',
      elementType,
      shape,
      display: `${elementType}${shape ? `[${shape.map((d) => d ?? '?').join(',')}]` : ''}`,
    };
  }
  const kind = type?.sequenceType ? 'sequence' : type?.mapType ? 'map' : 'other';
  return { name, kind, elementType: 'unknown', shape: null, display: describeNonTensor(type) };
}

function dimension(d: Dimension): number | string | null {
  if (d.dimParam) return d.dimParam;
  if (d.dimValue !== null && d.dimValue !== undefined) return Number(d.dimValue);
  return null;
}

function describeNonTensor(type: TypeInfo | null | undefined): string {
  if (!type) return 'unknown';
  if (type.tensorType) return ELEMENT_TYPES[type.tensorType.elemType ?? 0] ?? 'unknown';
  if (type.sequenceType) return `sequence<${describeNonTensor(type.sequenceType.elemType)}>`;
  if (type.mapType)
    return `map<${ELEMENT_TYPES[type.mapType.keyType ?? 0] ?? 'unknown'},${describeNonTensor(type.mapType.valueType)}>`;
  return 'unknown';
}
