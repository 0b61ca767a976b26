/**
 * Cut points of a depth-limited decision tree on one column, split by information gain (entropy), as
 * the reference's entropy discretizer learns them from a classifier's training labels. Thresholds sit
 * half-way between consecutive distinct values, as in scikit-learn.
 * @param values the column
 * @param labels class index of each row
 * @param maxDepth default 3 (at most 8 bins)
 * @returns sorted distinct cut points; empty when no split gains anything
 */
export function entropyCuts(values: ArrayLike<number>, labels: ArrayLike<number>, maxDepth = 3): number[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const xs = Float64Array.from(order, (i) => values[i]);
  let classes = 0;
  for (let i = 0; i < n; i++) classes = Math.max(classes, labels[i] + 1);
  const ys = Int32Array.from(order, (i) => labels[i]);
  const cuts: number[] = [];
  splitNode(xs, ys, 0, n, classes, maxDepth, cuts);
  return [...new Set(cuts)].sort((a, b) => a - b);
}

function entropy(counts: Float64Array, total: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log2(c / total);
  return h;
}

function splitNode(
  xs: Float64Array,
  ys: Int32Array,
  from: number,
  to: number,
  classes: number,
  depth: number,
  cuts: number[],
): void {
  const n = to - from;
  if (depth === 0 || n < 2) return;
  const total = new Float64Array(classes);
  for (let i = from; i < to; i++) total[ys[i]]++;
  const parent = entropy(total, n);
  if (parent === 0) return;
  const left = new Float64Array(classes);
  const right = new Float64Array(classes);
  let best = -1;
  let bestGain = 1e-12;
  for (let i = from; i < to - 1; i++) {
    left[ys[i]]++;
    if (xs[i] === xs[i + 1]) continue;
    const nl = i - from + 1;
    for (let c = 0; c < classes; c++) right[c] = total[c] - left[c];
    const gain = parent - (nl / n) * entropy(left, nl) - ((n - nl) / n) * entropy(right, n - nl);
    if (gain > bestGain) {
      bestGain = gain;
      best = i;
    }
  }
  if (best < 0) return;
  cuts.push((xs[best] + xs[best + 1]) / 2);
  splitNode(xs, ys, from, best + 1, classes, depth - 1, cuts);
  splitNode(xs, ys, best + 1, to, classes, depth - 1, cuts);
}
