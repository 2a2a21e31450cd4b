// Every statistic the runtime keeps, one row each: its name (the slot, the snapshot field and,
// where `run` says so, the RunStats field in results.json are all this name), who writes it, and
// what it means. layout.ts sizes the statistics region from these tables; stats.ts reads them.
//
// Global slots are written by the collector with the world stopped (or under gc_mutex); thread
// slots only by their own thread, so no slot is ever written by two threads at once, and the
// per-iteration counters do not share a cache line with another thread's (layout.ts).

interface StatRow {
  readonly name: string;
  /** Copied into RunStats (results.json, reports) under the same name. */
  readonly run: boolean;
  readonly doc: string;
}

interface ThreadStatRow extends StatRow {
  /** How the per-thread values combine into the run's figure. */
  readonly combine: 'sum' | 'max';
}

export const GLOBAL_STATS = [
  { name: 'minorCollections', run: true, doc: 'collections that ran a minor phase only' },
  { name: 'majorCollections', run: true, doc: 'collections that ran at least one major phase' },
  { name: 'majorPhases', run: false, doc: 'major phases run (a collection may run two: before and after its minor phase)' },
  { name: 'bytesPromoted', run: true, doc: 'bytes evacuated from the nursery into old space' },
  { name: 'bytesCopied', run: true, doc: 'bytes moved by any collection (promotion and compaction)' },
  { name: 'objectsCopied', run: false, doc: 'objects moved by any collection' },
  { name: 'pinnedSeen', run: true, doc: 'pinned nursery objects kept in place, summed over collections' },
  { name: 'retainedBlocks', run: true, doc: 'nursery blocks retained by pins after the last collection' },
  { name: 'retainedBytes', run: true, doc: 'bytes in those blocks' },
  { name: 'maxRetainedBytes', run: true, doc: 'the most bytes any collection retained' },
  { name: 'blocksFreed', run: false, doc: 'nursery blocks freed, summed over collections' },
  { name: 'oldUsedBytes', run: false, doc: 'old space in use after the last collection' },
  { name: 'losBytesAllocated', run: false, doc: 'bytes handed out in the large-object space' },
  { name: 'allocFailures', run: true, doc: 'allocations that fell back (nursery full of retained blocks, pin space full)' },
  { name: 'pinCopies', run: true, doc: 'copy-on-pin: objects copied into the pin space' },
  { name: 'pinCopyBytes', run: true, doc: 'copy-on-pin: bytes copied' },
  { name: 'gcLockerWaitUs', run: true, doc: 'gc-locker: time collections waited for pins to drain' },
  { name: 'gcLockerMaxWaitUs', run: true, doc: 'gc-locker: the longest such wait' },
  { name: 'pinSpaceFreeBytes', run: true, doc: 'free bytes in the pin space after the last major phase' },
  { name: 'pinSpaceLargestFree', run: false, doc: 'largest free chunk of the pin space after the last major phase' },
  { name: 'verifications', run: false, doc: 'heap verifications run by the collector' },
  { name: 'collectionsWithNative', run: true, doc: 'collections that ran while some thread was in native' },
] as const satisfies readonly StatRow[];

export const THREAD_STATS = [
  { name: 'allocs', run: false, combine: 'sum', doc: 'objects allocated' },
  { name: 'bytesAllocated', run: true, combine: 'sum', doc: 'bytes allocated' },
  { name: 'pins', run: true, combine: 'sum', doc: 'pin() calls' },
  { name: 'unpins', run: true, combine: 'sum', doc: 'unpin() calls' },
  { name: 'maxPinDepth', run: true, combine: 'max', doc: 'the highest pin count a pin() produced' },
  { name: 'safepointPolls', run: true, combine: 'sum', doc: 'safepoint polls' },
  { name: 'parks', run: true, combine: 'sum', doc: 'times a thread parked for a collection' },
  { name: 'nativeCalls', run: true, combine: 'sum', doc: 'blocking foreign calls entered' },
  { name: 'longestParkUs', run: false, combine: 'max', doc: 'the longest single park' },
  { name: 'mutexAcquisitions', run: true, combine: 'sum', doc: 'gc_mutex acquisitions' },
  { name: 'mutexContended', run: true, combine: 'sum', doc: 'acquisitions that had to wait' },
  { name: 'mutexWaitUs', run: true, combine: 'sum', doc: 'time spent waiting for gc_mutex' },
] as const satisfies readonly ThreadStatRow[];

export type GlobalStatName = (typeof GLOBAL_STATS)[number]['name'];
export type ThreadStatName = (typeof THREAD_STATS)[number]['name'];
export type StatName = GlobalStatName | ThreadStatName;
/** The runtime statistics results.json carries, by name. */
export type RunStatName = Extract<(typeof GLOBAL_STATS)[number] | (typeof THREAD_STATS)[number], { run: true }>['name'];

function slots<N extends string>(rows: readonly { name: N }[]): { readonly [K in N]: number } {
  return Object.freeze(Object.fromEntries(rows.map((r, i) => [r.name, i]))) as { readonly [K in N]: number };
}

/** Global slot of each global statistic (an f64 index relative to the stats region). */
export const G = slots(GLOBAL_STATS);
/** Slot of each per-thread statistic within a thread's row. */
export const T = slots(THREAD_STATS);
