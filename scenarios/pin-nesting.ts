// Nested pins across threads: every mutator pins one to three shared objects (from global roots,
// often the same object another thread holds), safepoints, and unpins them in a shuffled order.
// Shared objects are replaced by fresh young copies now and then, and the first mutator forces
// major collections, so unpinned copies really do move. Each mutator also watches one shared
// object now and then: it keeps a handle to it for a few iterations without pinning it and checks
// it every iteration, while other threads pin it (under copy-on-pin, copy it away from under that
// handle). Nothing may move while any pin holds; the harness checks every global against the
// identity stored there. Every global slot is used (the
// runtime has exactly as many as the scenario shares), the last one too.
import { atLeast, defineScenario, type Handle } from '../harness/common/scenario.ts';

const kShared = 8;

export const scenario = defineScenario({
  name: 'pin-nesting',
  summary: 'threads pin and unpin the same shared objects, nested and in shuffled order; nothing moves while any pin holds',
  defaults: { mutators: 4, iterations: 2000, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 600 } },
  module: import.meta.url,
  requires: { globals: true },
  runtime: { globalRoots: kShared },
  assertions: (r) => [
    atLeast('nested pin depth', r.stats.maxPinDepth, 2),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    atLeast('major collections', r.stats.majorCollections, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    const publish = (g: number): void => {
      const hd = ctx.alloc(rng.int(16, 96));
      ctx.setGlobal(g, hd);
      ctx.release(hd);
    };
    if (ctx.tid === 0) for (let g = 0; g < kShared; g++) publish(g);
    ctx.barrier();
    const picks: Handle[] = [];
    let watched: { hd: Handle; until: number } | null = null;
    for (let i = 0; i < ctx.iterations; i++) {
      if (rng.int(0, 19) === 0) publish(rng.int(0, kShared - 1));
      ctx.allocGarbage(rng.int(16, 128));
      if (ctx.tid === 0 && i % 400 === 399) ctx.requestGc('major');
      picks.length = 0;
      const k = rng.int(1, 3);
      for (let j = 0; j < k; j++) {
        const hd = ctx.getGlobal(rng.int(0, kShared - 1));
        ctx.pin(hd);
        picks.push(hd);
      }
      if (watched === null && rng.chance(0.2)) watched = { hd: ctx.getGlobal(rng.int(0, kShared - 1)), until: i + rng.int(2, 30) };
      ctx.safepoint();
      if (watched !== null) {
        ctx.check(watched.hd);
        if (i >= watched.until) {
          ctx.release(watched.hd);
          watched = null;
        }
      }
      rng.shuffle(picks);
      for (const hd of picks) {
        ctx.unpin(hd);
        ctx.release(hd);
      }
      ctx.progress(i);
    }
    if (watched !== null) ctx.release(watched.hd);
  },
});
