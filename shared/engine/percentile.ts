/**
 * Percentiles with linear interpolation between order statistics (numpy's default), so cut points match
 * the reference's.
 * @param sorted values in ascending order (not modified)
 * @param q percentiles in [0, 100]
 */
export function percentilesOfSorted(sorted: ArrayLike<number>, q: readonly number[]): number[] {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentilesOfSorted: no values');
  return q.map((p) => {
    const pos = ((n - 1) * p) / 100;
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    const frac = pos - lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
  });
}
