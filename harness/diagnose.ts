// Hang diagnoses: the wait-for graph, cycles, and what a stuck thread waits on, read from a run
// through its RunInspector (inspect.ts) by the main thread. Reads only: it never takes a lock or
// waits, so it works on a runtime that is deadlocked.
import * as L from '../runtime/layout.ts';
import type { RunInspector } from './inspect.ts';
import type { Diagnosis, DiagnosisKind, ThreadDumpEntry } from './result.ts';
import type { Stall, StuckThread } from './watchdog.ts';

/** Who each thread waits for: at most one edge per thread (the collector may wait on several). */
export function waitForEdges(h: RunInspector, dump: ThreadDumpEntry[]): Map<number, number[]> {
  const edges = new Map<number, number[]>();
  const mutex = h.lock();
  const collector = h.collectorId;
  const running = h.runningCollection();
  for (const d of dump) {
    const to: number[] = [];
    const blockedOnMutex = d.waitingOn === 'gc_mutex' && (d.state === 'blocked' || d.id === collector);
    if (blockedOnMutex && mutex.owner >= 0) to.push(mutex.owner);
    else if (d.waitingOn === 'epoch' && d.state === 'parked') { if (running !== d.id) to.push(running); }
    else if (d.waitingOn === 'safepoint') { // whoever stops the world (in a library, any thread may)
      for (const o of dump) if (o.id !== d.id && !L.isSafeState(L.STATE_NAMES.indexOf(o.state as never))) to.push(o.id);
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

function lockInfo(h: RunInspector): Diagnosis['lock'] {
  const m = h.lock();
  return { name: m.name, word: m.word, owner: h.threadName(m.owner), waiters: m.waiters };
}

const arrowPath = (path: string[]): string => [...path].reverse().join(' <- ');

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Classify a run that stopped making progress. `stall` says which mutators the watchdog found
 * stuck and for how long; without it (tests) every live mutator counts as stuck for the budget.
 */
export function diagnoseHang(h: RunInspector, budgetMs: number, stall?: Stall): Diagnosis {
  const dump = h.threadDump();
  const edges = waitForEdges(h, dump);
  const cycle = findCycle(edges);
  const names = (ids: number[]): string[] => ids.map((t) => h.threadName(t));
  const mutex = h.lock();
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
    const holder = mutex.owner >= 0 ? `; gc_mutex is held by ${h.threadName(mutex.owner)}` : '';
    const culprit = dump.find((d) => d.id === mutex.owner && d.id !== h.collectorId);
    const parkedWithLock = culprit && culprit.state === 'parked';
    return {
      ...base, kind: 'deadlock', waitForCycle: names(cycle), path: culprit?.frames.length ? culprit.frames : dump[cycle[0]].frames,
      message: `deadlock: wait-for cycle ${names(cycle).join(' -> ')} (${desc.join(', ')}${holder})` +
        (parkedWithLock ? `. ${culprit.name} parked at a safepoint while holding gc_mutex, which the collector needs to stop the world.` : '.'),
    };
  }
  const stuck = stall?.stuck ?? dump.filter((d) => d.id < h.mutators && d.state !== 'exited').map((d) => ({ tid: d.id, stalledMs: budgetMs, mutexAcquisitionsMeanwhile: 0 }));
  // A waiter for gc_mutex that stays asleep while the lock is free, or while others take and release
  // it again and again, missed its wake-up: an unlock that should have woken it did not.
  const lost = stuck.filter((s) => {
    const d = dump[s.tid];
    return d.waitingOn === 'gc_mutex' && d.state === 'blocked' && (mutex.owner < 0 || s.mutexAcquisitionsMeanwhile > 0);
  });
  if (lost.length > 0) {
    const who = lost.map((s) => `${dump[s.tid].name} (iteration ${dump[s.tid].iteration}, waiting ${secs(s.stalledMs)})`).join(', ');
    const meanwhile = Math.max(...lost.map((s) => s.mutexAcquisitionsMeanwhile));
    return {
      ...base, kind: 'lost-wakeup', waitForCycle: null, path: dump[lost[0].tid].frames,
      message: `lost wake-up: ${who} ${lost.length === 1 ? 'waits' : 'wait'} for gc_mutex, but gc_mutex is ` +
        (mutex.owner < 0 ? `free (word ${mutex.word}, no owner, ${mutex.waiters} waiter(s) counted)` : `held by ${h.threadName(mutex.owner)} now`) +
        (meanwhile > 0 ? ` and was taken ${meanwhile} times by other threads meanwhile` : '') + ': an unlock did not wake a waiter.',
    };
  }
  const doing = (s: StuckThread): string => {
    const d = dump[s.tid];
    return `${d.name} at iteration ${d.iteration} ${d.state}${d.waitingOn !== 'none' ? ` on ${d.waitingOn}` : ''} (last op ${d.lastOp}) for ${secs(s.stalledMs)}`;
  };
  const others = stall ? dump.filter((d) => d.id < h.mutators && !stuck.some((s) => s.tid === d.id)) : [];
  const wentOn = stall && (stall.collectionsMeanwhile > 0 || others.length > 0)
    ? ` while the run went on (${stall.collectionsMeanwhile} collections${others.length ? `; ${others.map((d) => d.name).join(', ')} kept going or finished` : ''})`
    : '';
  return {
    ...base, kind: wentOn ? 'stuck-thread' : 'no-progress', waitForCycle: null, path: stuck.length ? dump[stuck[0].tid].frames : null,
    message: wentOn
      ? `stuck thread: ${stuck.map(doing).join('; ')}, made no progress${wentOn}, and no wait-for cycle explains it.`
      : `no progress for ${budgetMs} ms and no wait-for cycle found: ${stuck.map(doing).join('; ') || 'every thread exited'}.`,
  };
}

export function diagnosisOf(kind: DiagnosisKind, message: string, h: RunInspector, extra: Partial<Diagnosis> = {}): Diagnosis {
  return {
    kind, message, lock: lockInfo(h), waitForCycle: null, path: null, threadDump: h.threadDump(), firstFailure: null, error: null,
    ...extra,
  };
}

/**
 * A GC-locker collection gave up waiting for pins to drain. `dump` was taken when it gave up. Two
 * causes read differently: a pin holder that waits for the collection itself (a wait-for cycle
 * through the locker: the collection waits for its pin), or holders that keep running and pinning.
 */
export function starvationDiagnosis(h: RunInspector, c: { waitedMs: number; activePins: number; dump: ThreadDumpEntry[] }): Diagnosis {
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
      ...base, waitForCycle: cycle.map((t) => h.threadName(t)), path: waiter.frames,
      message: `${head}, but ${doing(waiter)}: it waits for the very collection that waits for its pin ` +
        `(wait-for cycle ${cycle.map((t) => h.threadName(t)).join(' -> ')}). Under a GC locker a thread must not wait for a collection while it holds a pin.`,
    };
  }
  return {
    ...base, waitForCycle: null, path: null,
    message: `${head} while the holders kept running and pinning (${holders.map(doing).join('; ') || 'no holder left'}).`,
  };
}
