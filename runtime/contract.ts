// The runtime contract: what the harness and the scenarios need from a runtime, split by who calls
// it, as mmtk-core names the traits a VM binding implements (ActivePlan, Collection, Scanning,
// ObjectModel). Two runtimes implement it:
//
//   side          built-in runtime (one SharedArrayBuffer)           native library (pinstress.h)
//   mutator       runtime/mutator.ts Mutator                          harness/worker/native-mutator.ts NativeMutator
//   collector     runtime/collector.ts Collector, driven by           harness/worker/native-driver.ts NativeCollector,
//                 harness/worker/collector-loop.ts collectorLoop       driven by driverLoop in the same file
//   inspection    harness/inspect.ts BuiltinInspector (reads the      harness/native/inspector.ts NativeInspector
//                 runtime's shared memory)                             (the addon's stats and threadInfo)
//
// The harness's services (sealed content, identities, checks after every collection, schedules,
// grading) sit on top of the mutator side: harness/worker/context.ts ScenarioContext for the
// built-in runtime, harness/worker/native-context.ts NativeContext for a native one. Types only.
// It lives in runtime/ although the harness states it: the built-in Mutator declares
// `implements MutatorSide`, so it cannot drift from the contract, and runtime/ imports nothing
// else (tsc follows type imports too, so a contract in harness/ would pull harness files into
// every build of the runtime alone). The harness imports it as it imports any runtime type.
import type { GcKind, StateName, Strategy } from './layout.ts';

/** A root handle: a slot in the calling thread's shadow stack, updated by the collector when its object moves. */
export type Handle = number;
/** A byte address (built-in: in the runtime's buffer; native: an offset from the heap's base). */
export type Address = number;

/**
 * The mutator side: called by one mutator thread, on itself only (mmtk-core's Mutator and
 * ActivePlan). Registering is constructing one (Mutator's constructor; NativeMutator attaches its
 * thread); `exit` unregisters. Calls marked [safepoint] may run or wait for a collection; every
 * address but a pinned one is stale after them.
 */
export interface MutatorSide {
  readonly tid: number;
  /** A byte array with `payloadBytes` of payload. [safepoint] */
  allocBytes(payloadBytes: number): Handle;
  /** A reference object: `nRefs` null fields and `dataBytes` of data. [safepoint] */
  allocRefs(nRefs: number, dataBytes?: number): Handle;
  release(hd: Handle): void;
  dup(hd: Handle): Handle;
  /** The object's payload address now (valid until the next [safepoint] call unless pinned). */
  addressOf(hd: Handle): Address;
  /** Payload word i, read and written through the handle. */
  read(hd: Handle, i: number): number;
  write(hd: Handle, i: number, v: number): void;
  setRef(hd: Handle, field: number, target: Handle): void;
  getRef(hd: Handle, field: number): Handle;
  setGlobal(g: number, hd: Handle): void;
  getGlobal(g: number): Handle;
  /** Pin: the returned address stays the object's, its content intact, until the matching unpin. Pins nest. */
  pin(hd: Handle): Address;
  /** Undo one pin; throws UnpinUnderflowError when the count is already zero. */
  unpin(hd: Handle): void;
  /** Adopt: a handle to the pinned object at an address pin() returned. */
  rootFromPinned(addr: Address): Handle;
  /** A safepoint poll; true if a collection ran while the thread was parked. [safepoint] */
  safepoint(): boolean;
  /** Leave for a blocking foreign call (the token goes back to leaveNative). */
  enterNative(): number;
  /** Back from native; true if a collection ran meanwhile. [safepoint] */
  leaveNative(token: number): boolean;
  /** Ask for a collection without waiting. */
  requestGc(kind: GcKind, reason?: number): void;
  /** Ask for a collection and wait until one has run. [safepoint] */
  collect(kind?: GcKind, reason?: number): void;
  exit(): void;
}

/**
 * The collector side: called by the thread that drives collections (mmtk-core's Collection): the
 * built-in runtime's collector thread, a native run's driver thread. Forced collections come from
 * here on the every-T-microseconds schedule; the other schedules (every K allocations, every
 * safepoint) are counted by the mutator's context and call MutatorSide.collect.
 */
export interface CollectorSide {
  /** Run one collection of `kind` now and return when it completed. */
  collect(kind: GcKind, reason: number): void;
  /** The runtime's own heap verifier (capability verifyHeap): null if sound, else its one-line message. */
  verifyHeap?(): string | null;
}

/** One thread as the runtime sees it, for a thread dump (capability threadInfo). */
export interface ThreadStatus {
  state: StateName;
  /** none | gc_mutex | epoch | safepoint | other (the built-in runtime's names where it has the same). */
  waitingOn: string;
  waitArg: number;
  /** The thread holding the collection lock now, -1 when free. */
  gcMutexOwner: number;
  /** The innermost runtime function the thread is in (e.g. "minor_gc"), or null. */
  activity: string | null;
}

/** What a runtime can do: a scenario that needs something it lacks is skipped with a sentence. */
export interface RuntimeCapabilities {
  /** Reference fields, traced by the collector (allocRefs, setRef, getRef). */
  refs: boolean;
  /** A non-moving large-object space. */
  largeObjects: boolean;
  /** A native state: collections run while a thread is in a blocking foreign call. */
  nativeState: boolean;
  /** Global roots shared by every mutator. */
  globals: boolean;
  /** Telling which space an object is in (MutatorContext.space). */
  spaces: boolean;
  /** Thread and lock state for hang diagnoses. */
  threadInfo: boolean;
  /** A heap verifier. */
  verifyHeap: boolean;
  /** Pin strategies a run may select (--strategy). */
  strategies: readonly Strategy[];
  /** The statistics it reports, by the names of runtime/stats-table.ts. */
  stats: readonly string[];
}

/**
 * The inspection side: read by the harness's main thread to judge a run (mmtk-core's
 * ObjectModel and statistics). Never takes a lock or waits: it must work on a runtime that is
 * deadlocked. harness/inspect.ts RunInspector adds the harness's own run memory to it.
 */
export interface InspectionSide {
  readonly capabilities: RuntimeCapabilities;
  /** The faults the runtime can switch on, by name. */
  readonly faults: readonly string[];
  /** Statistics by the names of runtime/stats-table.ts (those the runtime has). */
  stats(): Record<string, number>;
  /** A thread's state, or undefined without the threadInfo capability. */
  threadStatus(tid: number): ThreadStatus | undefined;
}
