/** Element types of ONNX tensors, by name (onnx.TensorProto.DataType). */
export type TensorElementType =
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'unknown';

/** An input or output of a model graph. */
export interface TensorInfo {
  name: string;
  /** 'tensor', or the non-tensor type the graph declares (a ZipMap output is 'sequence<map<int64,float32>>'). */
  kind: 'tensor' | 'sequence' | 'map' | 'other';
  elementType: TensorElementType;
  /** Dimensions: a number, a symbolic name (e.g. 'N'), or null when unknown. Null shape: rank unknown. */
  shape: (number | string | null)[] | null;
  /** Human-readable type, as Netron writes it: `float32[N,30]`. */
  display: string;
}

/** What a model file declares about itself. */
export interface ModelInfo {
  format: 'ONNX';
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  /** Operator set versions by domain ('' is ai.onnx). */
  opsets: { domain: string; version: number }[];
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** The model's metadata_props. */
  metadata: Record<string, string>;
  /** A Hugging Face export folder's files with their SHA-256 (the model is the folder). */
  exportFiles?: { name: string; sha256: string; size: number }[];
  /** Operator types used by the graph, with counts. */
  operators: Record<string, number>;
}

export type Modality = 'tabular' | 'text' | 'image';
export type OutputKind = 'probabilities' | 'logits' | 'value';

/** How to feed a model and read its answer (CLI.md "Model profile"). */
export interface ModelProfile {
  modality: Modality;
  task: 'classification' | 'regression';
  classNames: string[] | null;
  /** Name of the output to read. */
  output: string;
  outputKind: OutputKind;
  text?: TextProfile;
  image?: ImageProfile;
  tabular?: {
    /** Names of the model's features in input order; null when the model does not say. */
    featureNames: string[] | null;
    /** Columns fed as categories. */
    categorical: string[];
  };
}

/** How a text model takes its text (CLI.md "Model profile"). */
export interface TextProfile {
  tokenizer: TextTokenizerProfile;
  /** Separators between interpretable words (a regular expression); default `\W+`. */
  split: string;
  /** Bag of words (default) or one feature per occurrence. */
  bow: boolean;
  /** Explain characters instead of words. */
  charLevel?: boolean;
  /** Texts per model run; default 500. */
  batchSize?: number;
}

export type TextTokenizerProfile =
  | {
      type: 'regex-vocab';
      /** Tokens are the matches of this regular expression. */
      pattern: string;
      lowercase: boolean;
      /** Path of a JSON list of tokens (or of an object with a `vocab` list), or the list itself. */
      vocab: string | string[];
      /** id = index in vocab + idOffset. */
      idOffset: number;
      padId: number;
      /** Out-of-vocabulary tokens: dropped, or mapped to this id. */
      oov: 'drop' | number;
      /** Pad or cut every row to this length; default: the longest row of each batch. */
      maxLength?: number;
    }
  | {
      type: 'huggingface';
      /** Path of a tokenizer.json. */
      file: string;
      /** Path of a tokenizer_config.json, if any. */
      config?: string;
      maxLength?: number;
    }
  /** The model takes the text itself as a string tensor. */
  | { type: 'string' };

/** How an image model takes its pixels: each value is ((pixel / scale) − mean[c]) / std[c]. */
export interface ImageProfile {
  width: number;
  height: number;
  channels: 1 | 3;
  layout: 'NCHW' | 'NHWC';
  scale: number;
  mean: number[];
  std: number[];
  /**
   * How a picture becomes width × height: stretched to it ('fill', the default), or scaled to cover it and
   * cropped at the centre ('cover': an image processor's shortest_edge and centre crop); and the resampling.
   */
  resize?: { fit: 'fill' | 'cover'; kernel: 'nearest' | 'linear' | 'cubic' | 'lanczos3' };
}
