// The pins one mutator thread holds, by object: its identity, the address pin() returned, how
// deep the pins nest, and the collection epoch the first pin was taken in (a later epoch at a check
// means a collection ran while it was held: pinExercised). Both mutator contexts keep one
// (ScenarioContext for the built-in runtime, NativeContext for a library). Worker side.
export const kMaxPins = 256;

export class PinTable {
  readonly ids = new Int32Array(kMaxPins);
  readonly addrs = new Int32Array(kMaxPins);
  readonly depths = new Int32Array(kMaxPins);
  readonly epochs = new Int32Array(kMaxPins);
  count = 0;
  private readonly tid: number;

  constructor(tid: number) {
    this.tid = tid;
  }

  /** The entry of object `id`, or -1 when this thread holds no pin of it. */
  indexOf(id: number): number {
    for (let k = 0; k < this.count; k++) if (this.ids[k] === id) return k;
    return -1;
  }

  /** One more pin of an object this thread pins already: true, its entry one level deeper; false for a first pin. */
  deepen(id: number): boolean {
    const k = this.indexOf(id);
    if (k < 0) return false;
    this.depths[k]++;
    return true;
  }

  /** A first pin of object `id`, at `addr`, taken in `epoch` (a nested pin deepens its entry instead). */
  push(id: number, addr: number, epoch: number): void {
    const k = this.count;
    if (k === kMaxPins) throw new RangeError(`mutator-${this.tid} holds more than ${kMaxPins} pinned objects`);
    this.ids[k] = id;
    this.addrs[k] = addr;
    this.epochs[k] = epoch;
    this.depths[k] = 1;
    this.count = k + 1;
  }

  /** Every pin held, nested ones counted. */
  held(): number {
    let n = 0;
    for (let k = 0; k < this.count; k++) n += this.depths[k];
    return n;
  }

  /** One unpin of entry k; at depth zero the entry goes and the last one takes its place. Returns the index moved into k, or -1. */
  drop(k: number): number {
    if (--this.depths[k] !== 0) return -1;
    const last = --this.count;
    this.ids[k] = this.ids[last];
    this.addrs[k] = this.addrs[last];
    this.epochs[k] = this.epochs[last];
    this.depths[k] = this.depths[last];
    return last;
  }

  /** The identity of the object pinned at `addr`, or 0 when this thread pins nothing there. */
  idAt(addr: number): number {
    let id = 0;
    for (let k = 0; k < this.count; k++) if (this.addrs[k] === addr) id = this.ids[k];
    return id;
  }
}
