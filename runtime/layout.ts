// The single source of truth for every offset in the runtime's SharedArrayBuffer.
//
// Everything is addressed in 32-bit words of one Int32Array (`i32`) except the statistics
// block, which is a Float64Array view over its own region (`f64`, indexed in 8-byte slots).
// Object addresses are byte offsets into the buffer, 8-aligned; 0 is null (the control block
// lives there, so no object can).
//
// Regions, in buffer order (computeLayout sizes each from its counts):
//   control block | thread table | op trails | root slots | global roots | remembered set |
//   block table | stats (f64) | nursery | old space | large-object space | pin space
//
// Words that different threads write in a hot loop each get a 64-byte line of their own, so one
// thread's stores do not invalidate another's cache line. The planner below places them; nothing
// here is placed by hand, and test/runtime-layout.test.ts checks that an own line holds nothing else.
import { GLOBAL_STATS, THREAD_STATS } from './stats-table.ts';

export { G, T } from './stats-table.ts';

export const kLineWords = 16; // one 64-byte cache line

/** Hands out word indices in order; `line` starts a fresh line and keeps the rest of it empty. */
export class WordPlan {
  private next = 0;
  /** Every group of words handed out, [first, end), and whether it owns its line(s). */
  readonly groups: { first: number; end: number; ownLine: boolean }[] = [];
  word(): number {
    this.groups.push({ first: this.next, end: this.next + 1, ownLine: false });
    return this.next++;
  }
  /** `n` consecutive words on a line of their own; returns the first. */
  line(n = 1): number {
    const at = Math.ceil(this.next / kLineWords) * kLineWords;
    this.next = at + Math.ceil(n / kLineWords) * kLineWords;
    this.groups.push({ first: at, end: at + n, ownLine: true });
    return at;
  }
  /** Words used so far, rounded up to whole lines. */
  get size(): number {
    return Math.ceil(this.next / kLineWords) * kLineWords;
  }
}

// ---------- control block (i32 word indices) ----------
const ctl = new WordPlan();
export const kCtrlMagic = ctl.word(); // kLayoutMagic once initialised
export const kCtrlVersion = ctl.word();
export const kLayoutMagic = 0x50494e53; // "PINS"
export const kLayoutVersion = 2;

// Configuration, written once by createRuntime before any worker starts; read-only after.
export const kCfgMutators = ctl.word();
export const kCfgNurseryBytes = ctl.word();
export const kCfgBlockBytes = ctl.word();
export const kCfgOldBytes = ctl.word();
export const kCfgLosBytes = ctl.word();
export const kCfgLosThreshold = ctl.word();
export const kCfgRootsPerThread = ctl.word();
export const kCfgGlobalRoots = ctl.word();
export const kCfgMutexMode = ctl.word(); // kMutexNormal | kMutexErrorcheck
export const kCfgFaults = ctl.word(); // bit set of FAULTS[name].bit
export const kCfgStrategy = ctl.word(); // kStrategy*
export const kCfgPinSpaceBytes = ctl.word();
export const kCfgVerifyEvery = ctl.word(); // run the heap verifier after every Nth collection; 0 = never
export const kCfgPoisonFreed = ctl.word(); // 1: fill freed memory with kPoison

// gc_mutex: futex word, owner thread id (kNoThread when free), waiter count.
export const kGcMutex = ctl.line(3);
export const kGcMutexOwner = kGcMutex + 1;
export const kGcMutexWaiters = kGcMutex + 2;
export const kMutexFree = 0;
export const kMutexLocked = 1;
export const kMutexContended = 2;

// Safepoint request: 1 while the collector wants the world stopped. Read by every poll.
export const kSafepointRequest = ctl.line();
// Epoch: bumped by the collector when it restarts the world; parked threads wait on it.
export const kEpoch = ctl.line();
// Bumped (and notified) by every thread that becomes safe while a stop is requested.
export const kSafeSeq = ctl.line();
// Collector doorbell: bumped and notified on a GC request, a mutator exit, or abort. The words
// after it are what a ring announces; they change at the doorbell's rate, not per iteration.
export const kDoorbell = ctl.line(5);
export const kGcRequested = kDoorbell + 1; // kGcNone | kGcMinor | kGcMajor: the strongest pending request
export const kGcReason = kDoorbell + 2; // kGcReason* of the request that raised kGcRequested
export const kExitedMutators = kDoorbell + 3;
export const kCollecting = kDoorbell + 4; // 1 while the collector is inside the collection proper

