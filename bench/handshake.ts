// A world of N real mutator threads (worker_threads) polling safepoints, with the bench thread as
// the collector: each collect() is one full handshake (request, every thread parks, an empty
// minor collection, restart, every thread wakes).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { Collector, type GcEvent } from '../runtime/collector.ts';
import { createRuntime } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';
import { defaultRuntimeOptions } from '../runtime/options.ts';
import { runnableModule } from '../harness/paths.ts';

export interface HandshakeWorld {
  /** Untimed: wait until every mutator has woken from the last collection and runs managed code again. */
  awaitRunning(): void;
  collect(): GcEvent;
  close(): Promise<void>;
}

function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(runnableModule(new URL(`./handshake-worker${ext}`, import.meta.url).href));
}

export async function startHandshakeWorld(mutators: number): Promise<HandshakeWorld> {
  const h = createRuntime({ ...defaultRuntimeOptions(), mutators, verifyEvery: 0 });
  const c = new Collector(h, { lockerBudgetMs: 1000 });
  const stop = new SharedArrayBuffer(4);
  const workers: Worker[] = [];
  for (let tid = 0; tid < mutators; tid++) workers.push(new Worker(workerUrl(), { workerData: { sab: h.sab, tid, stop } }));
  await Promise.all(workers.map((w) => once(w, 'message')));
  const running = (): boolean => {
    for (let t = 0; t < mutators; t++) if (Atomics.load(h.i32, h.th(t, L.kThState)) !== L.kStateManaged) return false;
    return true;
  };
  return {
    awaitRunning(): void {
      // Without this the next request finds threads still parked from the last one (a futex wake
      // takes ~13 us) and the "handshake" stops nobody.
      const deadline = performance.now() + 1000;
      while (!running()) if (performance.now() > deadline) throw new Error('handshake mutators did not resume');
    },
    collect(): GcEvent {
      const r = c.collect({ kind: L.kGcMinor, reason: L.kGcReasonForced });
      if (r.state !== 'collected') throw new Error(`handshake collection did not run: ${r.state}`);
      return r.event;
    },
    async close(): Promise<void> {
      Atomics.store(new Int32Array(stop), 0, 1);
      await Promise.all(workers.map((w) => once(w, 'exit')));
    },
  };
}
