import { describe, expect, it } from 'vitest';
import { quickshift } from '../../../shared/engine/image/quickshift';
import { relabelSequential } from '../../../shared/engine/image/relabel';
import { rgbToLab } from '../../../shared/engine/image/rgbToLab';
import { enforceConnectivity, slic } from '../../../shared/engine/image/slic';

/** A 64×48 test picture: four coloured blocks, a diagonal stripe and a gradient. */
function picture(width = 64, height = 48): Uint8Array {
  const px = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      const block = (x < width / 2 ? 0 : 1) + (y < height / 2 ? 0 : 2);
      const base = [
        [200, 30, 30],
        [30, 160, 40],
        [40, 60, 200],
        [220, 220, 60],
      ][block];
      const stripe = Math.abs(x - y) < 3;
      px[p] = stripe ? 10 : base[0];
      px[p + 1] = stripe ? 10 : base[1];
      px[p + 2] = stripe ? 10 : Math.min(255, base[2] + x);
    }
  }
  return px;
}

function components(labels: Int32Array, width: number, height: number, segment: number): number {
  const seen = new Uint8Array(labels.length);
  let count = 0;
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== segment || seen[start]) continue;
    count++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
        if (q >= 0 && q < labels.length && !seen[q] && labels[q] === segment) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return count;
}

describe.each([
  ['quickshift', (lab: Float32Array, w: number, h: number) => quickshift(lab, w, h)],
  ['slic', (lab: Float32Array, w: number, h: number) => slic(lab, w, h, { segments: 30 })],
])('%s', (name, segment) => {
  const lab = rgbToLab(picture(), 64 * 48, 3);
  const labels = segment(lab, 64, 48);
  const count = Math.max(...labels) + 1;

  it('labels every pixel with ids contiguous from 0', () => {
    expect(labels.length).toBe(64 * 48);
    expect(Math.min(...labels)).toBe(0);
    expect(new Set(labels).size).toBe(count);
    expect(count).toBeGreaterThan(3);
  });

  it('gives the same segments for the same input', () => {
    expect(segment(rgbToLab(picture(), 64 * 48, 3), 64, 48)).toEqual(labels);
  });

  it('never puts pixels of two different colour blocks in one segment far from the stripe', () => {
    // Block interiors (away from the dark stripe and the borders) must not share a segment.
    const at = (x: number, y: number) => labels[y * 64 + x];
    const interiors = [at(6, 18), at(58, 6), at(6, 42), at(58, 30)];
    expect(new Set(interiors).size).toBe(4);
  });

  if (name === 'slic') {
    it('makes every segment one connected region', () => {
      for (let s = 0; s < count; s++) expect(components(labels, 64, 48, s)).toBe(1);
    });
  }
});

describe('segment ids', () => {
  it('are renumbered 0..n-1 whatever they started at (SLIC starts at 1 in scikit-image)', () => {
    const labels = Int32Array.from([1, 1, 5, 5, 2, 1]);
    expect(relabelSequential(labels)).toBe(3);
    expect(Array.from(labels)).toEqual([0, 0, 1, 1, 2, 0]);
  });

  it('connectivity enforcement splits a label into its regions and merges small fragments', () => {
    // Label 0 appears in two separate places; a lone pixel of label 2 is too small to stand alone.
    const labels = Int32Array.from([0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
    const out = enforceConnectivity(labels, 5, 4, 2);
    for (let s = 0; s <= Math.max(...out); s++) expect(components(out, 5, 4, s)).toBe(1);
    expect(out[17]).toBe(out[16]); // the fragment joined its left neighbour
  });

  it('a blank image is still fully labelled with contiguous ids', () => {
    const blank = new Uint8Array(32 * 32 * 3).fill(128);
    const labels = quickshift(rgbToLab(blank, 1024, 3), 32, 32);
    const count = Math.max(...labels) + 1;
    expect(new Set(labels).size).toBe(count);
    expect(Math.min(...labels)).toBe(0);
  });
});