// Shutdown: when non-zero every wait in the runtime gives up (AbortedError), so a run being torn
// down (a hang, a failure elsewhere) winds down instead of waiting forever.
export const kAbort = ctl.line();

// GC locker (strategy gc-locker): pins held anywhere, and a collection waiting for them to drain.
export const kActivePins = ctl.line(2);
export const kGcLockerPending = kActivePins + 1;

// Guarded by gc_mutex (mutators allocating, or the collector with the world stopped).
export const kNurseryCursor = ctl.line(4); // next block index to try
export const kOldTop = kNurseryCursor + 1; // bump pointer (byte address) in old space
export const kGcInitDone = kNurseryCursor + 2; // gc_init has run
export const kGcInitCalls = kNurseryCursor + 3;

// Not guarded by gc_mutex: the write barrier appends here with Atomics.add from any mutator.
export const kRemsetTop = ctl.line(); // entries used in the remembered set

export const kCtrlWords = ctl.size;
/** The control block's word groups, for the layout test (own lines hold nothing else). */
export const CONTROL_GROUPS: readonly { first: number; end: number; ownLine: boolean }[] = ctl.groups;

// ---------- collections: one encoding of the kind, one of the reason ----------
export const kGcNone = 0;
export const kGcMinor = 1;
export const kGcMajor = 2;
export type GcKind = typeof kGcMinor | typeof kGcMajor;
export const GC_KIND_NAMES = ['none', 'minor', 'major'] as const;
export type GcKindName = 'minor' | 'major';

export const kGcReasonNone = 0;
export const kGcReasonAllocation = 1; // the nursery (or old or large-object space) is exhausted
export const kGcReasonForced = 2; // the forced schedule (every K allocations, every safepoint, every T us)
export const kGcReasonRequested = 3; // asked for by the mutator program
export const kGcReasonPinSpaceFull = 4; // copy-on-pin found no room: a major collection sweeps it
export const GC_REASONS = ['', 'Allocation Failure', 'Forced', 'Requested', 'Pin Space Full'] as const;

/** What a collection is asked for: which kind, and why (names only at the presentation edge). */
export interface GcRequest {
  kind: GcKind;
  reason: number; // kGcReason*
}

// ---------- threads ----------
export const kNoThread = -1;
export const kMainThreadId = -2; // the harness main thread (creates the runtime, runs gc_init)

// Thread states. Parked, native, blocked and exited are safe for a collection.
export const kStateUnregistered = 0;
export const kStateManaged = 1;
export const kStateParked = 2;
export const kStateNative = 3;
export const kStateBlocked = 4;
export const kStateExited = 5;
export const STATE_NAMES = ['unregistered', 'managed', 'parked', 'native', 'blocked', 'exited'] as const;
export type StateName = (typeof STATE_NAMES)[number];
export function isSafeState(s: number): boolean {
  return s === kStateParked || s === kStateNative || s === kStateBlocked || s === kStateExited;
}

// Thread record: every field is written by its own thread (the watchdog only reads), so the
// record needs no line per field, only a whole number of lines per thread.
export const kMaxFrames = 8;
const th = new WordPlan();
export const kThState = th.word();
export const kThLastOp = th.word(); // kOp* of the last operation started
export const kThLastOpArg = th.word();
export const kThWaitingOn = th.word(); // kWait* while blocked/parked/waiting, else kWaitNone
export const kThWaitArg = th.word();
export const kThPinsHeld = th.word();
export const kThTlabCur = th.word(); // byte address; collector zeroes TLABs at every collection
export const kThTlabEnd = th.word();
export const kThFrameDepth = th.word();
export const kThFrames = th.word(); // kMaxFrames words: the operation stack, outermost first
for (let i = 1; i < kMaxFrames; i++) th.word();
export const kThTrailHead = th.word(); // total ops recorded; ring index = head % kTrailLen
export const kThRole = th.word(); // kRoleMutator | kRoleCollector
export const kThreadWords = th.size;
export const kRoleMutator = 1;
export const kRoleCollector = 2;

