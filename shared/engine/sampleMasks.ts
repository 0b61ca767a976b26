import type { Rng } from './random';
import { arenaOf } from './wasm/arenas';
import { KernelArena } from './wasm/kernels';
import { bytesFor, momentScratchBytes, removalScratchBytes, rowWords } from './wasm/regions';

/** Text or image neighbourhood: which features each sample keeps. Row 0 keeps all. */
export interface MaskNeighbourhood {
  rows: number;
  /** Features per row. */
  cols: number;
  /** rows × cols, 1 = kept. */
  masks: Uint8Array;
  /** The design the surrogate is fitted on: the masks themselves (see Design). */
  z: Uint8Array;
  distances: Float64Array;
  /** The same as bit sets, where a kernel sampled (see AnsweredNeighbourhood.rowBits). */
  rowBits?: BigUint64Array;
}

/**
 * Buffers for mask neighbourhoods, reused across runs: on a virtual machine a fresh multi-megabyte typed
 * array can cost more in page faults than filling it. Any capacity at least rows × features will do.
 */
export interface MaskWorkspace {
  masks: Uint8Array;
  distances: Float64Array;
  /** In an arena: room for the masks' rows as bit sets. */
  rowBits?: BigUint64Array;
}

/**
 * A workspace for up to `rows` samples of up to `features` features: in a kernel arena (WebAssembly
 * memory, with room for the sampling and design-moment kernels' scratch) unless `plain` or WebAssembly
 * is unavailable.
 */
export function maskWorkspace(rows: number, features: number, plain = false): MaskWorkspace {
  const arena = plain ? null : KernelArena.create(maskWorkspaceBytes(rows, features));
  return arena ? maskWorkspaceIn(arena, rows, features) : plainMasks(rows, features);
}

/** Bytes of a kernel arena for maskWorkspace(rows, features), its kernels' scratch included. */
export function maskWorkspaceBytes(rows: number, features: number): number {
  const cells = rows * features;
  return (
    bytesFor(cells, rows * 8, rows * rowWords(features) * 8) +
    Math.max(removalScratchBytes(features), momentScratchBytes(rows, features))
  );
}

/** A mask workspace carved from an arena (which must have maskWorkspaceBytes of room). */
export function maskWorkspaceIn(arena: KernelArena, rows: number, features: number): MaskWorkspace {
  const cells = rows * features;
  return {
    masks: arena.u8(cells),
    distances: arena.f64(rows),
    rowBits: arena.u64(rows * rowWords(features)),
  };
}

function plainMasks(rows: number, features: number): MaskWorkspace {
  const cells = rows * features;
  return { masks: new Uint8Array(cells), distances: new Float64Array(rows) };
}

function buffers(rows: number, d: number, workspace: MaskWorkspace | undefined): MaskWorkspace {
  const ws =
    workspace && workspace.masks.length >= rows * d && workspace.distances.length >= rows
      ? workspace
      : plainMasks(rows, d); // one call's: an arena (a WebAssembly memory) is for buffers kept
  const words = rows * rowWords(d);
  return {
    masks: ws.masks.subarray(0, rows * d),
    distances: ws.distances.subarray(0, rows),
    ...(ws.rowBits && ws.rowBits.length >= words ? { rowBits: ws.rowBits.subarray(0, words) } : {}),
  };
}

/**
 * The reference's text sampling (LIME.md §3): each sample after row 0 removes k features, k uniform in
 * 1..d, chosen uniformly without repetition. Distance: cosine distance to the all-ones row × `scale`
 * (100 for text), which for a 0/1 row with a kept features is 1 − √(a/d).
 */
export function sampleRemovals(
  features: number,
  numSamples: number,
  rng: Rng,
  scale = 100,
  workspace?: MaskWorkspace,
): MaskNeighbourhood {
  const d = features;
  const ws = buffers(numSamples, d, workspace);
  const { masks, distances } = ws;
  const arena = arenaOf(masks);
  if (arena instanceof KernelArena && arena.sampleMasks('removals', d, numSamples, rng, scale, ws))
    return { rows: numSamples, cols: d, z: masks, ...ws };
  const order = Int32Array.from({ length: d }, (_, j) => j);
  // Each row's uniforms in two calls (its k, then its picks): the same stream as one draw at a time, with
  // the generator's state in locals.
  const u = new Float64Array(Math.max(1, d));
  masks.fill(1, 0, d);
  distances[0] = 0;
  for (let i = 1; i < numSamples; i++) {
    rng.fillUniform(u, 1);
    const k = 1 + Math.floor(u[0] * d);
    // A partial Fisher–Yates shuffle picks k distinct features uniformly; shuffling the previous row's
    // permutation is as uniform as shuffling the identity, so `order` is never reset. When most features
    // go, it picks the few that stay instead.
    const keepFew = k > d - k;
    const picks = keepFew ? d - k : k;
    const row = i * d;
    const picked = keepFew ? 1 : 0;
    masks.fill(1 - picked, row, row + d);
    if (picks > 0) rng.fillUniform(u, picks);
    for (let j = 0; j < picks; j++) {
      const pick = j + Math.floor(u[j] * (d - j));
      const t = order[j];
      order[j] = order[pick];
      order[pick] = t;
      masks[row + order[j]] = picked;
    }
    // Cosine distance to the all-ones row, from the count kept (d − k); none kept: similarity 0.
    const kept = d - k;
    distances[i] = (kept === 0 ? 1 : 1 - Math.sqrt(kept / d)) * scale;
  }
  return { rows: numSamples, cols: d, masks, z: masks, distances };
}

/** The reference's image sampling (LIME.md §4): each feature kept with probability ½; row 0 keeps all. */
export function sampleCoinFlips(
  features: number,
  numSamples: number,
  rng: Rng,
  scale = 1,
  workspace?: MaskWorkspace,
): MaskNeighbourhood {
  const d = features;
  const ws = buffers(numSamples, d, workspace);
  const arena = arenaOf(ws.masks);
  if (arena instanceof KernelArena && arena.sampleMasks('coin-flips', d, numSamples, rng, scale, ws))
    return { rows: numSamples, cols: d, z: ws.masks, ...ws };
  const masks = ws.masks.fill(1);
  for (let i = d; i < masks.length; i++) masks[i] = rng.nextUint32() >>> 31;
  return finishMasks(ws, numSamples, d, scale);
}

function finishMasks({ masks, distances }: MaskWorkspace, rows: number, d: number, scale: number): MaskNeighbourhood {
  for (let i = 0; i < rows; i++) {
    let kept = 0;
    for (let j = 0; j < d; j++) kept += masks[i * d + j];
    // Cosine distance to the all-ones row; a row with nothing kept has similarity 0 (scikit-learn's convention).
    distances[i] = (kept === 0 ? 1 : 1 - Math.sqrt(kept / d)) * scale;
  }
  return { rows, cols: d, masks, z: masks, distances };
}
