// Regression test 1, pin stability under concurrency: 4 mutators x 5000 iterations of
// alloc(64) -> write magic -> pin -> safepoint -> verify (address stable, magic intact) -> unpin,
// under real gc_mutex contention (every allocation takes it), with forced collections so the
// pins are really exercised.
import { atLeast, equals, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

export const scenario: ScenarioDefinition = {
  name: 'pin-concurrent',
  summary: '4 x 5000 alloc -> magic -> pin -> safepoint -> verify -> unpin under gc_mutex contention and forced GCs',
  defaults: { mutators: 4, iterations: 5000, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 2000 } },
  module: import.meta.url,
  assertions: (r) => [
    equals('pin round trips', r.stats.pins, r.config.mutators * r.config.iterations),
    equals('unpins match pins', r.stats.unpins, r.stats.pins),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    atLeast('minor collections', r.stats.minorCollections, 1),
    zeroForbidden(r),
  ],
};

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const salt = (ctx.tid << 24) ^ 0x5a5a5a;
  for (let i = 0; i < ctx.iterations; i++) {
    const hd = m.allocBytes(64);
    ctx.afterAlloc();
    const magic = salt ^ i;
    m.write(hd, 0, magic);
    m.write(hd, 15, ~magic);
    const addr = m.pin(hd);
    ctx.perturb('pin');
    const collected = ctx.safepoint();
    ctx.checkPinned(hd, addr, magic, collected, i);
    m.unpin(hd);
    ctx.perturb('unpin');
    m.release(hd);
    ctx.progress(i);
  }
}
