// The identity each global root slot must hold, kept by the harness beside the runtime (a buffer
// of its own; the runtime knows nothing of it). A global that a collector leaves pointing at the
// wrong object, even an intact one, is then caught, by the mutator that reads it and by the
// collector-side check. Each slot is a seqlock (sequence, id): a writer makes the sequence odd,
// which also claims the slot from other writers, stores the root and the id, and makes it even
// again; a reader retries until it sees one even sequence on both sides of its reads. Neither
// side can reach a safepoint in between.
const kWordsPerGlobal = 2;

export function globalShadowBytes(globalRoots: number): number {
  return Math.max(1, globalRoots) * kWordsPerGlobal * 4;
}

export class GlobalShadow {
  private readonly w: Int32Array;
  constructor(sab: SharedArrayBuffer) {
    this.w = new Int32Array(sab);
  }
  /** Publish: `store` writes the root slot; `id` is what it now refers to (0: null). */
  publish(g: number, id: number, store: () => void): void {
    const s = g * kWordsPerGlobal;
    // Writers exclude each other: two threads publishing to one slot at once would otherwise make
    // the sequence even between them, and a reader (or the last writer's id) would pair one
    // writer's root with the other's id.
    let s1: number;
    do s1 = Atomics.load(this.w, s);
    while ((s1 & 1) !== 0 || Atomics.compareExchange(this.w, s, s1, s1 + 1) !== s1);
    try {
      store();
      Atomics.store(this.w, s + 1, id);
    } finally {
      // A store that throws (a library call that fails) must not leave the slot claimed for ever.
      Atomics.store(this.w, s, s1 + 2);
    }
  }
  /** Read a root slot with `load` and the id it must hold, consistently. */
  read<T>(g: number, load: () => T, undo: (t: T) => void): { value: T; id: number } {
    const s = g * kWordsPerGlobal;
    for (;;) {
      const s1 = Atomics.load(this.w, s);
      if ((s1 & 1) === 0) {
        const value = load();
        const id = Atomics.load(this.w, s + 1);
        if (Atomics.load(this.w, s) === s1) return { value, id };
        undo(value);
      }
    }
  }
  /** The id global g must hold, if no write is under way (-1 otherwise). */
  stableId(g: number): number {
    const s = g * kWordsPerGlobal;
    const s1 = Atomics.load(this.w, s);
    const id = Atomics.load(this.w, s + 1);
    return (s1 & 1) === 0 && Atomics.load(this.w, s) === s1 ? id : -1;
  }
}
