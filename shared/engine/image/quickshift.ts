import { Rng } from '../random';
import { relabelSequential } from './relabel';

/** Quickshift parameters; defaults from quickshiftDefaults. */
export interface QuickshiftOptions {
  kernelSize?: number;
  maxDist?: number;
  ratio?: number;
  /** Seeds the tiny noise that breaks density ties, as scikit-image does. Default 0. */
  seed?: number;
}

/**
 * Default quickshift parameters for an image size: the reference's (4, 200, 0.2), tuned for photographs of
 * a few hundred pixels, from 64 pixels up; below that they merge the whole image into one segment, so small
 * images (28×28 digits or garments) get kernel 1 and max distance 10.
 */
export function quickshiftDefaults(width: number, height: number): Required<Omit<QuickshiftOptions, 'seed'>> {
  return Math.min(width, height) >= 64
    ? { kernelSize: 4, maxDist: 200, ratio: 0.2 }
    : { kernelSize: 1, maxDist: 10, ratio: 0.2 };
}

const EXP_RANGE = 40;
const EXP_STEPS = 1024;
/** exp(−x) at the middle of each 1/1024 step of x in [0, 40): relative error below 0.05 %. */
const EXP_TABLE = Float32Array.from({ length: EXP_RANGE * EXP_STEPS }, (_, k) => Math.exp(-(k + 0.5) / EXP_STEPS));

/**
 * Quickshift (Vedaldi & Soatto 2008) as scikit-image computes it: a Parzen density per pixel over a
 * window of 3·kernelSize in the joint (Lab × ratio, row, column) space; each pixel links to the nearest
 * pixel of higher density within the window, unless farther than maxDist; the trees are the segments.
 *
 * Speed, without changing the result: each pair's kernel is computed once and added to both pixels, its
 * spatial factor comes from a table, its colour factor from an exp table; the parent search visits the
 * window nearest first and stops once the spatial distance alone exceeds the best found (ties go to the
 * first pixel in row-major order, as in scikit-image's scan).
 * @param lab pixels × 3, from rgbToLab
 * @returns segment id per pixel, 0..n−1
 */
export function quickshift(
  lab: Float32Array,
  width: number,
  height: number,
  options: QuickshiftOptions = {},
): Int32Array {
  const defaults = quickshiftDefaults(width, height);
  const kernelSize = options.kernelSize ?? defaults.kernelSize;
  const maxDist = options.maxDist ?? defaults.maxDist;
  const ratio = options.ratio ?? defaults.ratio;
  const n = width * height;
  const L = new Float64Array(n);
  const A = new Float64Array(n);
  const B = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    L[p] = lab[p * 3] * ratio;
    A[p] = lab[p * 3 + 1] * ratio;
    B[p] = lab[p * 3 + 2] * ratio;
  }
  const w = Math.ceil(3 * kernelSize);
  const span = 2 * w + 1;
  const inv = 1 / (2 * kernelSize * kernelSize);
  const spatial = new Float64Array((w + 1) * span);
  for (let dr = 0; dr <= w; dr++)
    for (let dc = -w; dc <= w; dc++) spatial[dr * span + dc + w] = Math.exp(-(dr * dr + dc * dc) * inv);
  const density = densities(L, A, B, width, height, w, inv, spatial, options.seed ?? 0);
  const parent = parents(L, A, B, density, width, height, w, maxDist * maxDist);
  // Follow the links to the roots: each root's tree is one segment.
  const labels = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let root = p;
    while (parent[root] !== root) root = parent[root];
    labels[p] = root;
  }
  relabelSequential(labels);
  return labels;
}

function densities(
  L: Float64Array,
  A: Float64Array,
  B: Float64Array,
  width: number,
  height: number,
  w: number,
  inv: number,
  spatial: Float64Array,
  seed: number,
): Float64Array {
  const n = width * height;
  const span = 2 * w + 1;
  const density = new Float64Array(n);
  const rng = new Rng(seed);
  for (let p = 0; p < n; p++) density[p] = 1 + 1e-5 * (rng.uniform() - 0.5); // the pixel itself, plus a tie-breaker
  const limit = EXP_RANGE * EXP_STEPS;
  // Half of each window: pairs (p, q) with q after p in row-major order; each adds to both.
  for (let r = 0; r < height; r++) {
    const rEnd = Math.min(height - 1, r + w);
    for (let c = 0; c < width; c++) {
      const p = r * width + c;
      const l0 = L[p];
      const a0 = A[p];
      const b0 = B[p];
      let sum = 0;
      for (let r2 = r; r2 <= rEnd; r2++) {
        const cStart = r2 === r ? c + 1 : Math.max(0, c - w);
        const cEnd = Math.min(width - 1, c + w);
        const sRow = (r2 - r) * span + w - c;
        const base = r2 * width;
        for (let c2 = cStart; c2 <= cEnd; c2++) {
          const q = base + c2;
          const dl = l0 - L[q];
          const da = a0 - A[q];
          const db = b0 - B[q];
          const k = ((dl * dl + da * da + db * db) * inv * EXP_STEPS) | 0;
          if (k >= limit || k < 0) continue;
          const e = EXP_TABLE[k] * spatial[sRow + c2];
          sum += e;
          density[q] += e;
        }
      }
      density[p] += sum;
    }
  }
  return density;
}

function parents(
  L: Float64Array,
  A: Float64Array,
  B: Float64Array,
  density: Float64Array,
  width: number,
  height: number,
  w: number,
  maxDist2: number,
): Int32Array {
  const n = width * height;
  // Window offsets, nearest first.
  const offsets: { dr: number; dc: number; d2: number }[] = [];
  for (let dr = -w; dr <= w; dr++)
    for (let dc = -w; dc <= w; dc++) if (dr || dc) offsets.push({ dr, dc, d2: dr * dr + dc * dc });
  offsets.sort((a, b) => a.d2 - b.d2);
  const odr = Int32Array.from(offsets, (o) => o.dr);
  const odc = Int32Array.from(offsets, (o) => o.dc);
  const od2 = Int32Array.from(offsets, (o) => o.d2);
  const parent = new Int32Array(n);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const p = r * width + c;
      const own = density[p];
      let closest = Infinity;
      let best = p;
      for (let k = 0; k < od2.length; k++) {
        if (od2[k] > closest) break;
        const r2 = r + odr[k];
        const c2 = c + odc[k];
        if (r2 < 0 || r2 >= height || c2 < 0 || c2 >= width) continue;
        const q = r2 * width + c2;
        if (density[q] <= own) continue;
        const dl = L[p] - L[q];
        const da = A[p] - A[q];
        const db = B[p] - B[q];
        const d = dl * dl + da * da + db * db + od2[k];
        if (d < closest || (d === closest && q < best)) {
          closest = d;
          best = q;
        }
      }
      parent[p] = closest <= maxDist2 ? best : p;
    }
  }
  return parent;
}
