// Which scenario catches which fault, and how the catch must look (CatalogEntry says what each field means). `pinstress selftest` runs each
// entry with the fault on (it must be caught as expected); test/faults.test.ts also runs it off
// (the same configuration must pass).
import type { CatalogEntry } from '../harness/selftest.ts';

export const FAULT_CATALOG: readonly CatalogEntry[] = [
  { fault: 'nested-init', scenario: 'deadlock-regression', overrides: {}, status: 'hung', kind: 'self-deadlock', outcomes: [],
    why: 'the collector waits on gc_mutex it already owns: lock(gc_mutex) <- gc_init <- EvacuationAllocator() <- minor_gc' },
  { fault: 'move-pinned', scenario: 'pin-concurrent', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['movedWhilePinned'],
    why: 'a pinned object\'s root no longer holds the address pin() returned' },
  { fault: 'pin-bit', scenario: 'pin-nesting', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['movedWhilePinned'],
    why: 'another thread\'s unpin clears the bit; the object moves while this thread still holds it' },
  { fault: 'pin-not-root', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['magicCorrupted', 'movedWhilePinned'],
    why: 'an object only native code holds is reclaimed: its holder finds its memory poisoned under the raw address (magicCorrupted), or, ' +
      'when that collection is verified, the verifier finds a pinned object gone from its address first (kPinnedNeverMoves: movedWhilePinned)' },
  { fault: 'stale-root', scenario: 'pin-nesting', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['staleRoot'],
    why: 'a global root still points at the evacuated (poisoned) copy' },
  { fault: 'missing-barrier', scenario: 'graph-survival', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['heapInvalid'],
    why: 'an old object\'s field points at a young object the minor collection never saw' },
  { fault: 'lost-wakeup', scenario: 'pin-concurrent', overrides: {}, status: 'hung', kind: 'lost-wakeup', outcomes: [],
    why: 'threads wait on gc_mutex while it is free' },
  { fault: 'native-return-race', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['heapInvalid'],
    why: 'a thread back from native runs managed code while the collection is under way' },
  { fault: 'lock-at-safepoint', scenario: 'pin-gc-pressure', overrides: {}, status: 'hung', kind: 'deadlock', outcomes: [],
    why: 'wait-for cycle: the collector waits on gc_mutex held by a mutator parked at a safepoint' },
  { fault: 'alloc-over-pinned', scenario: 'fragmentation', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['magicCorrupted', 'heapInvalid'],
    why: 'a fresh TLAB over a retained block zeroes a pinned object: its holder finds its content gone (magicCorrupted), or, when the ' +
      'newcomers allocated there are copied on and the damage reaches a verification first, the verifier finds the heap inconsistent (heapInvalid)' },
  { fault: 'unbalanced-unpin', scenario: 'ffi-blocking', overrides: {}, status: 'failed', kind: 'forbidden-outcome', outcomes: ['heapInvalid'],
    why: 'the underflow probe\'s unpin is accepted and the pin count goes negative' },
  { fault: 'gclocker-starvation', scenario: 'native-calls', overrides: { strategy: 'gc-locker' }, status: 'failed', kind: 'starvation', outcomes: [],
    why: 'new pins keep the GC locker busy: the collection waits past its budget (a liveness failure)' },
];
