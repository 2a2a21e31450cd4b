// The per-thread timeline: one row per thread, its states as coloured bars, and every
// collection as a vertical band across all rows, so a stall lines up with the pause it caused.
import type { RunEvents, ThreadTimeline } from '../harness/result.ts';
import { fixed, fmtUs } from './format.ts';
import { el, type Frame, legend, plotWidth, svg, text, timeAxis, tip } from './svg.ts';

type State = ThreadTimeline['segments'][number]['state'];

export const THREAD_STATES: readonly State[] = ['managed', 'parked', 'native', 'blocked'];

// When several states share one pixel, show the one a reader is hunting for.
const kPriority: Record<State, number> = { managed: 0, parked: 1, native: 2, blocked: 3 };

// Past this many segments a row is drawn per pixel column instead of per segment.
const kMaxExactSegments = 2000;

interface Bar {
  x: number;
  w: number;
  state: State;
  label: string;
}

function exactBars(t: ThreadTimeline, x0: number, scale: number): Bar[] {
  return t.segments.map((s) => ({
    x: x0 + s.startMs * scale,
    w: Math.max(0.5, (s.endMs - s.startMs) * scale),
    state: s.state,
    label: `${t.thread} ${s.state} ${fixed(s.startMs, 3)}–${fixed(s.endMs, 3)} ms`,
  }));
}

function binnedBars(t: ThreadTimeline, x0: number, scale: number, columns: number): Bar[] {
  const col: (State | undefined)[] = new Array(columns).fill(undefined);
  for (const s of t.segments) {
    const a = Math.max(0, Math.floor(s.startMs * scale));
    const b = Math.min(columns - 1, Math.max(a, Math.ceil(s.endMs * scale) - 1));
    for (let i = a; i <= b; i++) {
      const cur = col[i];
      if (cur === undefined || kPriority[s.state] > kPriority[cur]) col[i] = s.state;
    }
  }
  const bars: Bar[] = [];
  for (let i = 0; i < columns; ) {
    const st = col[i];
    let j = i + 1;
    while (j < columns && col[j] === st) j++;
    if (st !== undefined) {
      bars.push({ x: x0 + i, w: j - i, state: st, label: `${t.thread} ${st} ${fixed(i / scale, 3)}–${fixed(j / scale, 3)} ms (binned)` });
    }
    i = j;
  }
  return bars;
}

interface Band {
  x: number;
  w: number;
  major: boolean;
  ids: number[];
  pauseUs: number;
}

/** Collections as bands at least one pixel wide; bands that touch on screen are merged. */
function gcBands(gc: RunEvents['gc'], x0: number, scale: number): Band[] {
  const sorted = [...gc].sort((a, b) => a.tMs - b.tMs || a.id - b.id);
  const bands: Band[] = [];
  for (const g of sorted) {
    const x = x0 + g.tMs * scale;
    const w = Math.max(2, (g.pauseUs / 1000) * scale);
    const last = bands[bands.length - 1];
    if (last && x <= last.x + last.w) {
      last.w = Math.max(last.w, x + w - last.x);
      last.major ||= g.kind === 'major';
      last.ids.push(g.id);
      last.pauseUs += g.pauseUs;
    } else {
      bands.push({ x, w, major: g.kind === 'major', ids: [g.id], pauseUs: g.pauseUs });
    }
  }
  return bands;
}

const kRow = 18;
const kRowGap = 5;

export function renderTimeline(id: string, events: RunEvents, durationMs: number): string {
  const rows = events.threads;
  const top = 28;
  const f: Frame = { width: 960, height: top + rows.length * (kRow + kRowGap) + 48, left: 110, right: 28, top, bottom: 48 };
  const w = plotWidth(f);
  const ends = [durationMs, ...rows.map((t) => t.segments.at(-1)?.endMs ?? 0), ...events.gc.map((g) => g.tMs + g.pauseUs / 1000)];
  const maxMs = Math.max(1e-3, ...ends);
  const scale = w / maxMs;
  const rowsBottom = top + rows.length * (kRow + kRowGap);

  let body = text(f.left, 16, 'Thread states and collections', { class: 'chart-title' });
  let segments = 0;
  rows.forEach((t, r) => {
    const y = top + r * (kRow + kRowGap);
    body += text(f.left - 6, y + kRow - 5, t.thread, { class: 'row-label', 'text-anchor': 'end' });
    const bars = t.segments.length > kMaxExactSegments ? binnedBars(t, f.left, scale, Math.ceil(w)) : exactBars(t, f.left, scale);
    segments += bars.length;
    for (const b of bars) body += el('rect', { class: `seg ${b.state}`, x: b.x, y, width: b.w, height: kRow }, tip(b.label));
    if (t.dropped > 0) body += text(f.width - f.right, y + kRow - 5, `+${t.dropped} dropped`, { class: 'note', 'text-anchor': 'end' });
  });
  const bands = gcBands(events.gc, f.left, scale);
  for (const b of bands) {
    const label = b.ids.length === 1 ? `GC(${b.ids[0]}) ${b.major ? 'major' : 'minor'} pause ${fmtUs(b.pauseUs)} µs` : `${b.ids.length} collections GC(${b.ids[0]})–GC(${b.ids[b.ids.length - 1]}), pauses ${fmtUs(b.pauseUs)} µs in all`;
    body += el('rect', { class: `gc-band ${b.major ? 'major' : 'minor'}`, x: b.x, y: top - 4, width: b.w, height: rowsBottom - top + 4, 'data-gcs': b.ids.length }, tip(label));
  }
  body += el('line', { class: 'axis', x1: f.left, x2: f.left + w, y1: rowsBottom, y2: rowsBottom });
  body += timeAxis(f, maxMs, rowsBottom);
  body += legend(f.left, f.height - 8, [
    ...THREAD_STATES.map((s) => ({ label: s, cls: `seg ${s}` })),
    { label: 'minor GC', cls: 'gc-band minor' },
    { label: 'major GC', cls: 'gc-band major' },
  ]);
  return svg(
    { id, class: 'chart timeline', width: f.width, height: f.height, 'data-chart': 'timeline', 'data-threads': rows.length, 'data-segments': segments, 'data-gcs': events.gc.length, 'aria-label': 'per-thread timeline' },
    body,
  );
}
