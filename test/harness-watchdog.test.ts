// The watchdog judges each mutator by its own heartbeat: one that stands still for the budget is
// stuck even while the others and the collector keep going, and the call comes within the budget
// plus one tick of its last heartbeat. Fake timers and a hand-driven runtime: no threads, no timing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRuntime, defaultRuntimeOptions } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { type Stall, startWatchdog, watchdogTickMs } from '../harness/watchdog.ts';
import { BuiltinInspector } from '../harness/inspect.ts';
import { kHeartbeat, RunMemory } from '../harness/common/run-memory.ts';

afterEach(() => { vi.useRealTimers(); });

function world() {
  const rt = createRuntime({ ...defaultRuntimeOptions(), mutators: 3 });
  for (let t = 0; t < 3; t++) rt.i32[rt.th(t, L.kThState)] = L.kStateManaged;
  const h = new BuiltinInspector(rt, RunMemory.create(rt.threads));
  const beat = (t: number): void => { h.run.i32[h.run.th(t, kHeartbeat)]++; };
  const collect = (): void => { rt.f64[rt.stat(L.G.minorCollections)]++; };
  return { h, rt, beat, collect };
}

describe('per-thread watchdog', () => {
  it('calls a mutator stuck while the others and the collector go on, within budget + one tick', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { h, beat, collect } = world();
    const budget = 400;
    const tick = watchdogTickMs(budget);
    let called: Stall | null = null;
    let at = -1;
    startWatchdog(h, budget, (s) => { called = s; at = performance.now(); });
    const lastBeat = performance.now();
    for (let ms = 0; ms < 3 * budget && !called; ms += 1) {
      beat(0); beat(2); collect(); // mutator-1 never beats again
      vi.advanceTimersByTime(1);
    }
    expect(called).not.toBeNull();
    const s = called as unknown as Stall;
    expect(s.stuck.map((x) => x.tid)).toEqual([1]);
    expect(at - lastBeat).toBeGreaterThanOrEqual(budget);
    expect(at - lastBeat).toBeLessThanOrEqual(budget + tick);
    expect(s.collectionsMeanwhile).toBeGreaterThan(0);
  });

  it('stays quiet while every live mutator beats, and ignores exited ones', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { h, rt, beat } = world();
    rt.i32[rt.th(2, L.kThState)] = L.kStateExited;
    let called = false;
    const dog = startWatchdog(h, 200, () => { called = true; });
    for (let ms = 0; ms < 2000; ms += 10) {
      beat(0); beat(1);
      vi.advanceTimersByTime(10);
    }
    dog.stop();
    expect(called).toBe(false);
  });
});
