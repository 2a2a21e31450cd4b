// Sealed content: every object a scenario allocates carries content that is a deterministic
// function of its identity, so its whole payload can be checked at any time, by its mutator and by
// the collector's verifier, without either remembering what was written.
//
// Data words of a sealed object (after the reference fields of a refs object):
//   d0          id        (never 0; (tid+1) << 24 | a per-thread sequence)
//   d1          version   (even when stable; odd while native code rewrites the buffer)
//   d2          seal      seal(id, version, data words): marks the object as sealed
//   d3..        the id each reference field must point at (refs objects only; 0 = null)
//   the rest    fill(id, version, k), a different word at every position k
// A partial copy, a stale or foreign region, a copy of the wrong object, a reference to the wrong
// object and memory handed out over a live object all change some word, so a full check sees them.
// Runs on any thread; reads the runtime's memory only through the object layout in layout.ts.
import * as L from '../../runtime/layout.ts';

export const kIdWord = 0;
export const kVersionWord = 1;
export const kSealWord = 2;
export const kTargetsWord = 3; // first target id of a refs object
export const kContentHeaderWords = 3;

/** Data words needed to seal an object with `nRefs` reference fields. */
export function minDataWords(nRefs: number): number {
  return kContentHeaderWords + nRefs;
}

export function sealOf(id: number, version: number, dataWords: number): number {
  let x = Math.imul(id ^ 0x27d4eb2f, 0x165667b1) ^ Math.imul(version + 0x61c88647, 0x85ebca77) ^ Math.imul(dataWords, 0xc2b2ae3d);
  x ^= x >>> 15;
  // The low nibble is always 5: never the poison word (…f), never a zeroed word.
  return (x & ~0xf) | 0x5;
}

/** The fill of one (id, version): fillAt(fillBase(id, version), k) is the word at data position k. */
export function fillBase(id: number, version: number): number {
  return Math.imul(id, 0x9e3779b1) ^ Math.imul(version + 1, 0x7feb352d);
}
export function fillAt(base: number, k: number): number {
  return base ^ Math.imul(k + 0x3c6ef372, 0x846ca68b);
}

// ---- Any runtime: a data region is its first word index (d) in a word array, its length in words
// (n), and how many reference fields the object has (nRefs: as many target-id words follow the
// header). A native runtime hands the harness its payloads as such regions. ----

/** Seal a fresh data region: id, version 0, seal, null targets, fill. */
function sealRegion(i32: Int32Array, d: number, n: number, nRefs: number, id: number): void {
  i32[d + kIdWord] = id;
  i32[d + kVersionWord] = 0;
  i32[d + kSealWord] = sealOf(id, 0, n);
  for (let k = kTargetsWord; k < kTargetsWord + nRefs; k++) i32[d + k] = 0;
  const base = fillBase(id, 0);
  for (let k = kContentHeaderWords + nRefs; k < n; k++) i32[d + k] = fillAt(base, k);
}

/** The stable version of a sealed region, or -1: never sealed, or native code is rewriting it now. */
export function regionVersion(i32: Int32Array, d: number, n: number, nRefs: number): number {
  if (n < minDataWords(nRefs)) return -1;
  const v = Atomics.load(i32, d + kVersionWord);
  return (v & 1) === 0 && i32[d + kSealWord] === sealOf(i32[d + kIdWord], v, n) ? v : -1;
}

/** What a failed content check found: the first data word that differs. */
export interface ContentMismatch {
  word: number; // data word index
  expected: number;
  actual: number;
}

/**
 * Check a whole data region against the identity `id` (and `version`, when the caller knows it).
 * Returns the first differing word, or null when every word is as sealed.
 */
export function checkRegion(i32: Int32Array, d: number, n: number, nRefs: number, id: number, version = -1): ContentMismatch | null {
  if (n < minDataWords(nRefs)) return { word: -1, expected: minDataWords(nRefs), actual: n };
  if (i32[d + kIdWord] !== id) return { word: kIdWord, expected: id, actual: i32[d + kIdWord] };
  const v = version >= 0 ? version : i32[d + kVersionWord];
  if (i32[d + kVersionWord] !== v) return { word: kVersionWord, expected: v, actual: i32[d + kVersionWord] };
  const s = sealOf(id, v, n);
  if (i32[d + kSealWord] !== s) return { word: kSealWord, expected: s, actual: i32[d + kSealWord] };
  const base = fillBase(id, v);
  for (let k = kContentHeaderWords + nRefs; k < n; k++) {
    const want = fillAt(base, k);
    if (i32[d + k] !== want) return { word: k, expected: want, actual: i32[d + k] };
  }
  return null;
}

/** A region that failed its check against one id (`bad`) but holds another intact sealed object: the one whose id it holds. */
export function otherObjectIn(i32: Int32Array, d: number, n: number, nRefs: number, bad: ContentMismatch): boolean {
  return bad.word === kIdWord && regionVersion(i32, d, n, nRefs) >= 0 && checkRegion(i32, d, n, nRefs, bad.actual) === null;
}

/** The id reference field `field` of the region's object must point at (0 = null). */
export function regionTarget(i32: Int32Array, d: number, field: number): number {
  return i32[d + kTargetsWord + field];
}
export function setRegionTarget(i32: Int32Array, d: number, field: number, id: number): void {
  i32[d + kTargetsWord + field] = id;
}

