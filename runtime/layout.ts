// The single source of truth for every offset in the runtime's SharedArrayBuffer.
//
// Everything is addressed in 32-bit words of one Int32Array (`i32`) except the statistics
// block, which is a Float64Array view over its own region (`f64`, indexed in 8-byte slots).
// Object addresses are byte offsets into the buffer, 8-aligned; 0 is null (the control block
// lives there, so no object can).
//
// Regions, in buffer order:
//   control block | thread table | op trails | root slots | global roots | remembered set |
//   block table | stats (f64) | nursery | old space | large-object space | pin space
// Hot words that different threads write sit on their own 64-byte line.

// ---------- control block (i32 word indices) ----------
export const kCtrlWords = 256;
export const kCtrlMagic = 0; // kLayoutMagic once initialised
export const kCtrlVersion = 1;
export const kLayoutMagic = 0x50494e53; // "PINS"
export const kLayoutVersion = 1;

// Configuration, written once by createRuntime before any worker starts; read-only after.
export const kCfgMutators = 2;
export const kCfgThreads = 3; // mutators + collector
export const kCfgNurseryBytes = 4;
export const kCfgBlockBytes = 5;
export const kCfgOldBytes = 6;
export const kCfgLosBytes = 7;
export const kCfgLosThreshold = 8;
export const kCfgRootsPerThread = 9;
export const kCfgGlobalRoots = 10;
export const kCfgRemsetCapacity = 11;
export const kCfgMutexMode = 12; // kMutexNormal | kMutexErrorcheck
export const kCfgFaults = 13; // bit set of FAULTS[name].bit
export const kCfgStrategy = 14; // kStrategy*
export const kCfgPinSpaceBytes = 15;
export const kCfgVerifyEvery = 16; // run the heap verifier after every Nth collection; 0 = never
export const kCfgPoisonFreed = 17; // 1: fill freed memory with kPoison

// Addresses of the regions (byte offsets), computed by computeLayout and stored for attach().
export const kRegThreads = 20;
export const kRegTrails = 21;
export const kRegRoots = 22;
export const kRegGlobalRoots = 23;
export const kRegRemset = 24;
export const kRegBlocks = 25;
export const kRegStats = 26;
export const kRegNursery = 27;
export const kRegOld = 28;
export const kRegLos = 29;
export const kRegPinSpace = 30;
export const kRegEnd = 31;

// gc_mutex: futex word, owner thread id (kNoThread when free), waiter count. Own line.
export const kGcMutex = 32;
export const kGcMutexOwner = 33;
export const kGcMutexWaiters = 34;
export const kMutexFree = 0;
export const kMutexLocked = 1;
export const kMutexContended = 2;

// Safepoint request: 1 while the collector wants the world stopped. Own line.
export const kSafepointRequest = 48;
// Epoch: bumped by the collector when it restarts the world; parked threads wait on it. Own line.
export const kEpoch = 64;
// Bumped (and notified) by every thread that becomes safe; the collector waits on it. Own line.
export const kSafeSeq = 80;
// Collector doorbell: bumped and notified on a GC request, a mutator exit, or abort. Own line.
export const kDoorbell = 96;
export const kGcRequested = 97; // 0 none, 1 minor wanted, 2 major wanted
export const kExitedMutators = 98;
export const kCollecting = 99; // 1 while the collector is inside the collection proper
export const kGcReason = 100; // why the pending request was raised (kGcReason*), for GC logs
export const kGcReasonNone = 0;
export const kGcReasonAllocation = 1; // the nursery (or old or large-object space) is exhausted
export const kGcReasonForced = 2; // the forced schedule (every K allocations, every safepoint)
export const kGcReasonRequested = 3; // asked for by the mutator program
export const kGcReasonPinSpaceFull = 4; // copy-on-pin found no room: a major collection sweeps it
export const GC_REASONS = ['', 'Allocation Failure', 'Forced', 'Requested', 'Pin Space Full'] as const;
// Harness stop flag: when non-zero every cooperative wait returns and workers wind down. Own line.
export const kAbort = 112;
export const kAbortReasonNone = 0;
export const kAbortRequested = 1;
// Start gate: workers count themselves in, then wait until the main thread opens the gate.
export const kReadyCount = 113;
export const kGo = 114;
// Barrier for scenario set-up phases: arrivals and generation.
export const kBarrierCount = 115;
export const kBarrierGen = 116;
// GC locker (strategy gc-locker): pins held anywhere, and a collection waiting for them to drain.
export const kActivePins = 128;
export const kGcLockerPending = 129;

// Allocator state, guarded by gc_mutex.
export const kNurseryCursor = 144; // next block index to try
export const kOldTop = 145; // bump pointer (byte address) in old space
export const kRemsetTop = 146; // entries used in the remembered set
export const kGcInitDone = 147; // gc_init has run
export const kGcInitCalls = 148;
export const kFailureClaimed = 149; // first forbidden outcome claims this (0 -> 1)
export const kFailureKind = 150; // kOutcome* of the first forbidden outcome
export const kFailureThread = 151;
export const kFailureIteration = 152;
export const kFailureAddress = 153;
export const kFailureExpected = 154;
export const kFailureActual = 155;
export const kFailureDetail = 156; // a kDetail* code
export const kFailureObservedAddress = 157;
// Harness: allocations counted toward the every-K-allocations schedule, by all mutators. Own line.
export const kScheduleAllocs = 160;

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
export function isSafeState(s: number): boolean {
  return s === kStateParked || s === kStateNative || s === kStateBlocked || s === kStateExited;
}

