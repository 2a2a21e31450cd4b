// A user scenario in plain JavaScript: a table of objects shared between threads through global
// roots, each thread pinning entries (often the same ones another thread has pinned) while one
// thread keeps replacing entries and asking for major collections. Every entry must stay where it
// is while any pin holds it, and each global must keep holding the very object stored in it.
//
//   npx pinstress run examples/shared-pinned-table.mjs
import { atLeast, defineScenario } from 'pinstress/scenario';

const kEntries = 6;

export const scenario = defineScenario({
  name: 'shared-pinned-table',
  summary: 'threads pin shared table entries (nested, across threads) while one replaces entries under major collections',
  module: import.meta.url,
  requires: { globals: true },
  defaults: { mutators: 3, iterations: 1200, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 300 } },
  runtime: { globalRoots: kEntries },
  assertions: (r) => [
    atLeast('major collections', r.stats.majorCollections, 1),
    atLeast('nested pin depth', r.stats.maxPinDepth, 2),
  ],
  program(ctx) {
    const put = (g) => {
      const h = ctx.alloc(ctx.rng.int(32, 200));
      ctx.setGlobal(g, h);
      ctx.release(h);
    };
    if (ctx.tid === 0) for (let g = 0; g < kEntries; g++) put(g);
    ctx.barrier();
    for (let i = 0; i < ctx.iterations; i++) {
      if (ctx.tid === 0 && i % 10 === 0) put(ctx.rng.int(0, kEntries - 1));
      if (ctx.tid === 0 && i % 300 === 299) ctx.requestGc('major');
      const a = ctx.getGlobal(ctx.rng.int(0, kEntries - 1));
      const b = ctx.getGlobal(ctx.rng.int(0, kEntries - 1));
      ctx.pin(a);
      ctx.pin(b);
      ctx.allocGarbage(ctx.rng.int(16, 128));
      ctx.safepoint();
      ctx.unpin(b);
      ctx.unpin(a);
      ctx.release(a);
      ctx.release(b);
      ctx.progress(i);
    }
  },
});
