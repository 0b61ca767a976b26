import { onnx, type Dimension, type GraphProto, type ModelProto } from './onnxProto';
import { graphOf, nodesOf } from './readModelInfo';

/** A ZipMap output replaced by the probability tensor that fed it. */
export interface ZipMapRewrite {
  /** The graph output the user sees (a sequence of maps), e.g. 'output_probability'. */
  output: string;
  /** The float tensor [N, C] now exposed in its place. */
  tensor: string;
  /** Class labels of the map keys, in column order. */
  classLabels: string[];
}

/**
 * onnxruntime-node cannot return a ZipMap's sequence of maps ("Non tensor type is temporarily not
 * supported"). skl2onnx writes one by default, so every such output is rewired: the ZipMap node is removed
 * and its float input [N, C] becomes a graph output. The model object is modified in place.
 * @returns one entry per rewired output (empty when the model has no ZipMap output)
 */
export function stripZipMap(model: ModelProto): ZipMapRewrite[] {
  const graph = graphOf(model);
  const rewrites: ZipMapRewrite[] = [];
  for (const node of [...nodesOf(model)]) {
    if (node.opType !== 'ZipMap') continue;
    const output = node.output[0];
    const index = graph.output.findIndex((o) => o.name === output);
    if (index < 0) continue;
    const attr = (name: string) => node.attribute.find((a) => a.name === name);
    const ints = attr('classlabels_int64s')?.ints ?? [];
    const strings = attr('classlabels_strings')?.strings ?? [];
    const classLabels = ints.length > 0 ? ints.map((v) => String(v)) : strings.map((s) => new TextDecoder().decode(s));
    const tensor = node.input[0];
    const batch = firstDimension(graph);
    graph.output[index] = onnx.ValueInfoProto.create({
      name: tensor,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: onnx.TensorShapeProto.create({
            dim: [batch, onnx.TensorShapeProto.Dimension.create({ dimValue: classLabels.length })],
          }),
        }),
      }),
    });
    graph.node.splice(graph.node.indexOf(node), 1);
    rewrites.push({ output, tensor, classLabels });
  }
  return rewrites;
}

/** The batch dimension as the graph's first input declares it, or a symbolic 'N'. */
function firstDimension(graph: GraphProto): Dimension {
  const dim = graph.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
  return dim ? onnx.TensorShapeProto.Dimension.create(dim) : onnx.TensorShapeProto.Dimension.create({ dimParam: 'N' });
}