// Thread record, kThreadWords i32 words per thread (two cache lines).
export const kThreadWords = 32;
export const kThState = 0;
export const kThHeartbeat = 1; // bumped on progress (iterations, collections)
export const kThLastOp = 2; // kOp* of the last operation started
export const kThLastOpArg = 3;
export const kThWaitingOn = 4; // kWait* while blocked/parked/waiting, else kWaitNone
export const kThWaitArg = 5;
export const kThIteration = 6;
export const kThPinsHeld = 7;
export const kThTlabCur = 8; // byte address; collector zeroes TLABs at every collection
export const kThTlabEnd = 9;
export const kThFrameDepth = 10;
export const kThFrames = 11; // kMaxFrames words: the operation stack, outermost first
export const kMaxFrames = 8;
export const kThTrailHead = 19; // total ops recorded; ring index = head % kTrailLen
export const kThRole = 20; // kRoleMutator | kRoleCollector
export const kRoleMutator = 1;
export const kRoleCollector = 2;

// What a waiting thread waits for (kThWaitingOn).
export const kWaitNone = 0;
export const kWaitGcMutex = 1; // waits for gc_mutex (arg: owner seen)
export const kWaitEpoch = 2; // parked, waits for the collector to restart the world (arg: epoch)
export const kWaitSafepoint = 3; // collector waits for every mutator to become safe
export const kWaitGcLocker = 4; // collector waits for held pins to drain / mutator waits for the locker
export const kWaitNative = 5; // in a blocking foreign call
export const kWaitDoorbell = 6; // collector idle
export const WAIT_NAMES = ['none', 'gc_mutex', 'epoch', 'safepoint', 'gc_locker', 'native', 'doorbell'] as const;

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

// Operation trail: per thread, a ring of kTrailLen (op, arg) pairs.
export const kTrailLen = 16;
export const kTrailWordsPerThread = kTrailLen * 2;

// ---------- statistics (f64 slot indices) ----------
// Global slots are written by the collector (or under gc_mutex); per-thread slots by their thread.
export const kStatMinorCollections = 0;
export const kStatMajorCollections = 1;
export const kStatBytesPromoted = 2;
export const kStatBytesCopied = 3; // minor + major moves
export const kStatObjectsCopied = 4;
export const kStatPinnedSeen = 5; // pinned objects found by collections (sum over collections)
export const kStatRetainedBlocks = 6; // blocks retained by the last collection
export const kStatRetainedBytes = 7; // bytes in blocks retained by the last collection
export const kStatMaxRetainedBytes = 8;
export const kStatMutexAcquisitions = 9;
export const kStatMutexContended = 10;
export const kStatMutexWaitNs = 11;
export const kStatLosBytes = 12;
export const kStatOldUsedBytes = 13;
export const kStatAllocFailures = 14; // nursery allocations that fell back to old space
export const kStatPinCopies = 15; // copy-on-pin: objects copied at pin time
export const kStatPinCopyBytes = 16;
export const kStatGcLockerWaitNs = 17; // collections delayed because pins were held
export const kStatGcLockerMaxWaitNs = 18;
export const kStatPinSpaceUsed = 19;
export const kStatPinSpaceFree = 20; // free bytes in the pin space (fragmentation numerator)
export const kStatPinSpaceLargestFree = 21;
export const kStatVerifications = 22;
export const kStatCollectionsWithNative = 23; // collections that ran while some thread was in native
export const kStatBlocksFreed = 24;
export const kStatObjectsPoisoned = 25;
export const kGlobalStatSlots = 32;

export const kTcAllocs = 0;
export const kTcBytesAllocated = 1;
export const kTcPins = 2;
export const kTcUnpins = 3;
export const kTcMaxPinDepth = 4;
export const kTcPolls = 5;
export const kTcParks = 6;
export const kTcIterations = 7;
export const kTcOk = 8;
export const kTcPinExercised = 9;
export const kTcMovedWhilePinned = 10;
export const kTcMagicCorrupted = 11;
export const kTcStaleRoot = 12;
export const kTcHeapInvalid = 13;
export const kTcNativeCalls = 14;
export const kTcLongestParkNs = 15;
export const kThreadStatSlots = 16;

// Outcome kinds (kFailureKind and outcome names in results).
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
export const OUTCOME_TO_THREAD_STAT = [kTcOk, kTcPinExercised, kTcMovedWhilePinned, kTcMagicCorrupted, kTcStaleRoot, kTcHeapInvalid];

// ---------- objects ----------
// Header, 4 words (16 bytes), then payload. Reference objects keep nRefs reference words first.
export const kObjHeaderBytes = 16;
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
export const KIND_NAMES = ['?', 'bytes', 'refs', 'filler'] as const;

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
export const BLOCK_STATE_NAMES = ['free', 'tlab', 'full', 'retained'] as const;

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
  bytes += (kGlobalStatSlots + threads * kThreadStatSlots) * 8;
  const threadStatsAt = statsAt + kGlobalStatSlots;
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

export function threadWord(l: Layout, tid: number, field: number): number {
  return l.threadsAt + tid * kThreadWords + field;
}
