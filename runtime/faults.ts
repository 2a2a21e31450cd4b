// The fault table: every known class of pinning bug, each switched on by name, off by default.
// A fault puts the bug back in the real code path named in `site`; nothing in the harness reads
// these bits to fake a failure. The fault catalog (scenarios/fault-catalog.ts) maps each fault to
// the scenario that catches it; `pinstress selftest` and test/faults.test.ts run it.

export interface FaultSpec {
  readonly name: string;
  readonly bit: number;
  readonly site: string; // where the bug lives: '<file> <function>' (test/faults-sites.test.ts checks both exist)
  readonly summary: string;
}

const table = [
  ['nested-init', 'runtime/collector.ts EvacuationAllocator',
    'the lazily built evacuation allocator runs gc_init, which re-locks gc_mutex inside minor_gc (self-deadlock)'],
  ['move-pinned', 'runtime/minor.ts evacuate',
    'nursery evacuation ignores pin counts and moves pinned objects'],
  ['pin-bit', 'runtime/mutator.ts pin',
    'pins are a single bit, not a count: nested pins from two threads are lost'],
  ['pin-not-root', 'runtime/minor.ts scanRoots',
    'a pinned object that only native code still uses is not kept alive; its memory is reclaimed'],
  ['stale-root', 'runtime/minor.ts scanRoots',
    'the global root table is not updated after evacuation'],
  ['missing-barrier', 'runtime/mutator.ts setRef',
    'a reference store skips the write barrier: old-to-young pointers miss the remembered set'],
  ['lost-wakeup', 'runtime/mutex.ts unlock',
    'gc_mutex unlock can miss waking a waiter'],
  ['native-return-race', 'runtime/safepoint.ts leaveNative',
    'leaving native does not re-check the safepoint request, so a thread runs managed code during a collection'],
  ['lock-at-safepoint', 'runtime/mutator.ts allocSlow',
    'a mutator parks at a safepoint while holding gc_mutex (deadlock with the collector)'],
  ['alloc-over-pinned', 'runtime/allocator.ts takeFreeBlock',
    'the allocator hands out a retained block that still holds a pinned object'],
  ['unbalanced-unpin', 'runtime/mutator.ts unpin',
    'unpin below zero is silently accepted and corrupts the count'],
  ['gclocker-starvation', 'runtime/strategy.ts lockerEnter',
    'GC locker: new pins are not held back while a collection waits, so it can wait forever'],
] as const;

export type FaultName = (typeof table)[number][0];

export const FAULTS: readonly FaultSpec[] = table.map(([name, site, summary], i) => ({ name, bit: 1 << i, site, summary }));
export const FAULT_NAMES: readonly FaultName[] = table.map((t) => t[0]);

export function isFaultName(s: string): s is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(s);
}

export function faultBit(name: FaultName): number {
  return 1 << FAULT_NAMES.indexOf(name);
}

export function faultMask(names: readonly FaultName[]): number {
  let m = 0;
  for (const n of names) m |= faultBit(n);
  return m;
}

export function faultNamesOf(mask: number): FaultName[] {
  return FAULT_NAMES.filter((n) => (mask & faultBit(n)) !== 0);
}

// Bits the hot paths test, precomputed so they read as names.
export const kFaultNestedInit = faultBit('nested-init');
export const kFaultMovePinned = faultBit('move-pinned');
export const kFaultPinBit = faultBit('pin-bit');
export const kFaultPinNotRoot = faultBit('pin-not-root');
export const kFaultStaleRoot = faultBit('stale-root');
export const kFaultMissingBarrier = faultBit('missing-barrier');
export const kFaultLostWakeup = faultBit('lost-wakeup');
export const kFaultNativeReturnRace = faultBit('native-return-race');
export const kFaultLockAtSafepoint = faultBit('lock-at-safepoint');
export const kFaultAllocOverPinned = faultBit('alloc-over-pinned');
export const kFaultUnbalancedUnpin = faultBit('unbalanced-unpin');
export const kFaultGcLockerStarvation = faultBit('gclocker-starvation');
