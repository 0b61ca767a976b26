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
  return Math.min(width, height) >= 64 ? { kernelSize: 4, maxDist: 200, ratio: 0.2 } : { kernelSize: 1, maxDist: 10, ratio: 0.2 };
}

const EXP_RANGE = 40;
const EXP_STEPS = 1024;
const EXP_TABLE = (() => {
  const t = new Float64Array(EXP_RANGE * EXP_STEPS + 2);
  for (let k = 0; k < t.length; k++) t[k] = Math.exp(-k / EXP_STEPS);
  return t;
})();

/** exp(−x) for x ≥ 0 by table (relative error < 5e-7); 0 beyond x = 40, where it is below 5e-18. */
function expNeg(x: number): number {
  if (x >= EXP_RANGE) return 0;
  const t = x * EXP_STEPS;
  const k = t | 0;
  return EXP_TABLE[k] + (t - k) * (EXP_TABLE[k + 1] - EXP_TABLE[k]);
}

/**
 * Quickshift (Vedaldi & Soatto 2008) as scikit-image computes it: a Parzen density per pixel over a
 * window of 3·kernelSize in the joint (Lab × ratio, row, column) space; each pixel links to the nearest
 * pixel of higher density within the window, unless farther than maxDist; the trees are the segments.
 * Each pair's kernel is computed once and added to both pixels.
 * @param lab pixels × 3, from rgbToLab
 * @returns segment id per pixel, 0..n−1
 */
export function quickshift(lab: Float32Array, width: number, height: number, options: QuickshiftOptions = {}): Int32Array {
  const defaults = quickshiftDefaults(width, height);
  const kernelSize = options.kernelSize ?? defaults.kernelSize;
  const maxDist = options.maxDist ?? defaults.maxDist;
  const ratio = options.ratio ?? defaults.ratio;
  const n = width * height;
  const feat = new Float64Array(n * 3);
  for (let k = 0; k < n * 3; k++) feat[k] = lab[k] * ratio;
  const w = Math.ceil(3 * kernelSize);
  const inv = 1 / (2 * kernelSize * kernelSize);
  const density = new Float64Array(n);
  const rng = new Rng(options.seed ?? 0);
  for (let p = 0; p < n; p++) density[p] = 1 + 1e-5 * (rng.uniform() - 0.5); // the pixel itself, plus a tie-breaker
  // Half of each window: pairs (p, q) with q after p in row-major order.
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const p = r * width + c;
      const l0 = feat[p * 3];
      const a0 = feat[p * 3 + 1];
      const b0 = feat[p * 3 + 2];
      let sum = 0;
      for (let r2 = r; r2 <= Math.min(height - 1, r + w); r2++) {
        const dr = (r2 - r) * (r2 - r);
        const cStart = r2 === r ? c + 1 : Math.max(0, c - w);
        const cEnd = Math.min(width - 1, c + w);
        for (let c2 = cStart; c2 <= cEnd; c2++) {
          const q = r2 * width + c2;
          const dl = l0 - feat[q * 3];
          const da = a0 - feat[q * 3 + 1];
          const db = b0 - feat[q * 3 + 2];
          const e = expNeg((dl * dl + da * da + db * db + dr + (c2 - c) * (c2 - c)) * inv);
          sum += e;
          density[q] += e;
        }
      }
      density[p] += sum;
    }
  }
  const parent = new Int32Array(n);
  const maxDist2 = maxDist * maxDist;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const p = r * width + c;
      const own = density[p];
      let closest = Infinity;
      let best = p;
      for (let r2 = Math.max(0, r - w); r2 <= Math.min(height - 1, r + w); r2++) {
        for (let c2 = Math.max(0, c - w); c2 <= Math.min(width - 1, c + w); c2++) {
          const q = r2 * width + c2;
          if (density[q] <= own) continue;
          const dl = feat[p * 3] - feat[q * 3];
          const da = feat[p * 3 + 1] - feat[q * 3 + 1];
          const db = feat[p * 3 + 2] - feat[q * 3 + 2];
          const d = dl * dl + da * da + db * db + (r2 - r) * (r2 - r) + (c2 - c) * (c2 - c);
          if (d < closest) {
            closest = d;
            best = q;
          }
        }
      }
      parent[p] = closest <= maxDist2 ? best : p;
    }
  }
  // Follow the links to the roots: each root's tree is one segment.
  const labels = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let root = p;
    while (parent[root] !== root) root = parent[root];
    labels[p] = root;
    parent[p] = root; // path compression for later pixels of the same tree
  }
  relabelSequential(labels);
  return labels;
}
