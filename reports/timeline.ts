// The per-thread timeline: the collector's collections on the first row, then one row per
// thread with its states as coloured bars, and every collection as a band across all rows, so a
// stall lines up with the pause it caused. The x axis spans the window in which threads worked.
import type { RunEvents, ThreadTimeline } from '../harness/result.ts';
import { collectionSlices, type CollectionSlice, stateRowName } from './collections.ts';
import { formatDurationMs, formatDurationUs } from './format.ts';
import { el, type Frame, legend, plotWidth, svg, text, timeAxis, tip } from './svg.ts';
import type { Window } from './timebase.ts';

type State = ThreadTimeline['segments'][number]['state'];

export const THREAD_STATES: readonly State[] = ['managed', 'parked', 'native', 'blocked'];

// When several states share one pixel, show the one a reader is hunting for.
const kPriority: Record<State, number> = { managed: 0, parked: 1, native: 2, blocked: 3 };

interface Bar {
  x: number;
  w: number;
  state: State;
  label: string;
}

/** Window time (ms since the run's start) to x, and back. */
interface Scale {
  x: (ms: number) => number;
  ms: (x: number) => number;
  pxPerMs: number;
}

function span(startMs: number, endMs: number): string {
  return `${formatDurationMs(startMs)} to ${formatDurationMs(endMs)}`;
}

function exactBars(t: ThreadTimeline, s: Scale): Bar[] {
  return t.segments.map((g) => ({
    x: s.x(g.startMs),
    w: Math.max(0.5, (g.endMs - g.startMs) * s.pxPerMs),
    state: g.state,
    label: `${t.thread} ${g.state} ${span(g.startMs, g.endMs)}`,
  }));
}

function binnedBars(t: ThreadTimeline, s: Scale, x0: number, columns: number): Bar[] {
  const col: (State | undefined)[] = new Array(columns).fill(undefined);
  for (const g of t.segments) {
    const a = Math.max(0, Math.floor(s.x(g.startMs) - x0));
    const b = Math.min(columns - 1, Math.max(a, Math.ceil(s.x(g.endMs) - x0) - 1));
    for (let i = a; i <= b; i++) {
      const cur = col[i];
      if (cur === undefined || kPriority[g.state] > kPriority[cur]) col[i] = g.state;
    }
  }
  const bars: Bar[] = [];
  for (let i = 0; i < columns; ) {
    const st = col[i];
    let j = i + 1;
    while (j < columns && col[j] === st) j++;
    if (st !== undefined) bars.push({ x: x0 + i, w: j - i, state: st, label: `${t.thread} ${st} ${span(s.ms(x0 + i), s.ms(x0 + j))} (binned)` });
    i = j;
  }
  return bars;
}

interface Band {
  x: number;
  w: number;
  cls: 'minor' | 'major' | 'unfinished';
  slices: CollectionSlice[];
}

function sliceLabel(c: CollectionSlice): string {
  if (c.unfinished) return `${c.kind} GC (${c.reason}) started at ${formatDurationMs(c.startMs)} and never finished`;
  return `GC(${c.id}) ${c.kind} (${c.reason}) pause ${formatDurationUs((c.endMs - c.startMs) * 1000)}`;
}

/** Collections at least two pixels wide; finished ones that touch on screen are merged. */
function gcBands(slices: readonly CollectionSlice[], s: Scale): Band[] {
  const sorted = [...slices].sort((a, b) => a.startMs - b.startMs);
  const bands: Band[] = [];
  for (const c of sorted) {
    const x = s.x(c.startMs);
    const w = Math.max(2, (c.endMs - c.startMs) * s.pxPerMs);
    const last = bands[bands.length - 1];
    if (last && !c.unfinished && last.cls !== 'unfinished' && x <= last.x + last.w) {
      last.w = Math.max(last.w, x + w - last.x);
      if (c.kind === 'major') last.cls = 'major';
      last.slices.push(c);
    } else {
      bands.push({ x, w, cls: c.unfinished ? 'unfinished' : c.kind, slices: [c] });
    }
  }
  return bands;
}

