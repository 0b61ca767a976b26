import type { Rng } from '../random';
import { align, ALIGN, rowWords, STATE_BYTES } from './regions';

/**
 * A fixed-size WebAssembly memory handed out by a bump allocator (KernelArena runs the kernels in one).
 * Buffers are kept for the memory's life; temporaries a kernel call needs are taken above them and given
 * back when it returns (mark and release).
 */
export class ArenaMemory {
  private top = ALIGN;

  constructor(readonly buffer: ArrayBuffer) {}

  f64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.place(length * 8), length);
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.place(length * 4), length);
  }

  u8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.place(length), length);
  }

  u64(length: number): BigUint64Array {
    return new BigUint64Array(this.buffer, this.place(length * 8), length);
  }

  private take(bytes: number): number | null {
    const at = this.top;
    if (at + bytes > this.buffer.byteLength) return null;
    this.top = at + align(bytes);
    return at;
  }

  private place(bytes: number): number {
    const at = this.take(bytes);
    if (at === null) throw new RangeError(`KernelArena: no room for ${bytes} bytes`);
    return at;
  }

  /** Regions of the given byte sizes kept for the memory's life, or null (none kept) when they do not all fit. */
  protected keep(sizes: number[]): number[] | null {
    const mark = this.top;
    const at: number[] = [];
    for (const s of sizes) {
      const p = this.take(s);
      if (p === null) {
        this.top = mark;
        return null;
      }
      at.push(p);
    }
    return at;
  }

  /**
   * Places regions of the given byte sizes above the arena's buffers without keeping them: they hold until
   * the next call that places any. Null when they do not fit.
   */
  protected transient(sizes: number[]): number[] | null {
    const mark = this.top;
    try {
      return this.keep(sizes);
    } finally {
      this.top = mark;
    }
  }

  /** Runs `use` with temporaries of the given byte sizes, or returns null when they do not fit. */
  protected withScratch<T>(sizes: number[], use: (at: number[]) => T): T | null {
    const at = this.transient(sizes);
    return at && use(at);
  }

  /**
   * Runs a sampling kernel on rng's stream: its state handed in (the first 16 bytes of scratch) and taken
   * back after, so the stream continues in TypeScript where the kernel stopped. False when the scratch
   * (`sizes` after the state) does not fit.
   */
  protected drawing(rng: Rng, sizes: number[], draw: (state: number, at: number[]) => void): boolean {
    return (
      this.withScratch([STATE_BYTES, ...sizes], ([state, ...at]) => {
        const words = new Int32Array(this.buffer, state, 4);
        rng.saveState(words);
        draw(state, at);
        rng.loadState(words);
        return true;
      }) ?? false
    );
  }

  /**
   * Where rowBits lies in this memory (its byte offset), or 0 (none) when it is absent, elsewhere or too
   * short for rows × cols: a kernel then neither writes nor reads bit sets.
   */
  protected bitsAt(rowBits: BigUint64Array | undefined, rows: number, cols: number): number {
    return rowBits && rowBits.buffer === this.buffer && rowBits.length >= rows * rowWords(cols)
      ? rowBits.byteOffset
      : 0;
  }
}
