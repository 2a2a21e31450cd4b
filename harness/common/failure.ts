// Forbidden outcomes: how a thread records one, and the one table of what each detail means.
// Neutral: the mutators and the collector record outcomes (worker side), the verdict reads them
// (main thread side); both import this file and nothing of each other's.
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import { abortRun } from '../../runtime/safepoint.ts';

/** Why a forbidden outcome was graded as it was (kFailureDetail indexes this table). */
export const FAILURE_DETAILS = {
  none: '',
  'root-no-longer-at-pinned-address': 'the collector moved an object while it was pinned',
  'content-mismatch': 'an object\'s content no longer matches its identity (a partial or wrong copy, a stale region, or memory handed out over it)',
  'wrong-object': 'a root or reference leads to an intact object, but not the one that was stored there',
  'root-points-at-freed-memory': 'a root still points at memory the collector freed and poisoned',
  'root-points-at-forwarded-object': 'a root still points at the old copy of an evacuated object',
  'root-points-outside-the-heap': 'a root holds no object address at all (null, misaligned or outside the heap)',
  'managed-code-ran-during-collection': 'a thread ran managed code while a collection was under way',
  'reference-lost': 'a reference field no longer reaches a live object',
  'unpin-below-zero-accepted': 'unpin below zero was accepted and the pin count went negative',
  'large-object-moved': 'a large object moved, but the large-object space never moves',
  'pinned-object-reclaimed': 'a pinned object that only native code still used was reclaimed (a pin must be a root)',
  'heap-verifier': 'the heap verifier found the heap inconsistent after a collection',
  'heap-unparseable': 'a collection found a space it cannot walk (a header overwritten or a wrong size)',
} as const;
export type FailureDetailCode = keyof typeof FAILURE_DETAILS;
export const FAILURE_DETAIL_CODES = Object.keys(FAILURE_DETAILS) as FailureDetailCode[];

/**
 * The class of a problem the collector's verifier finds, by invariant: the class a mutator gives
 * the same damage when it sees it first, so a fault reads alike whichever side sees it.
 */
export function verifierOutcome(invariant: string): ForbiddenKind {
  switch (invariant) {
    case 'kPinnedNeverMoves': return L.kOutcomeMovedWhilePinned;
    case 'kContentIntact': return L.kOutcomeMagicCorrupted;
    case 'kGlobalIdentity':
    case 'kRootsPointAtObjects': return L.kOutcomeStaleRoot;
    default: return L.kOutcomeHeapInvalid;
  }
}

export type ForbiddenKind = typeof L.kOutcomeMovedWhilePinned | typeof L.kOutcomeMagicCorrupted | typeof L.kOutcomeStaleRoot | typeof L.kOutcomeHeapInvalid;

/** The values a forbidden outcome reports: the object's address, what was expected and what was found. */
export interface FailureValues {
  address: number;
  expected: number;
  actual: number;
  observedAddress?: number;
}

export interface FailureDetail extends FailureValues {
  iteration: number;
  detail: FailureDetailCode;
}

/** Count a forbidden outcome; the first one in the run claims the failure slot and stops the run. */
export function recordForbidden(h: Heap, tid: number, kind: ForbiddenKind, d: FailureDetail): void {
  const i32 = h.i32;
  // The collector counts too (its heap verifier finds heapInvalid): every thread has a stats row.
  if (tid >= 0 && tid < h.threads) h.f64[h.threadStat(tid, L.outcomeSlot(kind))]++;
  if (Atomics.compareExchange(i32, L.kFailureClaimed, 0, 1) === 0) {
    i32[L.kFailureKind] = kind;
    i32[L.kFailureThread] = tid;
    i32[L.kFailureIteration] = d.iteration;
    i32[L.kFailureAddress] = d.address;
    i32[L.kFailureExpected] = d.expected;
    i32[L.kFailureActual] = d.actual;
    i32[L.kFailureObservedAddress] = d.observedAddress ?? 0;
    i32[L.kFailureDetail] = FAILURE_DETAIL_CODES.indexOf(d.detail);
    Atomics.store(i32, L.kFailureClaimed, 2); // details complete
    abortRun(h);
  }
}
