// Forbidden outcomes: how a thread records one, and the one table of what each detail means.
// Neutral: the mutators and the collector record outcomes (worker side), the verdict reads them
// (main thread side); both import this file and nothing of each other's.
import * as L from '../../runtime/layout.ts';
import { hex } from '../../runtime/errors.ts';
import * as R from './run-memory.ts';
import type { RunMemory } from './run-memory.ts';

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
  // A native runtime's memory holds no header the harness can read, so it cannot tell freed from forwarded.
  'root-points-at-no-object': 'a root leads to memory that holds no object the harness sealed (freed, poisoned or never an object)',
  'pin-count-unbalanced': 'when every mutator had ended, the pin counts in the heap did not add up to the pins still held (a pin or an unpin was lost)',
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

/**
 * The values a forbidden outcome reports: the object's address, what was expected and what was
 * found. A finding with no object to name (managed code ran during a collection, an unpin that
 * was accepted) leaves them 0, and the sentence (describeValues) leaves them out.
 */
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

/**
 * Count a forbidden outcome in the harness's run memory; the first one of the run claims the
 * failure slot. Returns true for that first one: the caller then stops the run.
 */
export function recordForbidden(run: RunMemory, tid: number, kind: ForbiddenKind, d: FailureDetail): boolean {
  const i32 = run.i32;
  if (tid >= 0 && tid < run.threads) run.f64[run.outcome(tid, kind)]++;
  if (Atomics.compareExchange(i32, R.kFailureClaimed, 0, 1) !== 0) return false;
  i32[R.kFailureKind] = kind;
  i32[R.kFailureThread] = tid;
  i32[R.kFailureIteration] = d.iteration;
  i32[R.kFailureAddress] = d.address;
  i32[R.kFailureExpected] = d.expected;
  i32[R.kFailureActual] = d.actual;
  i32[R.kFailureObservedAddress] = d.observedAddress ?? 0;
  i32[R.kFailureDetail] = FAILURE_DETAIL_CODES.indexOf(d.detail);
  Atomics.store(i32, R.kFailureClaimed, 2); // details complete
  return true;
}

/** The first forbidden outcome of a run, once its details are complete, or null. */
export function firstFailure(run: RunMemory): (FailureDetail & { kind: number; tid: number }) | null {
  const i32 = run.i32;
  if (Atomics.load(i32, R.kFailureClaimed) !== 2) return null;
  return {
    kind: i32[R.kFailureKind], tid: i32[R.kFailureThread], iteration: i32[R.kFailureIteration], address: i32[R.kFailureAddress],
    expected: i32[R.kFailureExpected], actual: i32[R.kFailureActual], observedAddress: i32[R.kFailureObservedAddress],
    detail: FAILURE_DETAIL_CODES[i32[R.kFailureDetail]] ?? 'none',
  };
}

/**
 * The part of a failure's sentence that names what was seen, e.g. " saw object 0x012340 at
 * 0x045670 (expected 0x012340, got 0x045670): the collector moved an object while it was
 * pinned". Heap words (addresses, identities, the poison pattern) in hex, as the address is.
 */
export function describeValues(d: FailureValues & { detail: FailureDetailCode }): string {
  let s = '';
  if (d.address !== 0) {
    s += ` saw object ${hex(d.address)}`;
    if (d.observedAddress && d.observedAddress !== d.address) s += ` at ${hex(d.observedAddress)}`;
  }
  if (d.expected !== d.actual) s += ` (expected ${hex(d.expected)}, got ${hex(d.actual)})`;
  if (FAILURE_DETAILS[d.detail]) s += `: ${FAILURE_DETAILS[d.detail]}`;
  return s;
}
