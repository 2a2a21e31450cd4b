// Nested pins across threads: every mutator pins one to three shared objects (from global roots,
// often the same object another thread holds), safepoints, verifies each, and unpins them in a
// shuffled order. Shared objects are replaced by fresh young copies now and then, and the first
// mutator forces major collections, so unpinned copies really do move. Nothing may move while
// any pin holds.
import * as L from '../runtime/layout.ts';
import type { Handle } from '../runtime/mutator.ts';
import { atLeast, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

const kShared = 8;
const sharedMagic = (g: number): number => 0x51a70000 | g;

export const scenario: ScenarioDefinition = {
  name: 'pin-nesting',
  summary: 'threads pin and unpin the same shared objects, nested and in shuffled order; nothing moves while any pin holds',
  defaults: { mutators: 4, iterations: 2000, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 600 } },
  module: import.meta.url,
  runtime: { globalRoots: 64 },
  assertions: (r) => [
    atLeast('nested pin depth', r.stats.maxPinDepth, 2),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    atLeast('major collections', r.stats.majorCollections, 1),
    zeroForbidden(r),
  ],
};

function publish(ctx: MutatorContext, g: number): void {
  const hd = ctx.m.allocBytes(64);
  ctx.m.write(hd, 0, sharedMagic(g));
  ctx.m.setGlobal(g, hd);
  ctx.m.release(hd);
}

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const rng = ctx.rng;
  if (ctx.tid === 0) for (let g = 0; g < kShared; g++) publish(ctx, g);
  ctx.barrier();
  const picks: { hd: Handle; addr: number; g: number }[] = [];
  for (let i = 0; i < ctx.iterations; i++) {
    if (rng.int(0, 19) === 0) publish(ctx, rng.int(0, kShared - 1));
    const junk = m.allocBytes(rng.int(16, 128));
    ctx.afterAlloc();
    m.release(junk);
    if (ctx.tid === 0 && i % 400 === 399) m.requestGc(2);
    picks.length = 0;
    const k = rng.int(1, 3);
    let broken = false;
    for (let j = 0; j < k; j++) {
      const g = rng.int(0, kShared - 1);
      const hd = m.getGlobal(g);
      const a = m.addressOf(hd);
      if (!ctx.liveHeader(a)) {
        ctx.forbidden(L.kOutcomeStaleRoot, { iteration: i, address: a, expected: sharedMagic(g), actual: 0, observedAddress: a, detail: ctx.staleRootDetail(a) });
        broken = true;
        break;
      }
      picks.push({ hd, addr: m.pin(hd), g });
      ctx.perturb('pin');
    }
    if (broken) break;
    const collected = ctx.safepoint();
    for (const p of picks) if (!ctx.checkPinned(p.hd, p.addr, sharedMagic(p.g), collected, i)) return;
    rng.shuffle(picks);
    for (const p of picks) {
      m.unpin(p.hd);
      ctx.perturb('unpin');
      m.release(p.hd);
    }
    ctx.progress(i);
  }
}
