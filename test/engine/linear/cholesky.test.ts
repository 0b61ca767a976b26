import { describe, expect, it } from 'vitest';
import { cholesky } from '../../../shared/engine/linear/cholesky';
import { Rng } from '../../../shared/engine/random';

/** The textbook factorisation, one entry at a time, each sum in k order: what cholesky must equal bit for bit. */
function textbook(a: Float64Array, n: number, jitter: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  return l;
}

/** BᵀB + δI for a random B: symmetric positive definite (semi-definite for δ = 0). */
function spd(n: number, seed: number, delta = 0.1): Float64Array {
  const rng = new Rng(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.uniform() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? delta : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
      a[i * n + j] = s;
    }
  return a;
}

describe('cholesky', () => {
  it('factors A as L Lᵀ, the same bits as the textbook loop, every size from 1 to 41', () => {
    for (let n = 1; n <= 41; n++) {
      const a = spd(n, n);
      const l = cholesky(a, n)!;
      expect(new Uint8Array(l.buffer), `n = ${n}`).toEqual(new Uint8Array(textbook(a, n, 0)!.buffer));
      let worst = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k <= j; k++) s += l[i * n + k] * l[j * n + k];
          worst = Math.max(worst, Math.abs(s - a[i * n + j]));
        }
      expect(worst, `n = ${n}`).toBeLessThan(1e-12 * n);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    }
  });

  it('refuses a matrix that is not positive definite, and adds the jitter to the diagonal only', () => {
    const n = 6;
    const singular = spd(n, 3, 0);
    for (let j = 0; j < n; j++) singular[j * n + 5] = singular[5 * n + j] = j === 5 ? singular[0] : singular[j * n];
    expect(cholesky(singular, n)).toBeNull(); // columns 0 and 5 are equal
    const jittered = cholesky(singular, n, 1e-6)!;
    expect(new Uint8Array(jittered.buffer)).toEqual(new Uint8Array(textbook(singular, n, 1e-6)!.buffer));
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });

  it('keeps the signs of zero the textbook loop gives (an off-diagonal −0 sums to +0)', () => {
    const a = Float64Array.from([4, -0, -0, -0, 9, -0, -0, -0, 16]);
    expect(new Uint8Array(cholesky(a, 3)!.buffer)).toEqual(new Uint8Array(textbook(a, 3, 0)!.buffer));
  });
});