/**
 * Native code rewrites a pinned buffer (a read() into it, a DMA): the version goes odd while the
 * words change, so a verifier running meanwhile skips the object rather than see it half-written,
 * and even again once the new content and seal are in place.
 */
export function rewriteRegion(i32: Int32Array, d: number, n: number, nRefs: number, version: number): void {
  const id = i32[d + kIdWord];
  Atomics.store(i32, d + kVersionWord, version - 1);
  const base = fillBase(id, version);
  for (let k = kContentHeaderWords + nRefs; k < n; k++) i32[d + k] = fillAt(base, k);
  i32[d + kSealWord] = sealOf(id, version, n);
  Atomics.store(i32, d + kVersionWord, version);
}

// ---- The built-in runtime: an object's data region follows its header and reference fields. ----

/** Reference fields of the object at byte address `a`. */
export function refsAt(i32: Int32Array, a: number): number {
  const info = i32[(a >> 2) + L.kObjInfo];
  return (info & L.kKindMask) === L.kKindRefs ? info >>> L.kInfoRefsShift : 0;
}
/** Word index of the first data word of the object at `a`. */
export function dataAt(i32: Int32Array, a: number): number {
  return (a >> 2) + L.kObjHeaderWords + refsAt(i32, a);
}
/** Data words of the object at `a` (its payload less its reference fields). */
export function wordsAt(i32: Int32Array, a: number): number {
  return (i32[(a >> 2) + L.kObjSize] >> 2) - L.kObjHeaderWords - refsAt(i32, a);
}

export function seal(i32: Int32Array, a: number, id: number): void {
  sealRegion(i32, dataAt(i32, a), wordsAt(i32, a), refsAt(i32, a), id);
}
export function sealedVersion(i32: Int32Array, a: number): number {
  return regionVersion(i32, dataAt(i32, a), wordsAt(i32, a), refsAt(i32, a));
}
export function checkContent(i32: Int32Array, a: number, id: number, version = -1): ContentMismatch | null {
  return checkRegion(i32, dataAt(i32, a), wordsAt(i32, a), refsAt(i32, a), id, version);
}
/** Whether another intact object lies at `a`, which failed its check against `bad` (a wrong object, not damage). */
export function otherObjectAt(i32: Int32Array, a: number, bad: ContentMismatch): boolean {
  return otherObjectIn(i32, dataAt(i32, a), wordsAt(i32, a), refsAt(i32, a), bad);
}
export function rewrite(i32: Int32Array, a: number, version: number): void {
  rewriteRegion(i32, dataAt(i32, a), wordsAt(i32, a), refsAt(i32, a), version);
}

/** True while native code is rewriting the object (its version is odd). */
export function beingRewritten(i32: Int32Array, a: number): boolean {
  return wordsAt(i32, a) >= minDataWords(refsAt(i32, a)) && (Atomics.load(i32, dataAt(i32, a) + kVersionWord) & 1) === 1;
}

/** True once `version` (from sealedVersion) still stands: nobody started a rewrite meanwhile. */
export function versionStable(i32: Int32Array, a: number, version: number): boolean {
  return Atomics.load(i32, dataAt(i32, a) + kVersionWord) === version;
}

export function idOf(i32: Int32Array, a: number): number {
  return i32[dataAt(i32, a) + kIdWord];
}

/** The id reference field `field` of the refs object at `a` must point at (0: null). */
export function targetIdOf(i32: Int32Array, a: number, field: number): number {
  return regionTarget(i32, dataAt(i32, a), field);
}

export function setTargetId(i32: Int32Array, a: number, field: number, id: number): void {
  setRegionTarget(i32, dataAt(i32, a), field, id);
}

// ---- A native runtime (native/pinstress.h): the payload is plain data the harness owns; the
// reference fields are the runtime's, apart from it. A handle alone does not say how many fields
// an object has (an object reached through a field or a global was sealed by another thread), and
// the check needs that count to know where the fill begins, so the payload's first word holds it
// (the shape word) and the data region follows. ----

export const kShapeWords = 1;

/** Payload bytes a native object with `nRefs` fields needs to be sealed. */
export function nativePayloadBytes(nRefs: number): number {
  return (kShapeWords + minDataWords(nRefs)) * 4;
}

/** A native payload's data region, or null when the payload cannot hold a sealed object of its shape. */
export interface NativeRegion {
  d: number;
  n: number;
  nRefs: number;
}

/** The region of the payload at byte offset `p`, `bytes` long, in the heap's words `i32`. */
export function nativeRegion(i32: Int32Array, p: number, bytes: number): NativeRegion | null {
  const w = p >> 2;
  if (p < 0 || (p & 3) !== 0 || w + (bytes >> 2) > i32.length) return null;
  const nRefs = i32[w];
  const n = (bytes >> 2) - kShapeWords;
  return nRefs >= 0 && minDataWords(nRefs) <= n ? { d: w + kShapeWords, n, nRefs } : null;
}

/** Seal a fresh native payload: its shape word, then its region. */
export function sealPayload(i32: Int32Array, p: number, bytes: number, nRefs: number, id: number): void {
  i32[p >> 2] = nRefs;
  sealRegion(i32, (p >> 2) + kShapeWords, (bytes >> 2) - kShapeWords, nRefs, id);
}

/** The id word of the native payload at `p` (undefined outside the heap). */
export function payloadId(i32: Int32Array, p: number): number {
  return i32[(p >> 2) + kShapeWords + kIdWord];
}
