/**
 * Standard normal distribution: CDF, quantile and truncated sampling, in plain float64 arithmetic.
 */

/** Φ(x), the standard normal CDF, via erfc (absolute error below 1.2e-7, relative error small in both tails). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/**
 * A normal N(mean, sd²) truncated to [lo, hi], prepared once so each draw costs one quantile evaluation.
 * Degenerate cases return real values, never z-scores (the reference's defect, LIME.md §6):
 * lo == hi gives lo; sd == 0 gives mean clamped to [lo, hi].
 */
export class TruncatedNormal {
  private readonly flip: boolean;
  private readonly pLo: number;
  private readonly pSpan: number;
  private readonly constant: number | null;

  constructor(
    readonly mean: number,
    readonly sd: number,
    readonly lo: number,
    readonly hi: number,
  ) {
    let a = (lo - mean) / sd;
    let b = (hi - mean) / sd;
    if (!(hi > lo)) this.constant = lo;
    else if (!(sd > 0) || !Number.isFinite(a) || !Number.isFinite(b)) this.constant = Math.min(hi, Math.max(lo, mean));
    else this.constant = null;
    // Work in the lower tail, where Φ keeps its relative precision.
    this.flip = a > 0;
    if (this.flip) [a, b] = [-b, -a];
    this.pLo = normalCdf(a);
    this.pSpan = normalCdf(b) - this.pLo;
    if (this.constant === null && !(this.pSpan > 0)) this.constant = Math.min(hi, Math.max(lo, mean));
  }

  /** One draw, given a uniform u in (0, 1). */
  sample(u: number): number {
    if (this.constant !== null) return this.constant;
    const z = normalQuantile(this.pLo + u * this.pSpan);
    const x = this.mean + this.sd * (this.flip ? -z : z);
    return x < this.lo ? this.lo : x > this.hi ? this.hi : x;
  }
}
