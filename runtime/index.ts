// The runtime's public surface. Knows nothing of pools, scenarios or reports.
export * from './errors.ts';
export * from './faults.ts';
export { Heap, createRuntime, attachRuntime, objectBytes } from './heap.ts';
export { Mutator, kNullHandle, type Handle } from './mutator.ts';
export { Collector, gcInit, EvacuationAllocator, type GcEvent, type CollectResult } from './collector.ts';
export { lock, unlock, mutexSnapshot } from './mutex.ts';
export { verifyHeap, pinnedObjects, type VerifyProblem } from './verify.ts';
export { snapshotStats, type HeapStats, type ThreadStats } from './stats.ts';
export { defaultRuntimeOptions, RUNTIME_OPTIONS, type RuntimeOptions } from './options.ts';
export { frames, trail, threadName } from './trail.ts';
