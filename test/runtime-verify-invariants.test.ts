// Each of the heap verifier's invariants fires on the corruption it exists for, names only that
// invariant, and falls quiet again once the corruption is repaired.
import { describe, expect, it } from 'vitest';
import type { Heap } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';
import { verifyHeap } from '../runtime/verify.ts';
import { smallRuntime } from './helpers.ts';

interface Fixture { h: Heap; obj: number; holder: number; filler: number }

/**
 * One healthy heap: a reference object `holder` whose field 0 holds `obj`, both in old space, and a
 * pinned object whose retained block keeps a dead neighbour as a filler.
 */
function healthy(): Fixture {
  const { h, m, gc } = smallRuntime();
  const holder = m.allocRefs(1, 8);
  const obj = m.allocBytes(40);
  m.setRef(holder, 0, obj);
  m.setGlobal(0, obj);
  const dead = m.allocBytes(64);
  const filler = m.addressOf(dead);
  m.pin(m.allocBytes(40));
  m.release(dead);
  gc();
  return { h, obj: m.addressOf(obj), holder: m.addressOf(holder), filler };
}

/** Corrupt one word, and give back the function that repairs it. */
function poke(h: Heap, word: number, v: number): () => void {
  const old = h.i32[word];
  h.i32[word] = v;
  return () => { h.i32[word] = old; };
}

// `alsoBreaks`: what follows from the corruption (an unparseable header is no object start, so the
// reference and the root that point at it are reported too).
const CASES: { invariant: string; corrupt: (f: Fixture) => () => void; alsoBreaks?: string[] }[] = [
  { invariant: 'kHeaderWellFormed', corrupt: ({ h, obj }) => poke(h, (obj >> 2) + L.kObjInfo, (h.i32[(obj >> 2) + L.kObjInfo] & ~L.kKindMask) | 7),
    alsoBreaks: ['kRefsPointAtObjects', 'kRootsPointAtObjects'] },
  { invariant: 'kNoForwardingAfterGc', corrupt: ({ h, obj }) => poke(h, (obj >> 2) + L.kObjInfo, h.i32[(obj >> 2) + L.kObjInfo] | L.kFlagForwarded) },
  { invariant: 'kNoMarksAfterGc', corrupt: ({ h, obj }) => poke(h, (obj >> 2) + L.kObjInfo, h.i32[(obj >> 2) + L.kObjInfo] | L.kFlagMarked) },
  { invariant: 'kPinCountNonNegative', corrupt: ({ h, obj }) => poke(h, (obj >> 2) + L.kObjPin, -1) },
  { invariant: 'kRefsPointAtObjects', corrupt: ({ h, obj, holder }) => poke(h, (holder >> 2) + 4, obj + 8) },
  { invariant: 'kRootsPointAtObjects', corrupt: ({ h, obj }) => poke(h, h.globalRootSlot(0), obj + 8) },
  { invariant: 'kFreedMemoryPoisoned', corrupt: ({ h }) => poke(h, (h.layout.oldEnd - 1024) >> 2, 42) },
  { invariant: 'kFreedMemoryPoisoned', corrupt: ({ h, filler }) => poke(h, (filler >> 2) + 19, 42) }, // a filler's last word
  { invariant: 'kFreedMemoryPoisoned', corrupt: ({ h }) => poke(h, (h.layout.los + 4096) >> 2, 42) }, // a free chunk of the large-object space
];

describe('heap verifier invariants', () => {
  it('a healthy heap has no problems', () => {
    expect(verifyHeap(healthy().h)).toEqual([]);
  });

  it('the fixture has its filler', () => {
    const f = healthy();
    expect(f.h.i32[(f.filler >> 2) + L.kObjInfo] & L.kKindMask).toBe(L.kKindFiller);
    expect(f.h.i32[(f.filler >> 2) + L.kObjSize]).toBe(80);
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.invariant} (${i}): fires on its corruption${c.alsoBreaks ? '' : ' alone'}, quiet once repaired`, () => {
      const f = healthy();
      const repair = c.corrupt(f);
      const found = verifyHeap(f.h).map((p) => p.invariant);
      expect(found[0]).toBe(c.invariant);
      expect([...new Set(found)].sort()).toEqual([c.invariant, ...(c.alsoBreaks ?? [])].sort());
      repair();
      expect(verifyHeap(f.h)).toEqual([]);
    });
  }

  it('kPinnedNeverMoves: fires when evacuation moves a pinned object (move-pinned), quiet without the fault', () => {
    for (const fault of [true, false]) {
      const { m, gc } = smallRuntime({ faults: fault ? ['move-pinned'] : [] });
      const hd = m.allocBytes(40);
      const a = m.pin(hd);
      if (fault) expect(() => gc()).toThrow(/no longer there/);
      else {
        gc();
        expect(m.addressOf(hd)).toBe(a);
      }
    }
  });
});
