import { Rng } from '../../shared/engine/random';
import { normalQuantile } from '../../shared/engine/normal';

/** Seeded synthetic regression data: z ~ N(0,1) (or 0/1 when binary), y = z·coef + intercept + noise. */
export function linearData(
  rows: number,
  coef: number[],
  intercept: number,
  options: { noise?: number; binary?: boolean; seed?: number } = {},
) {
  const rng = new Rng(options.seed ?? 1);
  const cols = coef.length;
  const z = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  const w = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let v = intercept;
    for (let j = 0; j < cols; j++) {
      const x = options.binary ? (rng.uniform() < 0.4 ? 1 : 0) : normalQuantile(rng.uniform());
      z[i * cols + j] = x;
      v += coef[j] * x;
    }
    y[i] = v + (options.noise ?? 0) * normalQuantile(rng.uniform());
    w[i] = 0.2 + rng.uniform();
  }
  return { z, y, w, rows, cols };
}

/** Weighted ridge with intercept by the textbook route (explicit centred normal equations), for comparison. */
export function directRidge(
  z: Float64Array,
  y: Float64Array,
  w: Float64Array,
  rows: number,
  cols: number,
  alpha: number,
) {
  let sw = 0;
  const mz = new Float64Array(cols);
  let my = 0;
  for (let i = 0; i < rows; i++) {
    sw += w[i];
    my += w[i] * y[i];
    for (let j = 0; j < cols; j++) mz[j] += w[i] * z[i * cols + j];
  }
  my /= sw;
  for (let j = 0; j < cols; j++) mz[j] /= sw;
  const a = Array.from({ length: cols }, () => new Array(cols + 1).fill(0));
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < cols; p++) {
      const zp = z[i * cols + p] - mz[p];
      for (let q = 0; q < cols; q++) a[p][q] += w[i] * zp * (z[i * cols + q] - mz[q]);
      a[p][cols] += w[i] * zp * (y[i] - my);
    }
  }
  for (let p = 0; p < cols; p++) a[p][p] += alpha;
  // Gauss-Jordan elimination with partial pivoting.
  for (let c = 0; c < cols; c++) {
    let piv = c;
    for (let r = c + 1; r < cols; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = 0; r < cols; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= cols; k++) a[r][k] -= f * a[c][k];
    }
  }
  const coef = a.map((row, p) => row[cols] / row[p]);
  const intercept = my - coef.reduce((s, c, j) => s + c * mz[j], 0);
  return { coef, intercept };
}
