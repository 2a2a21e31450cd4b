// A one-mutator runtime where the bench thread is mutator 0 and collects while "in native" (a safe
// state), as test/helpers.ts does: one collection runs with no other thread, so a sample measures
// the collector's work alone. Also builds a nursery of known shape (full, with a given fraction of
// survivors and some pinned objects) for the collection benchmarks.
import * as L from '../runtime/layout.ts';
import { oldFree } from '../runtime/allocator.ts';
import { Collector, type GcEvent } from '../runtime/collector.ts';
import { createRuntime, type Heap, objectBytes } from '../runtime/heap.ts';
import { type Handle, Mutator } from '../runtime/mutator.ts';
import { defaultRuntimeOptions, type RuntimeOptions } from '../runtime/options.ts';

export const kPayload = 64;

export class SoloRuntime {
  readonly h: Heap;
  readonly m: Mutator;
  readonly c: Collector;
  /** Objects of kPayload bytes that fill the nursery exactly (a block's tail too small for one is lost). */
  readonly capacity: number;
  private sinceGc = 0;

  constructor(over: Partial<RuntimeOptions> = {}) {
    const o = { ...defaultRuntimeOptions(), mutators: 1, verifyEvery: 0, ...over };
    this.h = createRuntime(o);
    this.m = new Mutator(this.h, 0);
    this.c = new Collector(this.h, { lockerBudgetMs: 1000 });
    this.capacity = this.h.nBlocks * Math.floor(o.blockBytes / objectBytes(kPayload));
  }

  collect(kind: 'minor' | 'major' = 'minor'): GcEvent {
    const tok = this.m.enterNative();
    const r = this.c.collect({ kind: kind === 'major' ? L.kGcMajor : L.kGcMinor, reason: L.kGcReasonForced });
    this.m.leaveNative(tok);
    if (r.state !== 'collected') throw new Error(`collection did not run: ${r.state}`);
    if (r.problems.length > 0) throw new Error(`heap invalid: ${r.problems[0].message}`);
    this.sinceGc = 0;
    return r.event;
  }

  /**
   * Make room for `n` more allocations without a collection request (a lone mutator that asked for
   * one would park forever). Collections here are outside any timed region.
   */
  reserve(n: number): void {
    if (this.sinceGc + n > this.capacity) this.collect();
    this.sinceGc += n;
  }

  /** Keep old space roomy, so the collector never adds a major collection to a timed minor one. */
  compactIfNeeded(): void {
    if (oldFree(this.h) < 4 * (this.h.layout.nurseryEnd - this.h.layout.nursery)) this.collect('major');
  }
}

/** A full nursery: `survivors` of it held by roots, `pinned` of those pinned. */
export class NurseryLoad {
  private readonly rt: SoloRuntime;
  private held: Handle[] = [];
  private pinnedHandles: Handle[] = [];

  constructor(rt: SoloRuntime) {
    this.rt = rt;
  }

  /** Untimed set-up: start from an empty nursery, then fill it. Pinned objects come on top of the survivors. */
  fill(survivorFraction: number, pinned: number): void {
    const { m, capacity } = this.rt;
    this.rt.collect(); // frees every block, including ones a previous sample's pins retained
    this.rt.compactIfNeeded();
    const keepEvery = survivorFraction > 0 ? 1 / survivorFraction : Infinity;
    // Pins spread over the whole nursery, so they retain as many distinct blocks as they can.
    const pinEvery = pinned > 0 ? capacity / pinned : Infinity;
    let nextKeep = survivorFraction > 0 ? 0 : Infinity;
    let nextPin = pinEvery / 2;
    for (let i = 0; i < capacity; i++) {
      const hd = m.allocBytes(kPayload);
      m.write(hd, 0, i);
      if (i >= nextPin) {
        m.pin(hd);
        this.pinnedHandles.push(hd);
        this.held.push(hd);
        nextPin += pinEvery;
      } else if (i >= nextKeep) {
        this.held.push(hd);
        nextKeep += keepEvery;
      } else m.release(hd);
    }
  }

  /** Untimed tear-down: drop the pins and the roots. */
  clear(): void {
    const m = this.rt.m;
    for (const hd of this.pinnedHandles) m.unpin(hd);
    for (const hd of this.held) m.release(hd);
    this.held = [];
    this.pinnedHandles = [];
  }
}
