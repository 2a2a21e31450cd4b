// Heap occupancy over time: nursery, old space and what pins keep alive in the nursery. The y
// axis is fitted to the samples; the nursery's capacity is drawn when it fits on that axis.
import type { OccupancySample } from '../harness/result.ts';
import { formatBytes } from './format.ts';
import { el, type Frame, legend, n, niceByteTicks, plotHeight, plotWidth, svg, text, timeAxis, yAxis } from './svg.ts';
import type { Window } from './timebase.ts';

const kSeries = [
  { key: 'nurseryBytes', cls: 'nursery', label: 'nursery' },
  { key: 'oldBytes', cls: 'old', label: 'old space' },
  { key: 'retainedBytes', cls: 'retained', label: 'retained by pins' },
] as const;

/**
 * At most a few points per pixel column: the first, lowest, highest and last sample of each,
 * so that peaks survive while a long run stays a small page.
 */
export function decimate(samples: readonly OccupancySample[], key: (typeof kSeries)[number]['key'], columns: number, win: Window): OccupancySample[] {
  if (samples.length <= columns * 4) return [...samples];
  const spanMs = Math.max(1e-3, win.endMs - win.startMs);
  const column = (s: OccupancySample): number => Math.floor(((s.tMs - win.startMs) / spanMs) * columns);
  const out: OccupancySample[] = [];
  let i = 0;
  while (i < samples.length) {
    const c = column(samples[i]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < samples.length && column(samples[j]) === c) {
      if (samples[j][key] < samples[lo][key]) lo = j;
      if (samples[j][key] > samples[hi][key]) hi = j;
      j++;
    }
    for (const k of [...new Set([i, lo, hi, j - 1])].sort((a, b) => a - b)) out.push(samples[k]);
    i = j;
  }
  return out;
}

export function renderOccupancy(id: string, all: readonly OccupancySample[], win: Window, nurseryCapacity: number): string {
  const f: Frame = { width: 960, height: 250, left: 70, right: 28, top: 28, bottom: 48 };
  const w = plotWidth(f);
  const h = plotHeight(f);
  // Samples before the window (the empty heap at the run's start) would sit left of the axis.
  const samples = all.filter((s) => s.tMs >= win.startMs - 1e-9);
  const peak = Math.max(1, ...samples.map((s) => Math.max(s.nurseryBytes, s.oldBytes, s.retainedBytes)));
  const ticks = niceByteTicks(peak, 4);
  const yTop = ticks[ticks.length - 1];
  const spanMs = Math.max(1e-3, win.endMs - win.startMs);
  const x = (ms: number): number => f.left + ((ms - win.startMs) / spanMs) * w;
  const y = (b: number): number => f.top + h - (b / yTop) * h;

  let body = text(f.left, 16, 'Heap occupancy', { class: 'chart-title' });
  body += yAxis(f, ticks, formatBytes);
  if (nurseryCapacity > 0 && nurseryCapacity <= yTop) {
    body += el('line', { class: 'capacity', x1: f.left, x2: f.left + w, y1: y(nurseryCapacity), y2: y(nurseryCapacity) });
    body += text(f.left + w - 2, y(nurseryCapacity) - 3, `nursery capacity ${formatBytes(nurseryCapacity)}`, { class: 'note', 'text-anchor': 'end' });
  } else if (nurseryCapacity > 0) {
    body += text(f.left + w - 2, f.top - 6, `nursery capacity ${formatBytes(nurseryCapacity)} (above this axis)`, { class: 'note', 'text-anchor': 'end' });
  }
  let points = 0;
  for (const s of kSeries) {
    const pts = decimate(samples, s.key, Math.ceil(w), win);
    points += pts.length;
    const d = pts.map((p) => `${n(x(p.tMs))},${n(y(p[s.key]))}`).join(' ');
    body += el('polyline', { class: `series ${s.cls}`, points: d, 'data-points': pts.length });
  }
  body += el('line', { class: 'axis', x1: f.left, x2: f.left + w, y1: f.top + h, y2: f.top + h });
  body += timeAxis(f, win, f.top + h);
  body += legend(f.left, f.height - 8, kSeries.map((s) => ({ label: s.label, cls: `line ${s.cls}` })));
  return svg(
    {
      id, class: 'chart occupancy', width: f.width, height: f.height, 'data-chart': 'occupancy', 'data-samples': samples.length, 'data-points': points,
      'data-y-top': yTop, 'data-start-ms': win.startMs, 'aria-label': 'heap occupancy',
    },
    body,
  );
}
