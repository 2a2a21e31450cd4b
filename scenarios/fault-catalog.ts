// Which scenario catches which fault, and how the catch must look. `pinstress selftest` runs each
// entry with the fault on (it must be caught as expected); test/faults.test.ts also runs it off
// (the same configuration must pass).
import type { RunOverrides } from '../harness/config.ts';
import type { DiagnosisKind, RunStatus } from '../harness/result.ts';
import type { ForbiddenOutcome } from '../runtime/layout.ts';
import type { FaultName } from '../runtime/faults.ts';

export interface FaultExpectation {
  fault: FaultName;
  scenario: string;
  overrides: RunOverrides;
  status: RunStatus;
  kind: DiagnosisKind;
  outcome: ForbiddenOutcome | null; // for forbidden-outcome diagnoses: the class
  why: string;
}

export const FAULT_CATALOG: readonly FaultExpectation[] = [
  { fault: 'nested-init', scenario: 'deadlock-regression', overrides: {}, status: 'hung', kind: 'self-deadlock', outcome: null,
    why: 'the collector waits on gc_mutex it already owns: lock(gc_mutex) <- gc_init <- EvacuationAllocator() <- minor_gc' },
  { fault: 'move-pinned', scenario: 'pin-concurrent', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'movedWhilePinned',
    why: 'a pinned object\'s root no longer holds the address pin() returned' },
  { fault: 'pin-bit', scenario: 'pin-nesting', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'movedWhilePinned',
    why: 'another thread\'s unpin clears the bit; the object moves while this thread still holds it' },
  { fault: 'pin-not-root', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'magicCorrupted',
    why: 'an object only native code holds is reclaimed: its memory is poisoned under the raw address' },
  { fault: 'stale-root', scenario: 'pin-nesting', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'staleRoot',
    why: 'a global root still points at the evacuated (poisoned) copy' },
  { fault: 'missing-barrier', scenario: 'graph-survival', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'heapInvalid',
    why: 'an old object\'s field points at a young object the minor collection never saw' },
  { fault: 'lost-wakeup', scenario: 'pin-concurrent', overrides: {}, status: 'hung', kind: 'lost-wakeup', outcome: null,
    why: 'threads wait on gc_mutex while it is free' },
  { fault: 'native-return-race', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'heapInvalid',
    why: 'a thread back from native runs managed code while the collection is under way' },
  { fault: 'lock-at-safepoint', scenario: 'pin-gc-pressure', overrides: {}, status: 'hung', kind: 'deadlock', outcome: null,
    why: 'wait-for cycle: the collector waits on gc_mutex held by a mutator parked at a safepoint' },
  { fault: 'alloc-over-pinned', scenario: 'fragmentation', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'magicCorrupted',
    why: 'a fresh TLAB over a retained block zeroes a pinned object' },
  { fault: 'unbalanced-unpin', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcome: 'heapInvalid',
    why: 'the underflow probe\'s unpin is accepted and the pin count goes negative' },
  { fault: 'gclocker-starvation', scenario: 'native-calls', overrides: { strategy: 'gc-locker' }, status: 'failed', kind: 'starvation', outcome: null,
    why: 'new pins keep the GC locker busy: the collection waits past its budget (a liveness failure)' },
];