// What a waiting thread waits for (kThWaitingOn).
export const kWaitNone = 0;
export const kWaitGcMutex = 1; // waits for gc_mutex (arg: owner seen)
export const kWaitEpoch = 2; // parked, waits for the collector to restart the world (arg: epoch)
export const kWaitSafepoint = 3; // collector waits for every mutator to become safe (arg: a thread not yet safe)
export const kWaitGcLocker = 4; // collector waits for held pins to drain / mutator waits for the locker
export const kWaitNative = 5; // in a blocking foreign call
export const kWaitDoorbell = 6; // collector idle
export const kWaitBarrier = 7; // at a scenario set-up barrier (arg: generation)
export const WAIT_NAMES = ['none', 'gc_mutex', 'epoch', 'safepoint', 'gc_locker', 'native', 'doorbell', 'barrier'] as const;

// Operation codes for the trail and the frame stack. Names print in thread dumps.
export const OPS = [
  'none', 'register', 'alloc', 'tlab_refill', 'pin', 'unpin', 'safepoint_poll', 'park',
  'verify', 'enter_native', 'leave_native', 'lock(gc_mutex)', 'unlock(gc_mutex)', 'request_gc',
  'minor_gc', 'major_gc', 'EvacuationAllocator()', 'gc_init', 'stop_the_world', 'restart_world',
  'write_ref', 'read_ref', 'release', 'exit', 'copy_to_pin_space', 'wait_gc_locker', 'verify_heap',
] as const;
export type OpName = (typeof OPS)[number];
export function op(name: OpName): number {
  return OPS.indexOf(name);
}
export const kOpAlloc = op('alloc');
export const kOpPin = op('pin');
export const kOpUnpin = op('unpin');
export const kOpSafepoint = op('safepoint_poll');
export const kOpVerify = op('verify');
/** The frame a collection of each kind runs in (index: GcKind). */
export const GC_KIND_OPS = [op('none'), op('minor_gc'), op('major_gc')] as const;

// Operation trail: per thread, a ring of kTrailLen (op, arg) pairs.
export const kTrailLen = 16;
export const kTrailWordsPerThread = kTrailLen * 2;

// ---------- statistics (f64 slots; names and meaning in stats-table.ts) ----------
export const kGlobalStatSlots = GLOBAL_STATS.length;
export const kThreadStatSlots = THREAD_STATS.length;

// Outcome kinds: how the harness grades what it checks (its run memory counts them; results
// name them). The runtime only names them, for the two sides to agree on.
export const kOutcomeOk = 0;
export const kOutcomePinExercised = 1;
export const kOutcomeMovedWhilePinned = 2;
export const kOutcomeMagicCorrupted = 3;
export const kOutcomeStaleRoot = 4;
export const kOutcomeHeapInvalid = 5;
export const OUTCOME_NAMES = ['ok', 'pinExercised', 'movedWhilePinned', 'magicCorrupted', 'staleRoot', 'heapInvalid'] as const;
export type OutcomeName = (typeof OUTCOME_NAMES)[number];
export const FORBIDDEN_OUTCOMES = ['movedWhilePinned', 'magicCorrupted', 'staleRoot', 'heapInvalid'] as const;
export type ForbiddenOutcome = (typeof FORBIDDEN_OUTCOMES)[number];

// ---------- objects ----------
// Header, 4 words (16 bytes), then payload. Reference objects keep nRefs reference words first.
export const kObjHeaderWords = 4;
export const kObjHeaderBytes = kObjHeaderWords * 4;
export const kObjSize = 0; // total bytes including header, multiple of 8
export const kObjInfo = 1; // kind | flags | nRefs << kInfoRefsShift
export const kObjPin = 2; // pin count (Atomics), never negative unless a fault corrupts it
export const kObjForward = 3; // forwarding address while FORWARDED
export const kKindMask = 0xf;
export const kKindBytes = 1;
export const kKindRefs = 2;
export const kKindFiller = 3; // dead space kept parseable (in retained blocks, compaction gaps)
export const kFlagForwarded = 1 << 4;
export const kFlagMarked = 1 << 5;
export const kFlagRemembered = 1 << 6;
export const kFlagLarge = 1 << 7;
export const kFlagPinSpace = 1 << 8;
export const kInfoRefsShift = 12;
export const kMaxRefs = (1 << 19) - 1;

/** i32 index of payload word `i` of the object at byte address `a` (reference fields come first). */
export function payloadIndex(a: number, i: number): number {
  return (a >> 2) + kObjHeaderWords + i;
}

