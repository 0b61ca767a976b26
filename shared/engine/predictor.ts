/**
 * The model, as the engine sees it: a batch of rows in, scores out. The ONNX adapter implements it in
 * the backend; tests implement it with plain functions.
 */
export interface Predictor {
  /** Scores per row: class probabilities (classification) or 1 (regression). */
  readonly outputs: number;
  /**
   * @param x rows × input columns, row-major float32 (categorical columns hold category codes)
   * @returns rows × outputs, row-major
   */
  predict(x: Float32Array, rows: number): Promise<Float32Array>;
}

/** Milliseconds from an arbitrary origin; injected so the engine stays free of Node and DOM globals. */
export type Clock = () => number;
