/**
 * Spearman's rank correlation, ties given their mean rank: 1 when both sides are constant (they rank alike),
 * 0 when only one is, and 0 for fewer than two values.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2) return 0;
  const rx = ranks(x);
  const ry = ranks(y);
  const mx = rx.reduce((a, v) => a + v, 0) / rx.length;
  const my = ry.reduce((a, v) => a + v, 0) / ry.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? (sxx === syy ? 1 : 0) : sxy / Math.sqrt(sxx * syy);
}

function ranks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
