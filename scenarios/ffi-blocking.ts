// Pinning for a blocking foreign call: pin, enter native, hold the raw address through a simulated
// blocking call (short, long or very long) while collections run, read through the raw address,
// leave native, verify, unpin. Half the iterations drop the object's root before the call, so
// only native code still uses it: the pin alone must keep it alive (a pin is a root). Every 64
// iterations a probe unpins an unpinned object: the runtime must refuse it.
import { UnpinUnderflowError } from '../runtime/errors.ts';
import * as L from '../runtime/layout.ts';
import { atLeast, equals, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

export const scenario: ScenarioDefinition = {
  name: 'ffi-blocking',
  summary: 'pin -> enter native -> blocking call holding the raw address while GCs run -> leave native -> verify -> unpin',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyUs: 300 } },
  module: import.meta.url,
  assertions: (r) => [
    equals('native calls', r.stats.nativeCalls, r.config.mutators * r.config.iterations),
    atLeast('collections while threads were in native', r.stats.collectionsWithNative, 1),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    zeroForbidden(r),
  ],
};

/** Call lengths in microseconds: mostly short, some long, a few very long. */
function callLength(ctx: MutatorContext): number {
  const p = ctx.rng.int(0, 99);
  if (p < 90) return ctx.rng.int(1, 20);
  if (p < 99) return ctx.rng.int(100, 500);
  return ctx.rng.int(1000, 3000);
}

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const scratch = m.allocBytes(32); // an unpinned object the thread reads after every call
  m.write(scratch, 0, 0x5c5c5c5c);
  const salt = (ctx.tid << 24) ^ 0x3c3c3c;
  for (let i = 0; i < ctx.iterations; i++) {
    const hd = m.allocBytes(64);
    ctx.afterAlloc();
    const magic = salt ^ i;
    m.write(hd, 0, magic);
    const addr = m.pin(hd);
    const onlyNative = ctx.rng.int(0, 1) === 1;
    if (onlyNative) m.release(hd);
    const token = m.enterNative();
    ctx.blockingCall(callLength(ctx));
    const seen = m.readRaw(addr, 0); // native code reads its buffer during the call
    const collected = ctx.leaveNative(token, i);
    const after = m.readRaw(addr, 0); // and the raw address stays valid until unpin
    if (seen !== magic || after !== magic) {
      ctx.forbidden(L.kOutcomeMagicCorrupted, { iteration: i, address: addr, expected: magic, actual: seen !== magic ? seen : after, detail: 'pinned-object-reclaimed' });
      break;
    }
    const h2 = onlyNative ? m.rootFromPinned(addr) : hd;
    if (!ctx.checkPinned(h2, addr, magic, collected, i)) break;
    m.unpin(h2);
    m.release(h2);
    const s = m.addressOf(scratch);
    if (!ctx.liveHeader(s) || m.read(scratch, 0) !== 0x5c5c5c5c) {
      ctx.forbidden(L.kOutcomeStaleRoot, { iteration: i, address: s, expected: 0x5c5c5c5c, actual: ctx.liveHeader(s) ? m.read(scratch, 0) : 0, observedAddress: s, detail: 'root-points-at-freed-memory' });
      break;
    }
    if (i % 64 === 17) underflowProbe(ctx, i);
    ctx.progress(i);
  }
}

/** unpin of an unpinned object must be refused; a runtime that accepts it corrupts the count. */
function underflowProbe(ctx: MutatorContext, i: number): void {
  const probe = ctx.m.allocBytes(16);
  try {
    ctx.m.unpin(probe);
    const a = ctx.m.addressOf(probe);
    ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: a, expected: 0, actual: ctx.h.pinCount(a), detail: 'unpin-below-zero-accepted' });
  } catch (e) {
    if (!(e instanceof UnpinUnderflowError)) throw e;
  }
  ctx.m.release(probe);
}
