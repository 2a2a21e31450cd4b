import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { createRuntime, defaultRuntimeOptions, lock, unlock } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { restartWorld, stopTheWorld } from '../runtime/safepoint.ts';
import { message, sleep, spawn } from './workers.ts';

const kStop = 221;
const kCount = 224; // one word per mutator from here
const kRelease = 230;
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

const counts = (h: { i32: Int32Array }, n: number): number[] => [...Array(n).keys()].map((t) => Atomics.load(h.i32, kCount + t));
const states = (h: ReturnType<typeof createRuntime>, n: number): number[] => [...Array(n).keys()].map((t) => Atomics.load(h.i32, h.th(t, L.kThState)));

function spinner(h: ReturnType<typeof createRuntime>, tid: number): Worker {
  const w = spawn(h.sab, `
    const m = new rt.Mutator(h, data.tid);
    post({ up: true });
    while (Atomics.load(h.i32, ${kStop}) === 0) { m.safepoint(); Atomics.add(h.i32, ${kCount} + data.tid, 1); }
    m.exit(); post({ done: true });`, { tid });
  workers.push(w);
  return w;
}

describe('safepoints', () => {
  it('the handshake stops every managed thread until the world restarts', async () => {
    const n = 3;
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: n });
    const ws = [...Array(n).keys()].map((t) => spinner(h, t));
    await Promise.all(ws.map((w) => message(w)));
    await sleep(50);
    const me = h.collectorId;
    lock(h, me);
    stopTheWorld(h, me, () => undefined);
    expect(states(h, n)).toEqual(Array(n).fill(L.kStateParked));
    const frozen = counts(h, n);
    await sleep(100);
    expect(counts(h, n)).toEqual(frozen);
    restartWorld(h, me);
    unlock(h, me);
    await sleep(100);
    counts(h, n).forEach((c, t) => expect(c).toBeGreaterThan(frozen[t]));
    Atomics.store(h.i32, kStop, 1);
    await Promise.all(ws.map((w) => message(w, (m: { done?: boolean }) => m.done === true)));
  });

  it('a thread in native does not hold up a collection, and leaving native during one parks it until the end', async () => {
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 2 });
    const spin = spinner(h, 0);
    const nat = spawn(h.sab, `
      const m = new rt.Mutator(h, 1);
      const tok = m.enterNative();
      post({ native: true });
      while (Atomics.load(h.i32, ${kRelease}) === 0) Atomics.wait(h.i32, ${kRelease}, 0, 20);
      m.leaveNative(tok);
      Atomics.store(h.i32, ${kCount} + 1, 1);
      post({ back: true });
      m.exit();`);
    workers.push(nat);
    await message(spin);
    await message(nat, (m: { native?: boolean }) => m.native === true);
    const me = h.collectorId;
    lock(h, me);
    stopTheWorld(h, me, () => undefined); // returns: not held up by the thread in native
    expect(Atomics.load(h.i32, h.th(1, L.kThState))).toBe(L.kStateNative);
    // The native thread comes back while the world is stopped: it must park, not run.
    Atomics.store(h.i32, kRelease, 1);
    Atomics.notify(h.i32, kRelease);
    const deadline = performance.now() + 2000;
    while (Atomics.load(h.i32, h.th(1, L.kThState)) !== L.kStateParked && performance.now() < deadline) await sleep(5);
    expect(Atomics.load(h.i32, h.th(1, L.kThState))).toBe(L.kStateParked);
    await sleep(50);
    expect(Atomics.load(h.i32, kCount + 1)).toBe(0);
    restartWorld(h, me);
    unlock(h, me);
    await message(nat, (m: { back?: boolean }) => m.back === true);
    expect(Atomics.load(h.i32, kCount + 1)).toBe(1);
    Atomics.store(h.i32, kStop, 1);
    await message(spin, (m: { done?: boolean }) => m.done === true);
  });
});