// Freed memory is filled with this word so a stale read shows.
export const kPoison = 0xdeadbeef | 0;
export const kObjAlign = 8;

// Nursery block table: kBlockWords words per block.
export const kBlockWords = 2;
export const kBlkState = 0;
export const kBlkTop = 1; // bytes handed out in this block
export const kBlockFree = 0;
export const kBlockTlab = 1; // owned by a thread's TLAB
export const kBlockFull = 2; // filled, awaiting collection
export const kBlockRetained = 3; // holds a pinned object: never allocated over

// Non-moving spaces (large objects, pin space) are first-fit free lists of chunks:
// a free chunk carries kFreeChunkInfo in kObjInfo and its size in kObjSize.
export const kFreeChunkInfo = 0x7f0 | kKindFiller;

// ---------- mutex modes, strategies ----------
export const kMutexNormal = 0;
export const kMutexErrorcheck = 1;
export const MUTEX_MODES = ['normal', 'errorcheck'] as const;
export type MutexMode = (typeof MUTEX_MODES)[number];

export const kStrategyInPlace = 0;
export const kStrategyCopyOnPin = 1;
export const kStrategyGcLocker = 2;
export const STRATEGIES = ['in-place', 'copy-on-pin', 'gc-locker'] as const;
export type Strategy = (typeof STRATEGIES)[number];

// ---------- layout computation ----------
export interface LayoutParams {
  mutators: number;
  nurseryBytes: number;
  blockBytes: number;
  oldBytes: number;
  losBytes: number;
  pinSpaceBytes: number;
  rootsPerThread: number;
  globalRoots: number;
}

export interface Layout {
  threads: number;
  threadsAt: number; // i32 word index of thread 0's record
  trailsAt: number;
  rootsAt: number;
  globalRootsAt: number;
  remsetAt: number;
  remsetCapacity: number;
  blocksAt: number;
  statsAt: number; // f64 slot index of the global stats
  threadStatsAt: number; // f64 slot index of thread 0's stats
  nursery: number; // byte address
  nurseryEnd: number;
  old: number;
  oldEnd: number;
  los: number;
  losEnd: number;
  pinSpace: number;
  pinSpaceEnd: number;
  totalBytes: number;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export function computeLayout(p: LayoutParams): Layout {
  const threads = p.mutators + 1;
  let w = kCtrlWords;
  const threadsAt = w;
  w += threads * kThreadWords;
  const trailsAt = w;
  w += threads * kTrailWordsPerThread;
  const rootsAt = w;
  w += threads * p.rootsPerThread;
  const globalRootsAt = w;
  w += p.globalRoots;
  // Every old or large object is remembered at most once (kFlagRemembered), so this bound holds.
  const remsetCapacity = Math.ceil((p.oldBytes + p.losBytes + p.pinSpaceBytes) / kObjHeaderBytes) + 16;
  const remsetAt = w;
  w += remsetCapacity;
  const blocksAt = w;
  w += (p.nurseryBytes / p.blockBytes) * kBlockWords;
  let bytes = align(w * 4, 64);
  const statsAt = bytes / 8;
  // Each thread's statistics row starts on its own line: every thread bumps its row in its loop.
  const rowBytes = align(kThreadStatSlots * 8, 64);
  bytes = align(bytes + kGlobalStatSlots * 8, 64);
  const threadStatsAt = bytes / 8;
  bytes += threads * rowBytes;
  bytes = align(bytes, 64);
  const nursery = bytes;
  const nurseryEnd = nursery + p.nurseryBytes;
  const old = align(nurseryEnd, 64);
  const oldEnd = old + p.oldBytes;
  const los = align(oldEnd, 64);
  const losEnd = los + p.losBytes;
  const pinSpace = align(losEnd, 64);
  const pinSpaceEnd = pinSpace + p.pinSpaceBytes;
  return {
    threads, threadsAt, trailsAt, rootsAt, globalRootsAt, remsetAt, remsetCapacity, blocksAt,
    statsAt, threadStatsAt, nursery, nurseryEnd, old, oldEnd, los, losEnd, pinSpace, pinSpaceEnd,
    totalBytes: align(pinSpaceEnd, 64),
  };
}

/** f64 slots between two threads' statistics rows (a whole number of lines). */
export const kThreadStatStride = align(kThreadStatSlots * 8, 64) / 8;