function bandLabel(b: Band): string {
  if (b.slices.length === 1) return sliceLabel(b.slices[0]);
  const pauseUs = b.slices.reduce((a, c) => a + (c.endMs - c.startMs) * 1000, 0);
  return `${b.slices.length} collections GC(${b.slices[0].id})–GC(${b.slices[b.slices.length - 1].id}), pauses ${formatDurationUs(pauseUs)} in all`;
}

const kRow = 18;
const kRowGap = 5;

export function renderTimeline(id: string, events: RunEvents, win: Window): string {
  const rows = events.threads;
  const top = 28;
  const nRows = rows.length + 1; // the collector's collections first
  const rowsBottom = top + nRows * (kRow + kRowGap);
  const f: Frame = { width: 960, height: rowsBottom + 48, left: 110, right: 28, top, bottom: 48 };
  const w = plotWidth(f);
  const pxPerMs = w / Math.max(1e-3, win.endMs - win.startMs);
  const s: Scale = { x: (ms) => f.left + (ms - win.startMs) * pxPerMs, ms: (x) => win.startMs + (x - f.left) / pxPerMs, pxPerMs };
  const slices = collectionSlices(events, win.endMs);
  const bands = gcBands(slices, s);

  let body = text(f.left, 16, 'Thread states and collections', { class: 'chart-title' });
  body += text(f.left - 6, top + kRow - 5, 'collector', { class: 'row-label', 'text-anchor': 'end' });
  for (const b of bands) {
    body += el('rect', { class: `gc-slice ${b.cls}`, x: b.x, y: top, width: b.w, height: kRow, 'data-gcs': b.slices.length }, tip(bandLabel(b)));
  }
  if (slices.length === 0) body += text(f.left + 4, top + kRow - 5, 'no collection', { class: 'note' });
  let segments = 0;
  rows.forEach((t, r) => {
    const y = top + (r + 1) * (kRow + kRowGap);
    body += text(f.left - 6, y + kRow - 5, stateRowName(t.thread), { class: 'row-label', 'text-anchor': 'end' });
    // Past one segment per pixel column on average a row is drawn per column: narrower segments
    // could not be told apart or hovered, and each would cost a rect and a tooltip.
    const bars = t.segments.length > w ? binnedBars(t, s, f.left, Math.ceil(w)) : exactBars(t, s);
    segments += bars.length;
    for (const b of bars) body += el('rect', { class: `seg ${b.state}`, x: b.x, y, width: b.w, height: kRow }, tip(b.label));
    if (t.dropped > 0) body += text(f.width - f.right, y + kRow - 5, `+${t.dropped} dropped`, { class: 'note', 'text-anchor': 'end' });
  });
  for (const b of bands) {
    body += el('rect', { class: `gc-band ${b.cls}`, x: b.x, y: top + kRow + kRowGap - 4, width: b.w, height: rowsBottom - top - kRow - kRowGap + 4, 'data-gcs': b.slices.length }, tip(bandLabel(b)));
  }
  body += el('line', { class: 'axis', x1: f.left, x2: f.left + w, y1: rowsBottom, y2: rowsBottom });
  body += timeAxis(f, win, rowsBottom);
  body += legend(f.left, f.height - 8, [
    ...THREAD_STATES.map((st) => ({ label: st, cls: `seg ${st}` })),
    { label: 'minor GC', cls: 'gc-band minor' },
    { label: 'major GC', cls: 'gc-band major' },
    { label: 'unfinished GC', cls: 'gc-band unfinished' },
  ]);
  return svg(
    {
      id, class: 'chart timeline', width: f.width, height: f.height, 'data-chart': 'timeline', 'data-rows': nRows, 'data-segments': segments,
      'data-gcs': slices.length, 'data-start-ms': win.startMs, 'aria-label': 'per-thread timeline',
    },
    body,
  );
}
