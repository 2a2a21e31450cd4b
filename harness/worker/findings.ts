// How a failed check is classed: which forbidden outcome, which detail and which values each kind
// of damage is reported with, the same whatever runtime the object lives in (ScenarioContext for
// the built-in runtime, NativeContext for a library), so a fault reads alike on both. The contexts
// decide what they saw; this file only names it. Worker side; cold paths only.
import * as L from '../../runtime/layout.ts';
import type { ContentMismatch } from '../common/content.ts';
import type { FailureDetailCode, FailureValues, ForbiddenKind } from '../common/failure.ts';
import type { ForbiddenOutcome } from '../common/scenario.ts';

/** One forbidden outcome, ready to record (recordForbidden). */
export interface Finding {
  kind: ForbiddenKind;
  detail: FailureDetailCode;
  values: FailureValues;
}

const finding = (kind: ForbiddenKind, detail: FailureDetailCode, values: FailureValues): Finding => ({ kind, detail, values });

/**
 * A pinned object's handle leads to `a`, not to the address pin() returned: the object moved
 * (intact at `a`), or the memory lost it (whatever became of the newcomer after). `word`: what
 * the pinned address holds now.
 */
export function pinnedElsewhere(pinned: number, a: number, id: number, movedIntact: boolean, word: number): Finding {
  return movedIntact
    ? finding(L.kOutcomeMovedWhilePinned, 'root-no-longer-at-pinned-address', { address: pinned, expected: pinned, actual: a, observedAddress: a })
    : finding(L.kOutcomeMagicCorrupted, 'content-mismatch', { address: pinned, expected: id, actual: word, observedAddress: a });
}

/** A pinned object's memory holds no object any more: freed under the pin, or handed out over it. */
export function pinnedLost(addr: number, id: number, word: number, detail: 'content-mismatch' | 'pinned-object-reclaimed'): Finding {
  return finding(L.kOutcomeMagicCorrupted, detail, { address: addr, expected: id, actual: word });
}

/** An unpinned handle that leads to no object at all. */
export function staleRoot(a: number, id: number, detail: FailureDetailCode): Finding {
  return finding(L.kOutcomeStaleRoot, detail, { address: a, expected: id, actual: 0, observedAddress: a });
}

/** A global root that lost the object stored in it. */
export function globalLost(id: number): Finding {
  return finding(L.kOutcomeStaleRoot, 'reference-lost', { address: 0, expected: id, actual: 0 });
}

/**
 * The object at `a` failed its content check against `id`. `other`: another intact object is there
 * (a handle that is not pinned was pointed at the wrong object); else its content is damaged.
 */
export function contentFinding(a: number, id: number, bad: ContentMismatch, other: boolean): Finding {
  return other
    ? finding(L.kOutcomeStaleRoot, 'wrong-object', { address: a, expected: id, actual: bad.actual, observedAddress: a })
    : finding(L.kOutcomeMagicCorrupted, 'content-mismatch', { address: a, expected: bad.expected, actual: bad.actual });
}

/** A reference field of the holder at `a` that should be null leads to `v`. */
export function fieldNotNull(a: number, v: number): Finding {
  return finding(L.kOutcomeHeapInvalid, 'wrong-object', { address: a, expected: 0, actual: v, observedAddress: v });
}

/** A reference field of the holder at `a` that should reach object `want` reaches no object (`v`). */
export function fieldLost(a: number, want: number, v: number): Finding {
  return finding(L.kOutcomeHeapInvalid, 'reference-lost', { address: a, expected: want, actual: v, observedAddress: v });
}

/** A reference field reaches the object at `v`, which failed its check: another object, or damaged content. */
export function fieldContent(v: number, bad: ContentMismatch, wrongObject: boolean): Finding {
  return wrongObject
    ? finding(L.kOutcomeHeapInvalid, 'wrong-object', { address: v, expected: bad.expected, actual: bad.actual, observedAddress: v })
    : finding(L.kOutcomeMagicCorrupted, 'content-mismatch', { address: v, expected: bad.expected, actual: bad.actual, observedAddress: v });
}

/** Back in managed code while a collection is under way (kWorldStoppedDuringCollection): no object to name. */
export function managedDuringCollection(): Finding {
  return finding(L.kOutcomeHeapInvalid, 'managed-code-ran-during-collection', { address: 0, expected: 0, actual: 0 });
}

/** What a scenario's own check found (MutatorContext.forbidden). */
export function scenarioFinding(outcome: ForbiddenOutcome, detail: FailureDetailCode, values: FailureValues): Finding {
  return finding(L.OUTCOME_NAMES.indexOf(outcome) as ForbiddenKind, detail, values);
}
