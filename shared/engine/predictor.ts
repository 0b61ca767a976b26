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

/**
 * A model as the mask explainers see it (text, images, KernelSHAP, held-out fidelity): given which
 * features each sample keeps, the model's scores. The backend builds the texts, token ids or images and
 * sends them in batches.
 */
export interface MaskPredictor {
  readonly outputs: number;
  /** @param masks rows × features, 1 = kept; row 0 keeps everything */
  predictMasks(masks: Uint8Array, rows: number): Promise<Float32Array>;
  /** Milliseconds spent inside the model's run calls during the last predictMasks, when the predictor knows. */
  readonly lastRunMs?: number;
}

/** Milliseconds from an arbitrary origin; injected so the engine stays free of Node and DOM globals. */
export type Clock = () => number;
