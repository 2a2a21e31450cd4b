import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { createRuntime, defaultRuntimeOptions, lock, MutexRelockError, mutexSnapshot, unlock } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { exited, message, sleep, spawn } from './workers.ts';

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

describe('gc_mutex', () => {
  it('N threads x M lock/increment/unlock give exactly N*M', async () => {
    const n = 4;
    const iters = 20_000;
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: n });
    // A plain counter in a buffer of its own: only the lock makes the increments add up.
    const counter = new Int32Array(new SharedArrayBuffer(4));
    for (let t = 0; t < n; t++) {
      workers.push(spawn(h.sab, `
        const counter = new Int32Array(data.counter);
        for (let i = 0; i < data.iters; i++) { rt.lock(h, data.tid); counter[0] = counter[0] + 1; rt.unlock(h, data.tid); }
        post({ done: true });`, { tid: t, iters, counter: counter.buffer }));
    }
    await Promise.all(workers.map((w) => message(w)));
    expect(counter[0]).toBe(n * iters);
    expect(mutexSnapshot(h)).toEqual({ word: 0, owner: L.kNoThread, waiters: 0 });
  });

  it('errorcheck: a re-lock by the owner throws at once, naming the owner', () => {
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 2, mutex: 'errorcheck' });
    lock(h, 1);
    expect(() => lock(h, 1)).toThrow(MutexRelockError);
    expect(() => lock(h, 1)).toThrow(/re-locked by its owner mutator-1 \(thread 1\)/);
    unlock(h, 1);
    expect(mutexSnapshot(h).owner).toBe(L.kNoThread);
  });

  it('normal: a re-lock by the owner really blocks; the abort flag releases the thread', async () => {
    const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 1 });
    const w = spawn(h.sab, `
      rt.lock(h, 0); post({ locked: true });
      rt.lock(h, 0); post({ relocked: true });`);
    workers.push(w);
    await message(w, (m: { locked?: boolean }) => m.locked === true);
    await sleep(300);
    await expect(message(w, (m: { relocked?: boolean }) => m.relocked === true, 10)).rejects.toThrow(/no matching message/);
    expect(Atomics.load(h.i32, h.th(0, L.kThState))).toBe(L.kStateBlocked);
    expect(h.i32[h.th(0, L.kThWaitingOn)]).toBe(L.kWaitGcMutex);
    expect(mutexSnapshot(h)).toMatchObject({ word: L.kMutexContended, owner: 0 });
    // Clean up: the harness's abort wakes every waiter, which then gives up.
    Atomics.store(h.i32, L.kAbort, 1);
    Atomics.notify(h.i32, L.kGcMutex);
    const m = await message<{ code?: string }>(w, (x) => 'code' in x);
    expect(m.code).toBe('PIN_ABORTED');
    expect(await exited(w)).toBe(0); // it ends by itself: nothing left blocked

  });
});
