import { describe, expect, it, vi } from 'vitest';
import { designMoments, targetMoments } from '../../shared/engine/linear/moments';
import type { Design } from '../../shared/engine/linear/design';
import { weightedR2 } from '../../shared/engine/linear/ridge';
import { Rng, uniformOf } from '../../shared/engine/random';
import { maskWorkspace, sampleCoinFlips, sampleRemovals } from '../../shared/engine/sampleMasks';
import { imageWorkspace } from '../../shared/engine/image/explainImage';
import { modelPlanes, perturbImages, type ImageInstance } from '../../shared/engine/image/imageInstance';
import { drawThreshold, KernelArena } from '../../shared/engine/wasm/kernels';
import { arenaOf } from '../../shared/engine/wasm/arenas';
import { fitTabular } from '../../shared/engine/tabular/fitTabular';
import { sampleTabular, tabularWorkspace } from '../../shared/engine/tabular/sampleTabular';
import { parseCsv } from '../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt } from '../../electron/backend/data/tabularDataset';
import { explainText } from '../../shared/engine/text/explainText';
import { textFeatures } from '../../shared/engine/text/textFeatures';
import type { MaskPredictor } from '../../shared/engine/predictor';

type Bits = Float64Array | Float32Array | Uint8Array | BigUint64Array;

/**
 * The same bits: every byte of the two arrays equal. A difference is reported as the first element that
 * differs, its bytes either side (printing a diff of two whole arrays of thousands would take minutes).
 */
function expectSameBits(actual: Bits, expected: Bits, what = 'array'): void {
  const bytes = (x: Bits) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const [a, b] = [bytes(actual), bytes(expected)];
  expect(a.length, `${what}: bytes`).toBe(b.length);
  const at = a.findIndex((x, i) => x !== b[i]);
  if (at < 0) return;
  const size = actual.BYTES_PER_ELEMENT;
  const element = Math.floor(at / size);
  const of = (x: Uint8Array) => ({ element, bytes: [...x.subarray(element * size, (element + 1) * size)] });
  expect(of(a), `${what}: element ${element} of ${actual.length}`).toEqual(of(b));
}

/** A 0/1 design's rows as bit sets, as the kernels lay them out: ⌈cols/64⌉ words a row, bit j for column j. */
function packRows(z: Design, rows: number, cols: number): BigUint64Array {
  const words = Math.ceil(cols / 64);
  const out = new BigUint64Array(rows * words);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) if (z[i * cols + j] === 1) out[i * words + (j >> 6)] |= 1n << BigInt(j & 63);
  return out;
}

/** A 0/1 design of rows × cols, each entry 1 with probability p, into `z`; weights in (0, 1]. */
function binaryDesign(z: Design, rows: number, cols: number, p: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  for (let k = 0; k < rows * cols; k++) z[k] = rng.uniform() < p ? 1 : 0;
  return Float64Array.from({ length: rows }, () => rng.uniform());
}

