// One snapshot of the runtime's statistics, read from shared memory by any thread.
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { mutexSnapshot } from './mutex.ts';

export interface ThreadStats {
  allocs: number;
  bytesAllocated: number;
  pins: number;
  unpins: number;
  maxPinDepth: number;
  polls: number;
  parks: number;
  iterations: number;
  nativeCalls: number;
  longestParkUs: number;
  outcomes: Record<L.OutcomeName, number>;
}

export interface HeapStats {
  minorCollections: number;
  majorCollections: number;
  bytesAllocated: number;
  bytesPromoted: number;
  bytesCopied: number;
  objectsCopied: number;
  pins: number;
  unpins: number;
  maxPinDepth: number;
  pinnedSeen: number;
  retainedBlocks: number;
  retainedBytes: number;
  maxRetainedBytes: number;
  safepointPolls: number;
  parks: number;
  nativeCalls: number;
  allocFailures: number;
  pinCopies: number;
  pinCopyBytes: number;
  gcLockerWaitUs: number;
  gcLockerMaxWaitUs: number;
  pinSpaceFreeBytes: number;
  pinSpaceLargestFree: number;
  oldUsedBytes: number;
  losBytesAllocated: number;
  collectionsWithNative: number;
  verifications: number;
  mutex: { acquisitions: number; contended: number; waitUs: number; word: number; owner: number; waiters: number };
  outcomes: Record<L.OutcomeName, number>;
  threads: ThreadStats[];
}

function threadStats(h: Heap, t: number): ThreadStats {
  const f = h.f64;
  const s = (slot: number): number => f[h.threadStat(t, slot)];
  const outcomes = {} as Record<L.OutcomeName, number>;
  L.OUTCOME_NAMES.forEach((n, i) => { outcomes[n] = s(L.OUTCOME_TO_THREAD_STAT[i]); });
  return {
    allocs: s(L.kTcAllocs), bytesAllocated: s(L.kTcBytesAllocated), pins: s(L.kTcPins), unpins: s(L.kTcUnpins),
    maxPinDepth: s(L.kTcMaxPinDepth), polls: s(L.kTcPolls), parks: s(L.kTcParks), iterations: s(L.kTcIterations),
    nativeCalls: s(L.kTcNativeCalls), longestParkUs: s(L.kTcLongestParkNs) / 1e3, outcomes,
  };
}

export function snapshotStats(h: Heap): HeapStats {
  const f = h.f64;
  const g = (slot: number): number => f[h.stat(slot)];
  const threads: ThreadStats[] = [];
  for (let t = 0; t < h.mutators; t++) threads.push(threadStats(h, t));
  const sum = (k: keyof ThreadStats): number => threads.reduce((a, t) => a + (t[k] as number), 0);
  const outcomes = {} as Record<L.OutcomeName, number>;
  // Outcomes include the collector's row: the heap verifier reports heapInvalid from there.
  const collector = threadStats(h, h.collectorId).outcomes;
  for (const n of L.OUTCOME_NAMES) outcomes[n] = threads.reduce((a, t) => a + t.outcomes[n], collector[n]);
  const m = mutexSnapshot(h);
  return {
    minorCollections: g(L.kStatMinorCollections),
    majorCollections: g(L.kStatMajorCollections),
    bytesAllocated: sum('bytesAllocated'),
    bytesPromoted: g(L.kStatBytesPromoted),
    bytesCopied: g(L.kStatBytesCopied),
    objectsCopied: g(L.kStatObjectsCopied),
    pins: sum('pins'),
    unpins: sum('unpins'),
    maxPinDepth: Math.max(0, ...threads.map((t) => t.maxPinDepth)),
    pinnedSeen: g(L.kStatPinnedSeen),
    retainedBlocks: g(L.kStatRetainedBlocks),
    retainedBytes: g(L.kStatRetainedBytes),
    maxRetainedBytes: g(L.kStatMaxRetainedBytes),
    safepointPolls: sum('polls'),
    parks: sum('parks'),
    nativeCalls: sum('nativeCalls'),
    allocFailures: g(L.kStatAllocFailures),
    pinCopies: g(L.kStatPinCopies),
    pinCopyBytes: g(L.kStatPinCopyBytes),
    gcLockerWaitUs: g(L.kStatGcLockerWaitNs) / 1e3,
    gcLockerMaxWaitUs: g(L.kStatGcLockerMaxWaitNs) / 1e3,
    pinSpaceFreeBytes: g(L.kStatPinSpaceFree),
    pinSpaceLargestFree: g(L.kStatPinSpaceLargestFree),
    oldUsedBytes: g(L.kStatOldUsedBytes),
    losBytesAllocated: g(L.kStatLosBytes),
    collectionsWithNative: g(L.kStatCollectionsWithNative),
    verifications: g(L.kStatVerifications),
    mutex: {
      acquisitions: g(L.kStatMutexAcquisitions), contended: g(L.kStatMutexContended), waitUs: g(L.kStatMutexWaitNs) / 1e3,
      ...m,
    },
    outcomes,
    threads,
  };
}
