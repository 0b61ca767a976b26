import { relabelSequential } from './relabel';

/** SLIC parameters; defaults are scikit-image's (100 segments, compactness 10, 10 iterations). */
export interface SlicOptions {
  segments?: number;
  compactness?: number;
  iterations?: number;
  /** Components smaller than this share of the average segment merge into a neighbour. Default 0.5. */
  minSizeFactor?: number;
}

/**
 * SLIC superpixels (Achanta et al. 2012) in Lab: k-means restricted to a 2S × 2S window around each
 * centre, with distance d_lab² + (d_xy / S)² · compactness². Connectivity is enforced afterwards: every
 * segment is one 4-connected region, and fragments below minSizeFactor of the average merge into a
 * neighbour.
 * @param lab pixels × 3, from rgbToLab
 * @returns segment id per pixel, 0..n−1
 */
export function slic(lab: Float32Array, width: number, height: number, options: SlicOptions = {}): Int32Array {
  const n = width * height;
  const wanted = Math.max(1, Math.min(options.segments ?? 100, n));
  const m = options.compactness ?? 10;
  const step = Math.max(1, Math.sqrt(n / wanted));
  const gridX = Math.max(1, Math.round(width / step));
  const gridY = Math.max(1, Math.round(height / step));
  const k = gridX * gridY;
  const centres = new Float64Array(k * 5); // l, a, b, y, x
  for (let gy = 0; gy < gridY; gy++) {
    for (let gx = 0; gx < gridX; gx++) {
      const y = Math.min(height - 1, Math.floor((gy + 0.5) * (height / gridY)));
      const x = Math.min(width - 1, Math.floor((gx + 0.5) * (width / gridX)));
      const c = (gy * gridX + gx) * 5;
      const p = y * width + x;
      centres.set([lab[p * 3], lab[p * 3 + 1], lab[p * 3 + 2], y, x], c);
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const best = new Float64Array(n);
  const spatial = (m * m) / (step * step);
  const reach = Math.ceil(step);
  const sums = new Float64Array(k * 6);
  for (let iter = 0; iter < (options.iterations ?? 10); iter++) {
    best.fill(Infinity);
    for (let c = 0; c < k; c++) {
      const [cl, ca, cb, cy, cx] = centres.subarray(c * 5, c * 5 + 5);
      const y0 = Math.max(0, Math.floor(cy - reach));
      const y1 = Math.min(height - 1, Math.ceil(cy + reach));
      const x0 = Math.max(0, Math.floor(cx - reach));
      const x1 = Math.min(width - 1, Math.ceil(cx + reach));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const p = y * width + x;
          const dl = lab[p * 3] - cl;
          const da = lab[p * 3 + 1] - ca;
          const db = lab[p * 3 + 2] - cb;
          const d = dl * dl + da * da + db * db + ((y - cy) * (y - cy) + (x - cx) * (x - cx)) * spatial;
          if (d < best[p]) {
            best[p] = d;
            labels[p] = c;
          }
        }
      }
    }
    sums.fill(0);
    for (let p = 0; p < n; p++) {
      const c = labels[p];
      if (c < 0) continue;
      const s = c * 6;
      sums[s] += lab[p * 3];
      sums[s + 1] += lab[p * 3 + 1];
      sums[s + 2] += lab[p * 3 + 2];
      sums[s + 3] += Math.floor(p / width);
      sums[s + 4] += p % width;
      sums[s + 5]++;
    }
    for (let c = 0; c < k; c++) {
      const count = sums[c * 6 + 5];
      if (count > 0) for (let j = 0; j < 5; j++) centres[c * 5 + j] = sums[c * 6 + j] / count;
    }
  }
  return enforceConnectivity(labels, width, height, Math.max(1, Math.floor((options.minSizeFactor ?? 0.5) * (n / k))));
}

/**
 * Splits every label into its 4-connected components; a component smaller than minSize joins the
 * component it touches that was labelled just before it (scanning row-major), as scikit-image does.
 */
export function enforceConnectivity(labels: Int32Array, width: number, height: number, minSize: number): Int32Array {
  const n = width * height;
  const out = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (out[start] >= 0) continue;
    const original = labels[start];
    // The neighbour labelled before this component began (left, else above): where a small fragment goes.
    let adjacent = -1;
    if (start % width > 0 && out[start - 1] >= 0) adjacent = out[start - 1];
    else if (start >= width && out[start - width] >= 0) adjacent = out[start - width];
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    out[start] = next;
    while (head < tail) {
      const p = queue[head++];
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
        if (q < 0 || q >= n || out[q] >= 0 || labels[q] !== original) continue;
        out[q] = next;
        queue[tail++] = q;
      }
    }
    if (tail < minSize && adjacent >= 0) {
      for (let i = 0; i < tail; i++) out[queue[i]] = adjacent;
    } else {
      next++;
    }
  }
  relabelSequential(out);
  return out;
}
