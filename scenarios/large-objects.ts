// Large objects (payload above the threshold, about 3 KiB) live in the non-moving large-object
// space: they never occupy the nursery and never move, pinned or not, across minor and major
// collections. Each mutator keeps a few long-lived large objects and checks their addresses.
import * as L from '../runtime/layout.ts';
import type { Handle } from '../runtime/mutator.ts';
import { atLeast, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

const kKept = 3;

export const scenario: ScenarioDefinition = {
  name: 'large-objects',
  summary: 'objects above the large-object threshold never move and never occupy the nursery',
  defaults: { mutators: 4, iterations: 400, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 300 } },
  module: import.meta.url,
  runtime: { losBytes: 4 * 1024 * 1024 },
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 1),
    atLeast('major collections', r.stats.majorCollections, 1),
    atLeast('large-object checks that survived a collection', r.outcomes.pinExercised + r.outcomes.ok, r.config.mutators * r.config.iterations),
    zeroForbidden(r),
  ],
};

interface Large { hd: Handle; addr: number; magic: number }

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const h = ctx.h;
  const rng = ctx.rng;
  const kept: Large[] = [];
  const makeLarge = (i: number): Large | null => {
    const bytes = rng.int(h.losThreshold + 1, 16 * 1024);
    const hd = m.allocBytes(bytes);
    const addr = m.addressOf(hd);
    if (!h.inLos(addr)) {
      ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: addr, expected: 0, actual: bytes, observedAddress: addr, detail: 'large-object-moved' });
      return null;
    }
    const magic = (ctx.tid << 24) ^ i ^ 0x1a46e;
    m.write(hd, 0, magic);
    m.write(hd, (bytes >> 2) - 1, ~magic);
    return { hd, addr, magic };
  };
  for (let k = 0; k < kKept; k++) {
    const o = makeLarge(-1 - k);
    if (!o) return;
    kept.push(o);
  }
  if (ctx.tid === 0) m.requestGc(2);
  const intact = (x: Large): boolean => m.addressOf(x.hd) === x.addr && m.readRaw(x.addr, 0) === x.magic;
  let epoch = ctx.epoch();
  for (let i = 0; i < ctx.iterations; i++) {
    for (let j = 0; j < 8; j++) m.release(m.allocBytes(rng.int(16, 512))); // drive minor collections
    ctx.afterAlloc();
    const o = makeLarge(i);
    if (!o) return;
    const pinned = rng.int(0, 1) === 1;
    if (pinned) m.pin(o.hd);
    if (ctx.tid === 0 && i % 100 === 99) m.requestGc(2);
    ctx.safepoint();
    const now = ctx.epoch();
    const moved = epoch !== now;
    epoch = now;
    const bad = kept.find((x) => !intact(x)) ?? (intact(o) ? undefined : o);
    if (bad) {
      const at = m.addressOf(bad.hd);
      ctx.forbidden(at !== bad.addr ? L.kOutcomeMovedWhilePinned : L.kOutcomeMagicCorrupted, {
        iteration: i, address: bad.addr, expected: bad.magic, actual: m.readRaw(bad.addr, 0), observedAddress: at, detail: 'large-object-moved',
      });
      return;
    }
    ctx.ok(moved && pinned);
    if (pinned) m.unpin(o.hd);
    // Replace one kept object now and then, so the large-object space also frees and reuses.
    if (rng.int(0, 3) === 0) {
      const k = rng.int(0, kKept - 1);
      m.release(kept[k].hd);
      kept[k] = o;
    } else m.release(o.hd);
    ctx.progress(i);
  }
}
