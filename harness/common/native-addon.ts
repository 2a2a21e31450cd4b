// A native runtime library as the harness's threads see it: the Node-API addon's functions
// (native/addon/addon.c, documented in native/README.md) as types, the one way a thread loads it,
// the runtime calls a thread records in the run memory while it is inside them (kCall), and the
// statistics a library reports. Neutral: a native run's child process (main side) and its worker
// threads (worker side) both load the addon.
import type { ThreadStatus } from '../../runtime/contract.ts';

/** What `open(path)` tells about a library. */
export interface NativeLibrary {
  path: string;
  abiVersion: number;
  capabilities: { refs: boolean; largeObjects: boolean; nativeState: boolean; threadInfo: boolean; verifyHeap: boolean; heapRange: boolean };
  faults: string[];
}

/** ps_config, by the addon's names. */
export interface NativeConfig {
  mutators: number;
  nurseryBytes: number;
  blockBytes: number;
  oldBytes: number;
  rootsPerThread: number;
  largeThreshold: number;
  globalRoots: number;
  errorcheckMutex: boolean;
  faults: string[];
}

/** ps_thread_status, by the addon's names (state: unattached, managed, parked, native, blocked, exited). */
export interface NativeThreadInfo extends Omit<ThreadStatus, 'state'> {
  tid: number;
  state: string;
}

/** The addon, loaded into one thread; every thread function acts on the thread that attached. */
export interface NativeAddon {
  readonly library: NativeLibrary;
  readonly addonPath: string;
  create(config: NativeConfig): void;
  destroy(): void;
  attach(tid: number): void;
  detach(): void;
  /** A handle, -1 (out of memory) or -2 (no free handle slot). */
  alloc(payloadBytes: number, nRefs: number): number;
  release(h: number): void;
  dup(h: number): number;
  /** Payload address: a byte offset from the heap's base. */
  payload(h: number): number;
  payloadBytes(h: number): number;
  setRef(h: number, field: number, target: number): void;
  getRef(h: number, field: number): number;
  setGlobal(g: number, h: number): void;
  getGlobal(g: number): number;
  pin(h: number): number;
  /** 0, or -1 when refused (the count is already 0). */
  unpin(h: number): number;
  adopt(address: number): number;
  /** 1 if a collection ran, else 0. */
  safepoint(): number;
  enterNative(): void;
  leaveNative(): number;
  /** kind: 0 minor, 1 major. */
  collect(kind: number): void;
  /** Minor + major collections completed. */
  collections(): number;
  stats(): Record<string, number>;
  heap(): { buffer: ArrayBuffer; base: number; bytes: number };
  threadInfo(tid: number): NativeThreadInfo | undefined;
  verifyHeap(): string | null;
  /** _exit(code): the only way out of a process with a thread stuck in native code. */
  exitNow(code: number): never;
}

/**
 * Loads the addon into the calling thread and opens `library` with it, through native/load.mjs
 * (`loader`: its URL, found by the main thread, since dist/ and the sources sit at different depths).
 * Every thread of a run loads the same addon file (`addonPath`).
 */
export async function loadNativeAddon(loader: string, library: string, addonPath: string): Promise<NativeAddon> {
  const mod = (await import(loader)) as { loadNative(lib: string, o: { addonPath: string }): NativeAddon };
  return mod.loadNative(library, { addonPath });
}

/**
 * What a thread may be inside that can block, recorded in its run-memory line (kCall, and
 * kCallSinceMs when it began) before it starts and cleared after: the library's calls, and the
 * harness's own waits (a simulated foreign call, the scenario barrier). The only view the harness
 * has of a thread stuck in native code.
 */
export const NATIVE_CALLS = [
  'none', 'ps_thread_attach', 'ps_alloc', 'ps_safepoint', 'ps_enter_native', 'native call', 'ps_leave_native',
  'ps_collect', 'ps_pin', 'ps_unpin', 'ps_verify_heap', 'ps_thread_detach', 'barrier',
] as const;
export type NativeCallName = (typeof NATIVE_CALLS)[number];
export const nativeCall = (name: NativeCallName): number => NATIVE_CALLS.indexOf(name);

/** The statistics a library reports (ps_counters, by the names of native/addon/symbols.h PS_COUNTERS). */
export const NATIVE_STATS = [
  'minorCollections', 'majorCollections', 'bytesPromoted', 'bytesCopied', 'objectsCopied', 'pinnedSeen', 'retainedBlocks',
  'retainedBytes', 'allocs', 'bytesAllocated', 'pins', 'unpins', 'safepointPolls', 'parks', 'nativeCalls', 'mutexAcquisitions',
  'mutexContended', 'losBytesAllocated', 'oldUsedBytes',
] as const;
