// Pins held for a long time across many collections: each mutator keeps a few objects pinned for
// hundreds of iterations while it allocates garbage. Their blocks are retained (reported as
// retained blocks and bytes) and no allocation may land on them: every pinned object's magic and
// address are checked at every iteration.
import * as L from '../runtime/layout.ts';
import type { Handle } from '../runtime/mutator.ts';
import { atLeast, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

const kHeld = 3;

export const scenario: ScenarioDefinition = {
  name: 'fragmentation',
  summary: 'long-held pins across many collections: retained blocks are reported and never allocated over',
  defaults: { mutators: 4, iterations: 3000, nurseryBytes: 256 * 1024, schedule: { everyAllocs: 400 } },
  module: import.meta.url,
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 5),
    atLeast('bytes retained by pins (max)', r.stats.maxRetainedBytes, 1),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    zeroForbidden(r),
  ],
};

interface Held { hd: Handle; addr: number; magic: number; until: number }

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const rng = ctx.rng;
  const held: Held[] = [];
  const take = (i: number): Held => {
    const hd = m.allocBytes(rng.int(32, 256));
    const magic = (ctx.tid << 24) ^ i ^ 0xf4a6;
    m.write(hd, 0, magic);
    return { hd, addr: m.pin(hd), magic, until: i + rng.int(100, 1000) };
  };
  for (let k = 0; k < kHeld; k++) held.push(take(0));
  let epoch = ctx.epoch();
  for (let i = 0; i < ctx.iterations; i++) {
    for (let j = 0; j < 4; j++) m.release(m.allocBytes(rng.int(16, 256)));
    ctx.afterAlloc();
    ctx.safepoint();
    const now = ctx.epoch();
    const collected = epoch !== now;
    epoch = now;
    for (let k = 0; k < held.length; k++) {
      const x = held[k];
      const a = m.addressOf(x.hd);
      const got = m.readRaw(x.addr, 0);
      if (a !== x.addr || got !== x.magic) {
        // Moved intact (the magic travelled with it) is a pinned object that moved. Anything else
        // lost the object's contents: memory handed out over it, whatever the collector did to
        // the newcomer afterwards (evacuating it also moves the root away from the pinned address).
        const movedIntact = a !== x.addr && m.read(x.hd, 0) === x.magic;
        ctx.forbidden(movedIntact ? L.kOutcomeMovedWhilePinned : L.kOutcomeMagicCorrupted, {
          iteration: i, address: x.addr, expected: x.magic, actual: got, observedAddress: a,
          detail: movedIntact ? 'root-no-longer-at-pinned-address' : 'allocation-over-pinned-object',
        });
        return;
      }
      if (i >= x.until) {
        m.unpin(x.hd);
        m.release(x.hd);
        held[k] = take(i);
      }
    }
    ctx.ok(collected);
    ctx.progress(i);
  }
  for (const x of held) m.unpin(x.hd);
}
