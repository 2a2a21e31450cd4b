// Thread dumps and the wait-for graph, built from shared memory by the main thread. Reads only:
// it never takes a lock or waits, so it works on a runtime that is deadlocked.
import type { Heap } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';
import { mutexSnapshot } from '../runtime/mutex.ts';
import { frames, threadName, trail } from '../runtime/trail.ts';
import type { Diagnosis, DiagnosisKind, ThreadDumpEntry } from './result.ts';

export function threadDump(h: Heap): ThreadDumpEntry[] {
  const out: ThreadDumpEntry[] = [];
  const i32 = h.i32;
  for (let t = 0; t < h.threads; t++) {
    const w = (f: number): number => Atomics.load(i32, h.th(t, f));
    out.push({
      id: t,
      name: threadName(h, t),
      state: L.STATE_NAMES[w(L.kThState)] ?? '?',
      waitingOn: L.WAIT_NAMES[w(L.kThWaitingOn)] ?? '?',
      waitArg: w(L.kThWaitArg),
      lastOp: L.OPS[w(L.kThLastOp)] ?? '?',
      iteration: w(L.kThIteration),
      heartbeat: w(L.kThHeartbeat),
      pinsHeld: w(L.kThPinsHeld),
      frames: frames(h, t),
      trail: trail(h, t),
    });
  }
  return out;
}

/** Who each thread waits for: at most one edge per thread (the collector may wait on several). */
export function waitForEdges(h: Heap, dump: ThreadDumpEntry[]): Map<number, number[]> {
  const edges = new Map<number, number[]>();
  const mutex = mutexSnapshot(h);
  const collector = h.collectorId;
  for (const d of dump) {
    const to: number[] = [];
    const blockedOnMutex = d.waitingOn === 'gc_mutex' && (d.state === 'blocked' || d.id === collector);
    if (blockedOnMutex && mutex.owner >= 0) to.push(mutex.owner);
    else if (d.waitingOn === 'epoch' && d.state === 'parked') to.push(collector);
    else if (d.waitingOn === 'safepoint' && d.id === collector) {
      for (const o of dump) if (o.id !== collector && !L.isSafeState(L.STATE_NAMES.indexOf(o.state as never))) to.push(o.id);
    } else if (d.waitingOn === 'gc_locker') {
      if (d.id === collector) { for (const o of dump) if (o.id !== collector && o.pinsHeld > 0) to.push(o.id); }
      else to.push(collector);
    }
    if (to.length) edges.set(d.id, to);
  }
  return edges;
}

