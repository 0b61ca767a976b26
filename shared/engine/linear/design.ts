/**
 * A design matrix, rows × cols row-major: float64, or for a mask neighbourhood (text, images: every entry 0
 * or 1) the masks' own bytes, which hold the same values in an eighth of the memory. Every reader gives
 * the same bits for either.
 */
export type Design = Float64Array | Uint8Array;
