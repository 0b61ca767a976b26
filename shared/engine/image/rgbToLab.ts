/**
 * sRGB (D65) to CIE L*a*b*, as scikit-image's rgb2lab: the colour space quickshift and SLIC measure in.
 * @param rgb height × width × channels, 0–255; one channel is read as grey
 * @returns Float32Array pixels × 3 (L in 0–100)
 */
export function rgbToLab(rgb: ArrayLike<number>, pixels: number, channels: number): Float32Array {
  const lab = new Float32Array(pixels * 3);
  const lin = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    lin[v] = c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
  }
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  for (let p = 0; p < pixels; p++) {
    const r = lin[rgb[p * channels] | 0];
    const g = channels >= 3 ? lin[rgb[p * channels + 1] | 0] : r;
    const b = channels >= 3 ? lin[rgb[p * channels + 2] | 0] : r;
    const x = (0.412453 * r + 0.35758 * g + 0.180423 * b) / 0.95047;
    const y = 0.212671 * r + 0.71516 * g + 0.072169 * b;
    const z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.08883;
    const fx = f(x);
    const fy = f(y);
    const fz = f(z);
    lab[p * 3] = y > 0.008856 ? 116 * fy - 16 : 903.3 * y;
    lab[p * 3 + 1] = 500 * (fx - fy);
    lab[p * 3 + 2] = 200 * (fy - fz);
  }
  return lab;
}
