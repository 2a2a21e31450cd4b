import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { createRuntime, defaultRuntimeOptions, lock, unlock } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { restartWorld, stopTheWorld, wakeParked } from '../runtime/safepoint.ts';
import { message, sleep, spawn } from './workers.ts';

// Signals between the test and its workers live in a buffer of their own, not in the runtime's.
const sig = new Int32Array(new SharedArrayBuffer(64));
const kStop = 0;
const kCount = 4; // one word per mutator from here
const kRelease = 12;
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

const counts = (n: number): number[] => [...Array(n).keys()].map((t) => Atomics.load(sig, kCount + t));
const states = (h: ReturnType<typeof createRuntime>, n: number): number[] => [...Array(n).keys()].map((t) => Atomics.load(h.i32, h.th(t, L.kThState)));

function spinner(h: ReturnType<typeof createRuntime>, tid: number): Worker {
  const w = spawn(h.sab, `
    const S = new Int32Array(data.sig);
    const m = new rt.Mutator(h, data.tid);
    post({ up: true });
    while (Atomics.load(S, ${kStop}) === 0) { m.safepoint(); Atomics.add(S, ${kCount} + data.tid, 1); }
    m.exit(); post({ done: true });`, { tid, sig: sig.buffer });
  workers.push(w);
  return w;
}

describe('safepoints', () => {
  it('the handshake stops every managed thread until the world restarts', async () => {
    sig.fill(0);
    const n = 3;
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: n });
    const ws = [...Array(n).keys()].map((t) => spinner(h, t));
    await Promise.all(ws.map((w) => message(w)));
    await sleep(50);
    const me = h.collectorId;
    lock(h, me);
    stopTheWorld(h, me);
    expect(states(h, n)).toEqual(Array(n).fill(L.kStateParked));
    const frozen = counts(n);
    await sleep(100);
    expect(counts(n)).toEqual(frozen);
    restartWorld(h, me);
    unlock(h, me);
    wakeParked(h);
    await sleep(100);
    counts(n).forEach((c, t) => expect(c).toBeGreaterThan(frozen[t]));
    Atomics.store(sig, kStop, 1);
    await Promise.all(ws.map((w) => message(w, (m: { done?: boolean }) => m.done === true)));
  });

  it('a thread in native does not hold up a collection, and leaving native during one parks it until the end', async () => {
    sig.fill(0);
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 2 });
    const spin = spinner(h, 0);
    const nat = spawn(h.sab, `
      const S = new Int32Array(data.sig);
      const m = new rt.Mutator(h, 1);
      const tok = m.enterNative();
      post({ native: true });
      while (Atomics.load(S, ${kRelease}) === 0) Atomics.wait(S, ${kRelease}, 0, 20);
      m.leaveNative(tok);
      Atomics.store(S, ${kCount} + 1, 1);
      post({ back: true });
      m.exit();`, { sig: sig.buffer });
    workers.push(nat);
    await message(spin);
    await message(nat, (m: { native?: boolean }) => m.native === true);
    const me = h.collectorId;
    lock(h, me);
    stopTheWorld(h, me); // returns: not held up by the thread in native
    expect(Atomics.load(h.i32, h.th(1, L.kThState))).toBe(L.kStateNative);
    // The native thread comes back while the world is stopped: it must park, not run.
    Atomics.store(sig, kRelease, 1);
    Atomics.notify(sig, kRelease);
    const deadline = performance.now() + 2000;
    while (Atomics.load(h.i32, h.th(1, L.kThState)) !== L.kStateParked && performance.now() < deadline) await sleep(5);
    expect(Atomics.load(h.i32, h.th(1, L.kThState))).toBe(L.kStateParked);
    await sleep(50);
    expect(Atomics.load(sig, kCount + 1)).toBe(0);
    restartWorld(h, me);
    unlock(h, me);
    wakeParked(h);
    await message(nat, (m: { back?: boolean }) => m.back === true);
    expect(Atomics.load(sig, kCount + 1)).toBe(1);
    Atomics.store(sig, kStop, 1);
    await message(spin, (m: { done?: boolean }) => m.done === true);
  });

  it('a mutator that gets gc_mutex while the world is stopping gives it back and parks (kManagedAfterRecheck)', async () => {
    sig.fill(0);
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 1 });
    const me = h.collectorId;
    lock(h, me); // the mutator below will block on it: a safe state
    const w = spawn(h.sab, `
      const S = new Int32Array(data.sig);
      const m = new rt.Mutator(h, 0);
      post({ up: true });
      rt.lock(h, 0);
      Atomics.store(S, 4, 1); // the heap would be touched here
      rt.unlock(h, 0);
      m.exit(); post({ done: true });`, { sig: sig.buffer });
    workers.push(w);
    await message(w);
    const deadline = performance.now() + 2000;
    while (Atomics.load(h.i32, h.th(0, L.kThState)) !== L.kStateBlocked && performance.now() < deadline) await sleep(2);
    stopTheWorld(h, me); // counts the blocked mutator as safe
    unlock(h, me); // the mutator gets the lock now, with a stop requested
    while (Atomics.load(h.i32, h.th(0, L.kThState)) !== L.kStateParked && performance.now() < deadline) await sleep(2);
    expect(Atomics.load(h.i32, h.th(0, L.kThState))).toBe(L.kStateParked);
    await sleep(30);
    expect(Atomics.load(sig, 4)).toBe(0);
    lock(h, me); // free again: the parked mutator gave it back
    restartWorld(h, me);
    unlock(h, me);
    wakeParked(h);
    await message(w, (m: { done?: boolean }) => m.done === true);
    expect(Atomics.load(sig, 4)).toBe(1);
  });
});
