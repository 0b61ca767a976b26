/**
 * Buffers that a thread's jobs pass on, one job to the next. A worker runs one job at a time, and on a
 * virtual machine a fresh multi-megabyte typed array costs more in page faults and garbage collection
 * than the sampling that fills it (a text explanation 0.5 ms of 7). A job takes the buffers and gives
 * them back when it ends; a job that runs meanwhile in the same thread (in-process callers) finds none
 * kept and makes its own. Buffers larger than `keepAtMost` bytes are let go (one huge job does not hold
 * its memory for the thread's life). Nothing a job returns may be a view of them.
 */
export class ReusedBuffers<T> {
  private kept: T | null = null;

  constructor(
    private readonly bytes: (buffers: T) => number,
    private readonly keepAtMost = 64 * 1024 * 1024,
  ) {}

  /** The kept buffers when they fit, else fresh ones from make(). */
  take(fits: (kept: T) => boolean, make: () => T): T {
    const kept = this.kept;
    this.kept = null;
    return kept !== null && fits(kept) ? kept : make();
  }

  /** Hands buffers on to the next job. */
  give(buffers: T): void {
    this.kept = this.bytes(buffers) <= this.keepAtMost ? buffers : null;
  }

  /** Runs `use` with buffers taken for it, giving them back however it ends. */
  async with<R>(fits: (kept: T) => boolean, make: () => T, use: (buffers: T) => Promise<R>): Promise<R> {
    const buffers = this.take(fits, make);
    try {
      return await use(buffers);
    } finally {
      this.give(buffers);
    }
  }
}

/** Bytes behind these arrays, each buffer counted once (a kernel arena's views share one memory). */
export function heldBytes(...arrays: ArrayBufferView[]): number {
  let sum = 0;
  for (const buffer of new Set(arrays.map((a) => a.buffer))) sum += buffer.byteLength;
  return sum;
}
