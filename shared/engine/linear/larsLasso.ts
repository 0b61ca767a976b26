import { solveSpd } from './cholesky';
import type { DesignMoments, TargetMoments } from './moments';

/**
 * The lasso path by least-angle regression (Efron, Hastie, Johnstone, Tibshirani 2004, with the lasso
 * modification), computed from the centred Gram matrix and cross-products: on centred, √w-scaled data
 * these equal XᵀX and Xᵀy, which is how the reference prepares its call to scikit-learn's `lars_path`.
 * @returns the coefficient vector (length cols) at every breakpoint, starting with all zeros
 */
export function lassoPath(design: DesignMoments, target: TargetMoments, maxSteps = 8 * design.cols): Float64Array[] {
  const p = design.cols;
  const g = design.gram;
  const corr = Float64Array.from(target.cross);
  const beta = new Float64Array(p);
  const path: Float64Array[] = [beta.slice()];
  const active: number[] = [];
  const inActive = new Uint8Array(p);
  const tiny = 1e-12 * Math.max(1, maxAbs(corr));
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, g[j * p + j]);
  const constantColumn = 1e-12 * maxDiag;
  let toAdd = argMaxAbs(corr, inActive);
  for (let step = 0; step < maxSteps; step++) {
    if (toAdd >= 0) {
      active.push(toAdd);
      inActive[toAdd] = 1;
    }
    const k = active.length;
    if (k === 0) break;
    let cMax = 0;
    for (const j of active) cMax = Math.max(cMax, Math.abs(corr[j]));
    if (cMax <= tiny) break;
    // Equiangular direction: w = G_AA⁻¹ s_A, scaled so every active correlation falls at the same rate.
    const gaa = new Float64Array(k * k);
    const s = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      s[a] = Math.sign(corr[active[a]]);
      for (let b = 0; b < k; b++) gaa[a * k + b] = g[active[a] * p + active[b]];
    }
    const dir = solveSpd(gaa, s, k);
    let sDir = 0;
    for (let a = 0; a < k; a++) sDir += s[a] * dir[a];
    if (!(sDir > 0)) break;
    const aa = 1 / Math.sqrt(sDir);
    for (let a = 0; a < k; a++) dir[a] *= aa;
    // How each correlation changes along the direction.
    const change = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let a = 0; a < k; a++) v += g[j * p + active[a]] * dir[a];
      change[j] = v;
    }
    let gamma = cMax / aa;
    let next = -1;
    for (let j = 0; j < p; j++) {
      if (inActive[j] || g[j * p + j] <= constantColumn) continue;
      for (const cand of [(cMax - corr[j]) / (aa - change[j]), (cMax + corr[j]) / (aa + change[j])]) {
        if (cand > 1e-15 && cand < gamma) {
          gamma = cand;
          next = j;
        }
      }
    }
    // Lasso modification: a coefficient that would cross zero leaves the active set there.
    let drop = -1;
    for (let a = 0; a < k; a++) {
      const z = -beta[active[a]] / dir[a];
      if (z > 1e-15 && z < gamma) {
        gamma = z;
        drop = a;
      }
    }
    for (let a = 0; a < k; a++) beta[active[a]] += gamma * dir[a];
    for (let j = 0; j < p; j++) corr[j] -= gamma * change[j];
    if (drop >= 0) {
      const j = active[drop];
      beta[j] = 0;
      inActive[j] = 0;
      active.splice(drop, 1);
      toAdd = -1;
    } else {
      toAdd = next;
    }
    path.push(beta.slice());
    if (drop < 0 && next < 0) break; // reached the least-squares solution
  }
  return path;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

function argMaxAbs(v: Float64Array, skip: Uint8Array): number {
  let best = -1;
  let m = 0;
  for (let j = 0; j < v.length; j++) {
    if (!skip[j] && Math.abs(v[j]) > m) {
      m = Math.abs(v[j]);
      best = j;
    }
  }
  return best;
}
