// Operation trail and frame stack, per thread in shared memory, so a thread dump taken by another
// thread (the watchdog) can say what each thread was doing and by which path it got there.
import type { Heap } from './heap.ts';
import * as L from './layout.ts';

/** Record the start of an operation (cheap: three plain stores). */
export function recordOp(h: Heap, tid: number, opCode: number, arg = 0): void {
  if (tid < 0) return;
  const i32 = h.i32;
  const base = h.th(tid, 0);
  i32[base + L.kThLastOp] = opCode;
  i32[base + L.kThLastOpArg] = arg;
  const n = i32[base + L.kThTrailHead];
  const at = h.layout.trailsAt + tid * L.kTrailWordsPerThread + (n % L.kTrailLen) * 2;
  i32[at] = opCode;
  i32[at + 1] = arg;
  i32[base + L.kThTrailHead] = n + 1;
}

/** Enter a named frame (slow paths only: collections, init, contended locks). */
export function pushFrame(h: Heap, tid: number, opCode: number, arg = 0): void {
  if (tid < 0) return;
  const base = h.th(tid, 0);
  const d = h.i32[base + L.kThFrameDepth];
  if (d < L.kMaxFrames) h.i32[base + L.kThFrames + d] = opCode;
  h.i32[base + L.kThFrameDepth] = d + 1;
  recordOp(h, tid, opCode, arg);
}

export function popFrame(h: Heap, tid: number): void {
  if (tid < 0) return;
  const at = h.th(tid, L.kThFrameDepth);
  if (h.i32[at] > 0) h.i32[at]--;
}

export function frames(h: Heap, tid: number): string[] {
  const base = h.th(tid, 0);
  const d = Math.min(h.i32[base + L.kThFrameDepth], L.kMaxFrames);
  const out: string[] = [];
  for (let i = 0; i < d; i++) out.push(L.OPS[h.i32[base + L.kThFrames + i]] ?? '?');
  return out;
}

export function trail(h: Heap, tid: number): { op: string; arg: number }[] {
  const n = h.i32[h.th(tid, L.kThTrailHead)];
  const out: { op: string; arg: number }[] = [];
  for (let k = Math.max(0, n - L.kTrailLen); k < n; k++) {
    const at = h.layout.trailsAt + tid * L.kTrailWordsPerThread + (k % L.kTrailLen) * 2;
    out.push({ op: L.OPS[h.i32[at]] ?? '?', arg: h.i32[at + 1] });
  }
  return out;
}

export function threadName(h: Heap, tid: number): string {
  if (tid === L.kMainThreadId) return 'main';
  if (tid === L.kNoThread) return 'nobody';
  return tid === h.collectorId ? 'collector' : `mutator-${tid}`;
}