/** The first cycle in the wait-for graph, as thread ids with the first repeated at the end. */
export function findCycle(edges: Map<number, number[]>): number[] | null {
  const state = new Map<number, 1 | 2>();
  const stack: number[] = [];
  const visit = (n: number): number[] | null => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of [...edges.keys()].sort((a, b) => b - a)) { // the collector first: cycles read from it
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

function lockInfo(h: Heap): Diagnosis['lock'] {
  const m = mutexSnapshot(h);
  return { name: 'gc_mutex', word: m.word, owner: threadName(h, m.owner), waiters: m.waiters };
}

const arrowPath = (path: string[]): string => [...path].reverse().join(' <- ');

/** Classify a run that stopped making progress. */
export function diagnoseHang(h: Heap, budgetMs: number): Diagnosis {
  const dump = threadDump(h);
  const edges = waitForEdges(h, dump);
  const cycle = findCycle(edges);
  const names = (ids: number[]): string[] => ids.map((t) => threadName(h, t));
  const mutex = mutexSnapshot(h);
  const base = { lock: lockInfo(h), threadDump: dump, firstFailure: null, error: null };
  if (cycle && cycle.length === 2) {
    const t = dump[cycle[0]];
    const path = t.frames;
    return {
      ...base, kind: 'self-deadlock', waitForCycle: names(cycle), path,
      message: `self-deadlock: ${t.name} waits for gc_mutex, which it already owns (gc_mutex is not recursive); ` +
        `no progress for ${budgetMs} ms. Path: ${arrowPath(path)}.`,
    };
  }
  if (cycle) {
    const desc = cycle.slice(0, -1).map((id) => {
      const d = dump[id];
      return `${d.name} waits on ${d.waitingOn === 'epoch' ? 'the safepoint epoch (the collector)' : d.waitingOn}`;
    });
    const holder = mutex.owner >= 0 ? `; gc_mutex is held by ${threadName(h, mutex.owner)}` : '';
    const culprit = dump.find((d) => d.id === mutex.owner && d.id !== h.collectorId);
    const parkedWithLock = culprit && culprit.state === 'parked';
    return {
      ...base, kind: 'deadlock', waitForCycle: names(cycle), path: culprit?.frames.length ? culprit.frames : dump[cycle[0]].frames,
      message: `deadlock: wait-for cycle ${names(cycle).join(' -> ')} (${desc.join(', ')}${holder})` +
        (parkedWithLock ? `. ${culprit.name} parked at a safepoint while holding gc_mutex, which the collector needs to stop the world.` : '.'),
    };
  }
  const lost = dump.filter((d) => d.waitingOn === 'gc_mutex' && d.state === 'blocked' && mutex.owner < 0);
  if (lost.length > 0) {
    return {
      ...base, kind: 'lost-wakeup', waitForCycle: null, path: lost[0].frames,
      message: `lost wake-up: ${lost.map((d) => d.name).join(', ')} ${lost.length === 1 ? 'waits' : 'wait'} for gc_mutex, ` +
        `but gc_mutex is free (word ${mutex.word}, no owner, ${mutex.waiters} waiter(s) counted): an unlock did not wake a waiter.`,
    };
  }
  const stuck = dump.filter((d) => d.state !== 'exited').map((d) => `${d.name} ${d.state}${d.waitingOn !== 'none' ? ` on ${d.waitingOn}` : ''} at ${d.lastOp}`);
  return {
    ...base, kind: 'no-progress', waitForCycle: null, path: null,
    message: `no progress for ${budgetMs} ms and no wait-for cycle found: ${stuck.join('; ') || 'every thread exited'}.`,
  };
}

export function diagnosisOf(kind: DiagnosisKind, message: string, h: Heap, extra: Partial<Diagnosis> = {}): Diagnosis {
  return {
    kind, message, lock: lockInfo(h), waitForCycle: null, path: null, threadDump: threadDump(h), firstFailure: null, error: null,
    ...extra,
  };
}

/**
 * A GC-locker collection gave up waiting for pins to drain. `dump` was taken when it gave up. Two
 * causes read differently: a pin holder that waits for the collection itself (a wait-for cycle
 * through the locker: the collection waits for its pin), or holders that keep running and pinning.
 */
export function starvationDiagnosis(h: Heap, c: { waitedMs: number; activePins: number; dump: ThreadDumpEntry[] }): Diagnosis {
  const dump = c.dump;
  const cycle = findCycle(waitForEdges(h, dump));
  const head = `starvation (a liveness failure, not a hang): a collection waited ${c.waitedMs.toFixed(0)} ms under the GC locker ` +
    `for ${c.activePins} held pin(s) to drain`;
  const holders = dump.filter((d) => d.id !== h.collectorId && d.pinsHeld > 0);
  const doing = (d: ThreadDumpEntry): string =>
    `${d.name} holds ${d.pinsHeld} pin(s), ${d.state}${d.waitingOn !== 'none' ? ` on ${d.waitingOn}` : ''} at ${d.lastOp}`;
  const base = { kind: 'starvation' as const, lock: lockInfo(h), threadDump: dump, firstFailure: null, error: null };
  if (cycle) {
    const waiter = dump[cycle[1]];
    return {
      ...base, waitForCycle: cycle.map((t) => threadName(h, t)), path: waiter.frames,
      message: `${head}, but ${doing(waiter)}: it waits for the very collection that waits for its pin ` +
        `(wait-for cycle ${cycle.map((t) => threadName(h, t)).join(' -> ')}). Under a GC locker a thread must not wait for a collection while it holds a pin.`,
    };
  }
  return {
    ...base, waitForCycle: null, path: null,
    message: `${head} while the holders kept running and pinning (${holders.map(doing).join('; ') || 'no holder left'}).`,
  };
}
