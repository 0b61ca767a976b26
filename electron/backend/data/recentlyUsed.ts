/**
 * The few values a process used last, by key: what is worth keeping between one explanation and the next
 * (a parsed table, a fitted explainer). The least recently used goes first once more than `count` are
 * kept or their weights (bytes, say) add up to more than `most`; a value heavier than `most` is not kept.
 */
export class RecentlyUsed<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private held = 0;

  constructor(
    private readonly count: number,
    private readonly most = Infinity,
  ) {}

  /** The value kept under key (now the most recently used), or undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps value under key, letting the least recently used go while there are too many or too heavy. */
  set(key: string, value: V, weight = 0): void {
    this.delete(key);
    if (weight > this.most) return;
    this.entries.set(key, { value, weight });
    this.held += weight;
    for (const old of this.entries.keys()) {
      if (this.entries.size <= this.count && this.held <= this.most) break;
      this.delete(old);
    }
  }

  /** The value kept under key, else make()'s, kept. */
  getOrMake(key: string, make: () => V): V {
    const known = this.get(key);
    if (known !== undefined) return known;
    const value = make();
    this.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.weight;
  }
}