describe('WebAssembly kernels against their TypeScript references, bit for bit', () => {
  it('draws the same removals and leaves the generator where the reference leaves it', () => {
    for (const [d, rows, seed] of [
      [1, 1, 0],
      [1, 20, 1],
      [3, 500, 2],
      [44, 5000, 3],
      [250, 600, 4],
    ]) {
      const kernel = maskWorkspace(rows, d);
      const reference = maskWorkspace(rows, d, true);
      expect(arenaOf(kernel.masks)).not.toBeNull();
      const [a, b] = [new Rng(seed), new Rng(seed)];
      const viaKernel = sampleRemovals(d, rows, a, 100, kernel);
      const viaReference = sampleRemovals(d, rows, b, 100, reference);
      for (const key of ['masks', 'z', 'distances'] as const)
        expectSameBits(viaKernel[key], viaReference[key], `${key} of ${d}×${rows}`);
      expectSameBits(viaKernel.rowBits!, packRows(viaReference.z, rows, d), `bits of ${d}×${rows}`);
      expect(viaReference.rowBits).toBeUndefined();
      expect(a.uniform()).toBe(b.uniform());
    }
  });

  it('leaves removals of 2²⁰ features or more to the reference (its integer picks are exact below that)', () => {
    const arena = KernelArena.create(16 << 20)!; // the masks, and the scratch: 8 bytes a feature
    const buffers = { masks: arena.u8(2 << 20), distances: arena.f64(2) };
    const rng = new Rng(1);
    expect(arena.sampleMasks('removals', (1 << 20) - 1, 2, rng, 100, buffers)).toBe(true);
    expect(arena.sampleMasks('removals', 1 << 20, 2, rng, 100, buffers)).toBe(false);
  });

  it.each([
    ['text-like (half the entries one)', 5000, 44, 0.5],
    ['tabular-like (a quarter one)', 5000, 30, 0.25],
    ['mostly ones', 700, 64, 0.9],
    ['wider than a word', 400, 65, 0.5],
    ['three words, mostly zeros', 300, 150, 0.2],
    ['a single column', 80, 1, 0.5],
    ['a single row', 1, 5, 0.5],
    ['all zeros', 50, 6, 0],
    ['all ones', 50, 6, 1],
  ])('gives the same design and target moments and R²: %s', (_, rows, cols, p) => {
    const workspace = tabularWorkspace(rows, cols);
    expect(arenaOf(workspace.z)).not.toBeNull();
    const w = binaryDesign(workspace.z, rows, cols, p, rows + cols);
    const viaKernel = designMoments(workspace.z, rows, cols, w, true);
    const viaReference = designMoments(workspace.z.slice(), rows, cols, w, true);
    expect(viaKernel.sumW).toBe(viaReference.sumW);
    expectSameBits(viaKernel.mean, viaReference.mean);
    expectSameBits(viaKernel.gram, viaReference.gram);
    // The same from the rows as bit sets (as a sampling kernel leaves them), z itself not read.
    workspace.rowBits!.set(packRows(workspace.z, rows, cols));
    const design = workspace.z.slice();
    workspace.z.fill(NaN);
    const viaBits = designMoments(workspace.z, rows, cols, w, true, workspace.rowBits);
    workspace.z.set(design);
    expect(viaBits.sumW).toBe(viaReference.sumW);
    expectSameBits(viaBits.mean, viaReference.mean);
    expectSameBits(viaBits.gram, viaReference.gram);
    // A target with some rows exactly at its mean (skipped by both) and the rest spread.
    const y = Float64Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? 0.5 : Math.sin(i) * 3));
    const targetKernel = targetMoments(workspace.z, rows, cols, w, y, viaKernel);
    const targetReference = targetMoments(workspace.z.slice(), rows, cols, w, y, viaReference);
    expect(targetKernel.mean).toBe(targetReference.mean);
    expect(targetKernel.total).toBe(targetReference.total);
    expectSameBits(targetKernel.cross, targetReference.cross);
    // And a fit's weighted R² from the rows.
    const columns = [cols - 1, 0, Math.floor(cols / 2)].slice(0, Math.min(3, cols));
    const fit = { columns, coef: Float64Array.from(columns, (c) => 0.3 - c * 0.01), intercept: 0.2 };
    expect(weightedR2(workspace.z, rows, cols, y, w, fit)).toBe(weightedR2(workspace.z.slice(), rows, cols, y, w, fit));
    // The same design as a mask neighbourhood holds it (bytes, in an arena, no bit sets): the same bits.
    const masks = maskWorkspace(rows, cols).masks.subarray(0, rows * cols);
    expect(arenaOf(masks)).not.toBeNull();
    masks.set(workspace.z);
    workspace.z.fill(NaN); // a kernel that read the float64 design instead would show it
    const viaBytes = designMoments(masks, rows, cols, w, true);
    expect(viaBytes.sumW).toBe(viaReference.sumW);
    expectSameBits(viaBytes.gram, viaReference.gram);
    const targetBytes = targetMoments(masks, rows, cols, w, y, viaBytes);
    expect(targetBytes.total).toBe(targetReference.total);
    expectSameBits(targetBytes.cross, targetReference.cross);
    expect(weightedR2(masks, rows, cols, y, w, fit)).toBe(weightedR2(design, rows, cols, y, w, fit));
  });

  it('draws the same tabular neighbourhood: numeric and few-category columns, quartile and decile bins', () => {
    const lines = ['a,b,colour,y'];
    for (let i = 0; i < 400; i++)
      lines.push(`${(i * 37) % 101},${Math.sin(i) * 50},${['red', 'green', 'blue', 'grey'][i % 4]},${i % 2}`);
    const csv = parseCsv(lines.join('\n'), 'mixed.csv');
    const dataset = buildTabularDataset(csv, csv, { labelColumn: 'y', categorical: ['colour'] });
    // Each workspace's arena holds its state's tables; the last, made for the decile state (and room for
    // more rows), also draws for the quartile one, whose tables are copied in for each call.
    const states = (['quartile', 'decile'] as const).map((discretizer) => fitTabular(dataset.train, { discretizer }));
    const other = tabularWorkspace(6000, 3, { state: states[1] });
    for (const [k, discretizer] of (['quartile', 'decile', 'quartile'] as const).entries()) {
      const state = states[k % 2];
      const rows = k < 2 ? 3000 : 6000;
      const workspace = k < 2 ? tabularWorkspace(rows, 3, { state }) : other;
      expect(arenaOf(workspace.x)).not.toBeNull();
      // The kernel copies a plan's tables in only where its arena does not hold them.
      const kernels: { copyPlan: () => void } = Object.getPrototypeOf(arenaOf(workspace.x));
      const copies = vi.spyOn(kernels, 'copyPlan');
      for (let row = 0; row < 5; row++) {
        const instance = instanceAt(dataset, row, 'mixed.csv');
        const [a, b] = [new Rng(row), new Rng(row)];
        const viaKernel = sampleTabular(state, instance, rows, a, false, workspace);
        const viaReference = sampleTabular(state, instance, rows, b);
        for (const key of ['x', 'z', 'distances'] as const)
          expectSameBits(viaKernel[key], viaReference[key], `${key}, ${discretizer}, row ${row}`);
        expectSameBits(viaKernel.rowBits!, packRows(viaReference.z, rows, 3), 'bits');
        // Without room for the bit sets (the held-out draw's workspace): nothing else changes.
        const { rowBits: _, ...withoutBits } = workspace;
        const viaKernelNoBits = sampleTabular(state, instance, rows, new Rng(row), false, withoutBits);
        expect(viaKernelNoBits.rowBits).toBeUndefined();
        for (const key of ['x', 'z', 'distances'] as const)
          expectSameBits(viaKernelNoBits[key], viaReference[key], `${key} without bits`);
        // Too little room for them: none written, not even the room there is.
        const short = { ...workspace, rowBits: workspace.rowBits!.subarray(0, 10).fill(7n) };
        expect(sampleTabular(state, instance, rows, new Rng(row), false, short).rowBits).toBeUndefined();
        expect([...short.rowBits]).toEqual(new Array(10).fill(7n));
        expect(a.uniform()).toBe(b.uniform());
      }
      expect(copies.mock.calls.length, discretizer).toBe(k < 2 ? 0 : 15);
      copies.mockRestore();
    }
  });

  it('compares a bin bound as the first draw whose uniform passes it, at the edges too', () => {
    // A draw's uniform itself, and the doubles either side of it; the ends; a padded bound (2); random ones.
    const on = uniformOf(123_456_789);
    const near = [on, on + Number.EPSILON * on, on - Number.EPSILON * on];
    const rng = new Rng(9);
    const edges = [...near, 0, -1, 1, 2, uniformOf(0), uniformOf(2 ** 32 - 1), 1e-300, 0.25, 0.5, 0.75];
    for (let k = 0; k < 200; k++) edges.push(rng.uniform());
    for (const bound of edges) {
      const t = Number(drawThreshold(bound));
      // bound < u(r) holds from t on and not before: at the draws either side of t (u grows with r).
      for (const r of [t - 2, t - 1, t, t + 1].filter((r) => r >= 0 && r < 2 ** 32))
        expect(r >= t, `bound ${bound}, draw ${r} of threshold ${t}`).toBe(bound < uniformOf(r));
    }
    expect(drawThreshold(on)).toBe(123_456_790n);
    expect([drawThreshold(2), drawThreshold(-1)]).toEqual([2n ** 32n, 0n]);
    // In the kernel: a draw exactly at a bound's threshold is above the bound (one column, its first bound
    // a double just below the uniform of the draw row 1 will take; random draws almost never land there).
    const arena = KernelArena.create(1 << 20)!;
    const draw = new Rng(1).nextUint32();
    const u = uniformOf(draw);
    const bounds = Float64Array.of(u - Number.EPSILON * u, 2, 2);
    expect(drawThreshold(bounds[0])).toBe(BigInt(draw));
    const plan = { stride: 3, steps: 1024, bounds, tables: new Float32Array(0), tableOf: new Int32Array([-1]) };
    const hood = { x: arena.f32(2), z: arena.f64(2), distances: arena.f64(2) };
    expect(arena.sampleBins(plan, new Int32Array(1), 2, new Rng(1), hood)).toBe(true);
    expect(hood.x[1]).toBe(1);
    // A plan whose steps are not a power of two is left to the reference, the generator untouched.
    const [a, b] = [new Rng(1), new Rng(1)];
    expect(arena.sampleBins({ ...plan, steps: 1000 }, new Int32Array(1), 2, a, hood)).toBe(false);
    expect(a.uniform()).toBe(b.uniform());
  });

  it.each([
    ['planar, one channel', 1, 'NCHW'],
    ['planar, three channels', 3, 'NCHW'],
    ['interleaved, three channels', 3, 'NHWC'],
  ] as const)('builds the same perturbed images: %s', (_, channels, layout) => {
    const [width, height, count, rows] = [23, 17, 12, 40];
    const rng = new Rng(channels);
    const image: ImageInstance = {
      width,
      height,
      channels,
      pixels: Uint8Array.from({ length: width * height * channels }, () => rng.int(256)),
      scale: 255,
      mean: [0.4, 0.5, 0.6],
      std: [0.2, 0.25, 0.3],
      layout,
    };
    const segments = Int32Array.from({ length: width * height }, (_, p) => (p * 7 + (p >> 4)) % count);
    const { planes, hidden } = modelPlanes(image, segments, count, 'mean');
    const workspace = imageWorkspace(rows, count, 8 * width * height * channels, width * height, channels);
    const arena = arenaOf(workspace.batch);
    expect(arena).toBeInstanceOf(KernelArena);
    const flips = sampleCoinFlips(count, rows, new Rng(5), 1, workspace.masks);
    expectSameBits(flips.rowBits!, packRows(flips.z, rows, count), 'bits');
    const masks = flips.masks;
    const reference = new Float32Array(workspace.batch.length);
    for (const from of [0, 8, 32]) {
      expect(
        (arena as KernelArena).perturbImages(image, segments, count, planes, hidden, masks, from, 8, workspace.batch),
      ).toBe(true);
      perturbImages(image, segments, count, planes, hidden, masks, from, 8, reference);
      expectSameBits(workspace.batch, reference, `images ${from}…`);
    }
  });

  it('falls back to the reference when a design is wider than its arena was made for', () => {
    const workspace = maskWorkspace(400, 4); // scratch for 4 columns, in one 64 KiB page
    const z = workspace.masks.subarray(0, 16 * 100); // 100 columns need 160 KB of scratch
    const w = binaryDesign(z, 16, 100, 0.5, 9);
    const viaArena = designMoments(z, 16, 100, w, true);
    expectSameBits(viaArena.gram, designMoments(z.slice(), 16, 100, w, true).gram);
  });

  it('explains a text the same through a kernel workspace as through plain arrays', async () => {
    const doc = textFeatures('the quick brown fox jumps over the lazy dog while a cat sleeps in the sun');
    // A model that counts kept words of each class: deterministic, and sensitive to every mask.
    const predictor: MaskPredictor = {
      outputs: 2,
      predictMasks: (masks, rows) => {
        const d = doc.features.length;
        const out = new Float32Array(rows * 2);
        for (let i = 0; i < rows; i++) {
          let a = 0;
          for (let j = 0; j < d; j++) a += masks[i * d + j] * (j % 3 === 0 ? 1 : 0.1);
          out[2 * i] = 1 / (1 + Math.exp(-a + 2));
          out[2 * i + 1] = 1 - out[2 * i];
        }
        return Promise.resolve(out);
      },
    };
    const run = (plain: boolean) =>
      explainText(doc, predictor, {
        task: 'classification',
        seed: 3,
        workspace: maskWorkspace(5000, doc.features.length, plain),
        clock: () => 0,
      });
    expect((await run(false)).run).toEqual((await run(true)).run);
  });
});
