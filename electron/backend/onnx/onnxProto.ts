import pkg from 'onnx-proto';
import type { onnx as types } from 'onnx-proto';

/**
 * onnx-proto is CommonJS that attaches its namespace in a way Node's ESM loader cannot detect as a named
 * export, so it is taken from the default export here, once.
 */
export const onnx = pkg.onnx;

export type ModelProto = types.ModelProto;
export type GraphProto = types.GraphProto;
export type NodeProto = types.NodeProto;
export type ValueInfo = types.IValueInfoProto;
export type TypeInfo = types.ITypeProto;
export type Dimension = types.TensorShapeProto.IDimension;
