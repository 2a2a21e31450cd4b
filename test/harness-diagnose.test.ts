// Hang classification from shared memory alone: each kind fires on the thread states it exists for
// and on nothing else. No threads run: the states are written by hand, as a hung run leaves them.
import { describe, expect, it } from 'vitest';
import { diagnoseHang as diagnoseOn, findCycle } from '../harness/diagnose.ts';
import { BuiltinInspector } from '../harness/inspect.ts';
import { kIteration, RunMemory } from '../harness/common/run-memory.ts';
import type { Stall } from '../harness/watchdog.ts';
import { createRuntime, defaultRuntimeOptions, type Heap } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';

function runtime(): Heap {
  const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 2 });
  for (let t = 0; t < h.mutators; t++) h.i32[h.th(t, L.kThState)] = L.kStateManaged;
  h.i32[h.th(h.collectorId, L.kThState)] = L.kStateManaged;
  return h;
}
/** The diagnosis of a run whose runtime is `h` (and whose run memory is fresh). */
const diagnoseHang = (h: Heap, budgetMs: number, stall?: Stall) => diagnoseOn(new BuiltinInspector(h, runMemoryOf(h)), budgetMs, stall);
const runs = new WeakMap<Heap, RunMemory>();
const runMemoryOf = (h: Heap): RunMemory => { if (!runs.has(h)) runs.set(h, RunMemory.create(h.threads)); return runs.get(h)!; };
const wait = (h: Heap, tid: number, state: number, on: number): void => {
  h.i32[h.th(tid, L.kThState)] = state;
  h.i32[h.th(tid, L.kThWaitingOn)] = on;
};
const owned = (h: Heap, owner: number): void => {
  h.i32[L.kGcMutex] = L.kMutexContended;
  h.i32[L.kGcMutexOwner] = owner;
};

const SETUPS: Record<string, (h: Heap) => void> = {
  'self-deadlock': (h) => { owned(h, h.collectorId); wait(h, h.collectorId, L.kStateBlocked, L.kWaitGcMutex); },
  deadlock: (h) => { owned(h, 0); wait(h, 0, L.kStateParked, L.kWaitEpoch); wait(h, h.collectorId, L.kStateBlocked, L.kWaitGcMutex); },
  'lost-wakeup': (h) => { h.i32[L.kGcMutexOwner] = L.kNoThread; wait(h, 1, L.kStateBlocked, L.kWaitGcMutex); },
  'no-progress': () => undefined,
};

describe('hang diagnosis', () => {
  for (const [kind, setup] of Object.entries(SETUPS)) {
    it(`${kind}: classified as ${kind} and as nothing else`, () => {
      const h = runtime();
      setup(h);
      const d = diagnoseHang(h, 100);
      expect(d.kind).toBe(kind);
      expect(d.threadDump).toHaveLength(h.threads);
    });
  }

  it('names the cycle and the thread that parked with gc_mutex', () => {
    const h = runtime();
    SETUPS.deadlock(h);
    const d = diagnoseHang(h, 100);
    expect(d.waitForCycle).toEqual(['collector', 'mutator-0', 'collector']);
    expect(d.message).toMatch(/mutator-0 parked at a safepoint while holding gc_mutex/);
  });

  it('stuck-thread: one mutator stood still while the run went on, named with its wait and how long', () => {
    const h = runtime();
    wait(h, 1, L.kStateNative, L.kWaitNative);
    runMemoryOf(h).i32[runMemoryOf(h).th(1, kIteration)] = 41;
    const d = diagnoseHang(h, 100, { stuck: [{ tid: 1, stalledMs: 2300, mutexAcquisitionsMeanwhile: 9 }], collectionsMeanwhile: 1200 });
    expect(d.kind).toBe('stuck-thread');
    expect(d.message).toMatch(/mutator-1 at iteration 41 native on native .* for 2\.3 s/);
    expect(d.message).toMatch(/1200 collections/);
  });

  it('lost-wakeup while others keep taking the lock: the waiter sleeps though gc_mutex is owned now', () => {
    const h = runtime();
    owned(h, h.collectorId);
    wait(h, 0, L.kStateBlocked, L.kWaitGcMutex);
    const stall = { stuck: [{ tid: 0, stalledMs: 500, mutexAcquisitionsMeanwhile: 3000 }], collectionsMeanwhile: 400 };
    expect(diagnoseHang(h, 100, stall).kind).toBe('lost-wakeup');
    expect(diagnoseHang(h, 100, { ...stall, stuck: [{ ...stall.stuck[0], mutexAcquisitionsMeanwhile: 0 }] }).kind).not.toBe('lost-wakeup');
  });

  it('findCycle: finds a cycle, and none in a chain', () => {
    expect(findCycle(new Map([[2, [0]], [0, [1]], [1, [2]]]))).toEqual([2, 0, 1, 2]);
    expect(findCycle(new Map([[2, [0]], [0, [1]]]))).toBeNull();
  });
});
