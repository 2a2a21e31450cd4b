// The motivation for temporary pinning: ordinary managed work (allocation, short-lived objects,
// nothing pinned) with pins taken only around blocking foreign calls of varying length: short
// (5-50 us), long (0.5-2 ms) and very long (5-20 ms). Under the gc-locker strategy a collection
// must wait for such calls to end, so this is where its delays (and starvation) show.
import * as L from '../runtime/layout.ts';
import { atLeast, equals, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

export const scenario: ScenarioDefinition = {
  name: 'native-calls',
  summary: 'managed work with pins only around blocking foreign calls of varying length (short, long, very long)',
  defaults: { mutators: 4, iterations: 300, nurseryBytes: 1024 * 1024, schedule: { everyUs: 2000 } },
  module: import.meta.url,
  lockerBudgetMs: 100, // the longest call is 20 ms: a locker that holds new pins back drains well within this
  assertions: (r) => [
    equals('native calls', r.stats.nativeCalls, r.config.mutators * r.config.iterations),
    atLeast('minor collections', r.stats.minorCollections, 1),
    zeroForbidden(r),
  ],
};

function callLength(ctx: MutatorContext): number {
  const p = ctx.rng.int(0, 99);
  if (p < 70) return ctx.rng.int(5, 50);
  if (p < 95) return ctx.rng.int(500, 2000);
  return ctx.rng.int(5000, 20000);
}

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const salt = (ctx.tid << 24) ^ 0x7c7c;
  for (let i = 0; i < ctx.iterations; i++) {
    for (let j = 0; j < 6; j++) m.release(m.allocBytes(ctx.rng.int(16, 192))); // unpinned work
    ctx.afterAlloc();
    ctx.safepoint();
    const buf = m.allocBytes(256);
    const magic = salt ^ i;
    m.write(buf, 0, magic);
    const addr = m.pin(buf);
    const token = m.enterNative();
    ctx.blockingCall(callLength(ctx));
    const seen = m.readRaw(addr, 0);
    const collected = ctx.leaveNative(token, i);
    if (seen !== magic) {
      ctx.forbidden(L.kOutcomeMagicCorrupted, { iteration: i, address: addr, expected: magic, actual: seen, detail: 'magic-overwritten' });
      return;
    }
    if (!ctx.checkPinned(buf, addr, magic, collected, i)) return;
    m.unpin(buf);
    m.release(buf);
    ctx.progress(i);
  }
}
