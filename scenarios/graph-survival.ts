// Linked structures across minor and forced major collections: each mutator keeps a list of
// reference objects whose children it keeps replacing with fresh young objects (old-to-young
// stores through the write barrier), and after every collection walks the list and checks every
// header and a checksum of the children's values.
import * as L from '../runtime/layout.ts';
import { kNullHandle, type Handle } from '../runtime/mutator.ts';
import { atLeast, zeroForbidden, type ScenarioDefinition } from '../harness/scenario.ts';
import type { MutatorContext } from '../harness/worker/context.ts';

const kNodes = 24;
const kNext = 0;
const kChild = 1;

export const scenario: ScenarioDefinition = {
  name: 'graph-survival',
  summary: 'linked reference objects with old-to-young pointers survive minor and major GCs (checksums after each)',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 800 } },
  module: import.meta.url,
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 2),
    atLeast('major collections', r.stats.majorCollections, 1),
    atLeast('bytes promoted', r.stats.bytesPromoted, 1),
    zeroForbidden(r),
  ],
};

function newChild(ctx: MutatorContext, value: number): Handle {
  const c = ctx.m.allocBytes(16);
  ctx.m.write(c, 0, value);
  return c;
}

/** Walk the list; returns the checksum, or null after recording a forbidden outcome. */
function walk(ctx: MutatorContext, head: Handle, i: number): number | null {
  const m = ctx.m;
  let sum = 0;
  let count = 0;
  let cur = m.dup(head);
  while (cur !== kNullHandle) {
    const a = m.addressOf(cur);
    if (!ctx.liveHeader(a)) {
      ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: a, expected: kNodes, actual: count, observedAddress: a, detail: 'reference-lost' });
      return null;
    }
    const child = m.getRef(cur, kChild);
    if (child !== kNullHandle) {
      const c = m.addressOf(child);
      if (!ctx.liveHeader(c)) {
        ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: c, expected: 1, actual: 0, observedAddress: c, detail: 'reference-lost' });
        return null;
      }
      sum = (sum + m.read(child, 0)) | 0;
      m.release(child);
    }
    count++;
    const next = m.getRef(cur, kNext);
    m.release(cur);
    cur = next;
  }
  if (count !== kNodes) {
    ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: 0, expected: kNodes, actual: count, detail: 'reference-lost' });
    return null;
  }
  return sum;
}

export function program(ctx: MutatorContext): void {
  const m = ctx.m;
  const rng = ctx.rng;
  const values: number[] = [];
  let head = kNullHandle;
  for (let n = 0; n < kNodes; n++) {
    const node = m.allocRefs(2, 8);
    const v = rng.int(1, 1 << 20);
    values.push(v);
    const c = newChild(ctx, v);
    m.setRef(node, kChild, c);
    m.release(c);
    if (head !== kNullHandle) {
      m.setRef(node, kNext, head);
      m.release(head);
    }
    head = node;
  }
  values.reverse(); // head is the last node built
  let expected = values.reduce((a, b) => (a + b) | 0, 0);
  let epoch = ctx.epoch();
  for (let i = 0; i < ctx.iterations; i++) {
    // Replace a child somewhere in the list: old node -> young child goes through the barrier.
    const j = rng.int(0, kNodes - 1);
    let node = m.dup(head);
    for (let s = 0; s < j; s++) {
      const next = m.getRef(node, kNext);
      m.release(node);
      node = next;
    }
    const v = rng.int(1, 1 << 20);
    const c = newChild(ctx, v);
    ctx.afterAlloc();
    m.setRef(node, kChild, c);
    m.release(c);
    m.release(node);
    expected = (expected - values[j] + v) | 0;
    values[j] = v;
    const junk = m.allocBytes(rng.int(16, 200));
    m.release(junk);
    if (ctx.tid === 0 && i % 300 === 299) m.requestGc(2);
    ctx.safepoint();
    const e = ctx.epoch();
    if (e !== epoch) {
      epoch = e;
      const sum = walk(ctx, head, i);
      if (sum === null) return;
      if (sum !== expected) {
        ctx.forbidden(L.kOutcomeHeapInvalid, { iteration: i, address: m.addressOf(head), expected, actual: sum, detail: 'checksum-mismatch' });
        return;
      }
    }
    ctx.ok(false); // nothing is pinned here: a collection survived is not a pin exercised
    ctx.progress(i);
  }
}
