// Heap occupancy over time: nursery, old space and what pins keep alive in the nursery.
import type { OccupancySample } from '../harness/result.ts';
import { fmtBytes } from './format.ts';
import { el, fmtAxisBytes, type Frame, legend, n, niceByteTicks, plotHeight, plotWidth, svg, text, timeAxis, yAxis } from './svg.ts';

const kSeries = [
  { key: 'nurseryBytes', cls: 'nursery', label: 'nursery' },
  { key: 'oldBytes', cls: 'old', label: 'old space' },
  { key: 'retainedBytes', cls: 'retained', label: 'retained by pins' },
] as const;

/**
 * At most a few points per pixel column: the first, lowest, highest and last sample of each,
 * so that peaks survive while a long run stays a small page.
 */
export function decimate(samples: readonly OccupancySample[], key: (typeof kSeries)[number]['key'], columns: number, maxMs: number): OccupancySample[] {
  if (samples.length <= columns * 4) return [...samples];
  const out: OccupancySample[] = [];
  let i = 0;
  while (i < samples.length) {
    const c = Math.floor((samples[i].tMs / maxMs) * columns);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < samples.length && Math.floor((samples[j].tMs / maxMs) * columns) === c) {
      if (samples[j][key] < samples[lo][key]) lo = j;
      if (samples[j][key] > samples[hi][key]) hi = j;
      j++;
    }
    for (const k of [...new Set([i, lo, hi, j - 1])].sort((a, b) => a - b)) out.push(samples[k]);
    i = j;
  }
  return out;
}

export function renderOccupancy(id: string, samples: readonly OccupancySample[], durationMs: number, nurseryCapacity: number): string {
  const f: Frame = { width: 960, height: 250, left: 70, right: 28, top: 28, bottom: 48 };
  const w = plotWidth(f);
  const h = plotHeight(f);
  const maxMs = Math.max(1e-3, durationMs, ...samples.map((s) => s.tMs));
  const peak = Math.max(1, nurseryCapacity, ...samples.map((s) => Math.max(s.nurseryBytes, s.oldBytes, s.retainedBytes)));
  const ticks = niceByteTicks(peak, 4);
  const yTop = ticks[ticks.length - 1];
  const x = (ms: number): number => f.left + (ms / maxMs) * w;
  const y = (b: number): number => f.top + h - (b / yTop) * h;

  let body = text(f.left, 16, 'Heap occupancy', { class: 'chart-title' });
  body += yAxis(f, ticks, fmtAxisBytes);
  if (nurseryCapacity > 0) {
    body += el('line', { class: 'capacity', x1: f.left, x2: f.left + w, y1: y(nurseryCapacity), y2: y(nurseryCapacity) });
    body += text(f.left + w - 2, y(nurseryCapacity) - 3, `nursery capacity ${fmtBytes(nurseryCapacity)}`, { class: 'note', 'text-anchor': 'end' });
  }
  let points = 0;
  for (const s of kSeries) {
    const pts = decimate(samples, s.key, Math.ceil(w), maxMs);
    points += pts.length;
    const d = pts.map((p) => `${n(x(p.tMs))},${n(y(p[s.key]))}`).join(' ');
    body += el('polyline', { class: `series ${s.cls}`, points: d, 'data-points': pts.length });
  }
  body += el('line', { class: 'axis', x1: f.left, x2: f.left + w, y1: f.top + h, y2: f.top + h });
  body += timeAxis(f, maxMs, f.top + h);
  body += legend(f.left, f.height - 8, kSeries.map((s) => ({ label: s.label, cls: `line ${s.cls}` })));
  return svg(
    { id, class: 'chart occupancy', width: f.width, height: f.height, 'data-chart': 'occupancy', 'data-samples': samples.length, 'data-points': points, 'aria-label': 'heap occupancy' },
    body,
  );
}
