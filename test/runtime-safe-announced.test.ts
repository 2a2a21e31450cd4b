// kSafeAnnounced (runtime/safepoint.ts): a thread that becomes safe while a stop is requested tells
// the collector (kSafeSeq) after it publishes its state. One that does not makes every stop wait
// out its timeout; stopTheWorld reports it as a broken handshake, naming the thread. A correct
// announcement, or one that lags its state store by less than the grace period, passes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { createRuntime, defaultRuntimeOptions, InvariantError } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { restartWorld, stopTheWorld } from '../runtime/safepoint.ts';
import { message, spawn } from './workers.ts';

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/** Mutator 0 registers (managed), then, once told, parks by hand: announcing at once, late, or never. */
async function parkingThread(h: ReturnType<typeof createRuntime>, announceAfterMs: number | null): Promise<Int32Array> {
  const go = new Int32Array(new SharedArrayBuffer(8));
  const w = spawn(h.sab, `
    const go = new Int32Array(data.go);
    new rt.Mutator(h, 0);
    post({ up: true });
    Atomics.wait(go, 0, 0);
    Atomics.wait(go, 1, 0, 20); // the collector is waiting by now
    Atomics.store(h.i32, h.th(0, L.kThWaitingOn), L.kWaitEpoch);
    Atomics.store(h.i32, h.th(0, L.kThState), L.kStateParked);
    if (data.after !== null) {
      if (data.after > 0) Atomics.wait(go, 1, 0, data.after);
      Atomics.add(h.i32, L.kSafeSeq, 1);
      Atomics.notify(h.i32, L.kSafeSeq);
    }
    post({ parked: true });`, { go: go.buffer, after: announceAfterMs });
  workers.push(w);
  await message(w);
  return go;
}

function stopNow(h: ReturnType<typeof createRuntime>, go: Int32Array): { error: unknown; ms: number } {
  Atomics.store(go, 0, 1);
  Atomics.notify(go, 0);
  const t0 = performance.now();
  try {
    stopTheWorld(h, h.collectorId);
    restartWorld(h, h.collectorId);
    return { error: null, ms: performance.now() - t0 };
  } catch (e) {
    return { error: e, ms: performance.now() - t0 };
  }
}

describe('kSafeAnnounced', () => {
  it('a thread that parks without announcing it is a broken handshake, named', async () => {
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 1 });
    const r = stopNow(h, await parkingThread(h, null));
    expect(r.error).toBeInstanceOf(InvariantError);
    expect((r.error as InvariantError).invariant).toBe('kSafeAnnounced');
    expect(String((r.error as Error).message)).toMatch(/mutator-0 became safe during a stop without announcing it/);
  });

  it('an announcement at once, or one that lags the state store within the grace period, passes', async () => {
    for (const after of [0, 120]) {
      const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 1 });
      const r = stopNow(h, await parkingThread(h, after));
      expect(r.error).toBeNull();
      expect(Atomics.load(h.i32, h.th(0, L.kThState))).toBe(L.kStateParked);
      if (after === 0) expect(r.ms).toBeLessThan(50 + 200); // not a timeout
    }
  });
});
