// The collector-side half of the content oracle: a per-object check the heap verifier runs on
// every live object (runtime/verify.ts ObjectCheck), so damage to objects no mutator is looking at
// right now is found at the next verification.
//
// Invariant kContentIntact: a sealed object's whole payload is what its identity says (content.ts).
// Invariant kGlobalIdentity: each global root holds the object the harness recorded for it (or
// null), as GlobalShadow keeps it.
// Invariant kPinsBalanceAtExit: once every mutator's program has returned by itself, the pin
// counts of all objects in every space add up to the pins the programs still held (nested pins
// counted), and no count is negative: every pin the runtime took was undone by an unpin, none
// twice. A lost update of a pin count (a plain increment racing another thread's) or an unpin that
// does not undo its pin shows here even where no collection happened to move the object.
// Invariant kRefIdentity: each reference field of a sealed refs object points at the very object
// whose id the holder recorded when the reference was stored (a well-formed but wrong or stale
// target fails), or is null where null was stored.
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import type { VerifyProblem } from '../../runtime/verify.ts';
import { isLiveObjectAt, walkHeap } from '../../runtime/walk.ts';
import type { GlobalShadow } from './global-shadow.ts';
import { beingRewritten, checkContent, idOf, sealedVersion, targetIdOf, versionStable } from './content.ts';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** Follow forwarding left by copy-on-pin (a read barrier) to the live copy. */
function live(i32: Int32Array, a: number): number {
  for (let k = 0; k < 4 && a !== 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0; k++) a = i32[(a >> 2) + L.kObjForward];
  return a;
}

export function checkSealedObject(h: Heap, a: number, isObjectStart: (a: number) => boolean): [string, string] | null {
  const i32 = h.i32;
  const version = sealedVersion(i32, a);
  if (version < 0) return null; // not sealed (garbage a scenario never checks), or being rewritten
  const id = idOf(i32, a);
  const m = checkContent(i32, a, id, version);
  if (m && versionStable(i32, a, version)) {
    return ['kContentIntact', `object ${hex(id)}: data word ${m.word} is ${hex(m.actual)}, expected ${hex(m.expected)}`];
  }
  const info = i32[(a >> 2) + L.kObjInfo];
  if ((info & L.kKindMask) !== L.kKindRefs) return null;
  const nRefs = info >>> L.kInfoRefsShift;
  for (let f = 0; f < nRefs; f++) {
    const want = targetIdOf(i32, a, f);
    const v = live(i32, i32[L.payloadIndex(a, f)]);
    if (want === 0) {
      if (v !== 0) return ['kRefIdentity', `object ${hex(id)}: field ${f} points at ${hex(v)}, but null was stored`];
      continue;
    }
    if (v === 0) return ['kRefIdentity', `object ${hex(id)}: field ${f} is null, but object ${hex(want)} was stored`];
    if (!isObjectStart(v) || beingRewritten(i32, v)) continue; // kRefsPointAtObjects reports the first
    const got = sealedVersion(i32, v) >= 0 ? idOf(i32, v) : 0;
    if (got !== want) {
      return ['kRefIdentity', `object ${hex(id)}: field ${f} points at ${got ? `object ${hex(got)}` : 'an unsealed object'} at ${hex(v)}, but object ${hex(want)} was stored`];
    }
  }
  return null;
}

/** kGlobalIdentity, for the verifier's heap-wide checks (the world is stopped: no global is half published). */
export function checkGlobals(h: Heap, shadow: GlobalShadow): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  for (let g = 0; g < h.globalRoots; g++) {
    const want = shadow.stableId(g);
    if (want < 0) continue;
    const a = h.i32[h.globalRootSlot(g)];
    const got = a !== 0 && isLiveObjectAt(h, a) && sealedVersion(h.i32, a) >= 0 ? idOf(h.i32, a) : 0;
    if (got !== want && !(want === 0 && a === 0)) {
      out.push({ invariant: 'kGlobalIdentity', address: a, message: `global root ${g} holds ${got ? `object ${hex(got)}` : hex(a)}, but object ${hex(want)} was stored there` });
    }
  }
  return out;
}

/** kPinsBalanceAtExit, given the pins the programs held when they returned (RunMemory.pinsHeldAtEnd). */
export function checkPinBalance(h: Heap, held: number): VerifyProblem[] {
  let sum = 0;
  let first = 0;
  let negative = 0;
  walkHeap(h, (a) => {
    if (h.isForwarded(a)) return; // its live copy holds the count
    const n = h.pinCount(a);
    if (n !== 0 && first === 0) first = a;
    if (n < 0 && negative === 0) negative = a;
    sum += n;
  });
  if (negative !== 0) {
    return [{ invariant: 'kPinsBalanceAtExit', address: negative, message: `after every mutator ended, object at ${hex(negative)} has pin count ${h.pinCount(negative)}` }];
  }
  if (sum === held) return [];
  const where = first !== 0 ? `; the first pinned object is at ${hex(first)} (pin count ${h.pinCount(first)})` : '';
  return [{ invariant: 'kPinsBalanceAtExit', address: first, message: `after every mutator ended, the heap's pin counts add up to ${sum}, but the mutators held ${held} pins${where}` }];
}
