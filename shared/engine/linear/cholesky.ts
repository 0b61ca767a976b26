/**
 * Solves A x = b for a symmetric positive (semi-)definite A by Cholesky decomposition. A matrix that is
 * only semi-definite (a constant or duplicated column) gets a tiny ridge added to its diagonal, the
 * minimum-norm behaviour least-squares users expect.
 * @param a n × n row-major (not modified)
 * @param b length n (not modified)
 * @returns x, length n
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Math.abs(a[i * n + i]);
  let jitter = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const l = cholesky(a, n, jitter);
    if (l) return choleskySolve(l, b, n);
    jitter = jitter === 0 ? Math.max(trace / Math.max(n, 1), 1) * 1e-12 : jitter * 100;
  }
  throw new RangeError('solveSpd: the matrix is not positive semi-definite');
}

/**
 * Lower-triangular L with L Lᵀ = A + jitter·I, or null when A is not positive definite. Each entry's sum
 * is taken in k order; two entries of a row are summed side by side (independent chains of additions,
 * about twice as fast), the second's last term added once the first is known.
 */
export function cholesky(a: Float64Array, n: number, jitter = 0): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const r0 = j * n;
      const r1 = r0 + n;
      let s0 = a[row + j] + 0;
      let s1 = a[row + j + 1] + 0;
      for (let k = 0; k < j; k++) {
        s0 -= l[row + k] * l[r0 + k];
        s1 -= l[row + k] * l[r1 + k];
      }
      const lij = s0 / l[r0 + j];
      l[row + j] = lij;
      s1 -= lij * l[r1 + j];
      l[row + j + 1] = s1 / l[r1 + j + 1];
    }
    for (; j <= i; j++) {
      let s = a[row + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[row + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[row + i] = Math.sqrt(s);
      } else {
        l[row + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
