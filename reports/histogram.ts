// Histograms of pause and time-to-safepoint. Latencies have long tails, so bins are spaced
// logarithmically (two per octave): one slow outlier does not squash everything into one bar.
import { formatDurationUs } from './format.ts';
import { el, type Frame, n as svgNumber, niceTicks, plotHeight, plotWidth, svg, text, tip, yAxis } from './svg.ts';

export interface Bin {
  lo: number;
  hi: number;
  count: number;
}

const kBinsPerOctave = 2;
const kFloorUs = 0.1; // values at or below this (including zero) share the first bin

function edge(k: number): number {
  return 2 ** (k / kBinsPerOctave);
}

function binIndex(v: number): number {
  return Math.floor(Math.log2(Math.max(v, kFloorUs)) * kBinsPerOctave + 1e-9);
}

/** Consecutive log-spaced bins from the smallest to the largest value; empty bins included. */
export function logBins(values: readonly number[]): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let kMin = Infinity;
  let kMax = -Infinity;
  for (const v of finite) {
    const k = binIndex(v);
    if (k < kMin) kMin = k;
    if (k > kMax) kMax = k;
  }
  const bins: Bin[] = [];
  for (let k = kMin; k <= kMax; k++) bins.push({ lo: edge(k), hi: edge(k + 1), count: 0 });
  for (const v of finite) bins[binIndex(v) - kMin].count++;
  return bins;
}

export interface HistogramOptions {
  id: string;
  title: string;
  values: readonly number[]; // µs
  marks?: { label: string; value: number }[]; // e.g. p50 and p99 from the run's statistics
}

const kFrame: Frame = { width: 460, height: 230, left: 44, right: 12, top: 28, bottom: 40 };

// Fewer bins than this are widened with empty ones on both sides: one collection is then a
// narrow bar with room around it, not a bar as wide as the chart.
const kMinBins = 8;

function padded(bins: Bin[]): Bin[] {
  if (bins.length === 0 || bins.length >= kMinBins) return bins;
  const missing = kMinBins - bins.length;
  const k0 = Math.round(Math.log2(bins[0].lo) * kBinsPerOctave) - Math.floor(missing / 2);
  return Array.from({ length: kMinBins }, (_, i) => {
    const k = k0 + i;
    const real = bins.find((b) => Math.abs(b.lo - edge(k)) < 1e-9 * edge(k));
    return real ?? { lo: edge(k), hi: edge(k + 1), count: 0 };
  });
}

// An estimate of a 10px label's width, to keep labels inside the chart and apart.
const kCharPx = 6;

interface MarkLabel {
  x: number;
  text: string;
}

/** Marks at (nearly) the same place share one label; labels near the right edge grow leftwards. */
function markLabels(marks: MarkLabel[], right: number): string {
  const merged: MarkLabel[] = [];
  for (const m of [...marks].sort((a, b) => a.x - b.x)) {
    const last = merged[merged.length - 1];
    if (last && m.x - last.x < last.text.length * kCharPx + 4) last.text += `, ${m.text}`;
    else merged.push({ ...m });
  }
  return merged
    .map((m) => {
      const fits = m.x + 2 + m.text.length * kCharPx <= right;
      return text(fits ? m.x + 2 : m.x - 2, kFrame.top + 9, m.text, { class: 'mark-label', 'text-anchor': fits ? 'start' : 'end' });
    })
    .join('');
}

export function renderHistogram(o: HistogramOptions): string {
  const f = kFrame;
  const bins = padded(logBins(o.values));
  const w = plotWidth(f);
  const h = plotHeight(f);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const ticks = niceTicks(maxCount, 4).map((t) => Math.round(t));
  const yTop = ticks[ticks.length - 1] || 1;
  const bw = bins.length > 0 ? w / bins.length : w;
  let body = text(f.left, 16, o.title, { class: 'chart-title' });
  body += yAxis(f, [...new Set(ticks)], (v) => String(v));
  bins.forEach((b, i) => {
    const bh = (b.count / yTop) * h;
    const x = f.left + i * bw;
    body += el('rect', { class: 'bar', x: x + 1, y: f.top + h - bh, width: Math.max(1, bw - 2), height: bh, 'data-count': b.count }, tip(`${formatDurationUs(b.lo)} to ${formatDurationUs(b.hi)}: ${b.count}`));
  });
  // Label the edges that are powers of two, thinned out so that labels never collide.
  const edges = bins.length > 0 ? [...bins.map((b) => b.lo), bins[bins.length - 1].hi] : [];
  const octaves = edges.map((v, i) => ({ v, i })).filter((x) => Number.isInteger(Math.round(Math.log2(x.v) * 1e6) / 1e6));
  const step = Math.max(1, Math.ceil(octaves.length / 9));
  octaves.forEach((x, j) => {
    if (j % step === 0) body += text(f.left + x.i * bw, f.top + h + 14, svgNumber(x.v), { class: 'tick', 'text-anchor': 'middle' });
  });
  body += text(f.left + w / 2, f.height - 6, 'us (log scale)', { class: 'axis-label', 'text-anchor': 'middle' });
  if (bins.length > 0) {
    const lo = Math.log2(bins[0].lo);
    const span = Math.log2(bins[bins.length - 1].hi) - lo;
    const labels: MarkLabel[] = [];
    for (const m of o.marks ?? []) {
      if (!(m.value > 0)) continue;
      const x = f.left + ((Math.log2(Math.max(m.value, bins[0].lo)) - lo) / span) * w;
      body += el('line', { class: 'mark', x1: x, x2: x, y1: f.top, y2: f.top + h }, tip(`${m.label} ${formatDurationUs(m.value)}`));
      labels.push({ x, text: m.label });
    }
    body += markLabels(labels, f.width - f.right);
  }
  return svg(
    { id: o.id, class: 'chart histogram', width: f.width, height: f.height, 'data-chart': 'histogram', 'data-bars': bins.length, 'data-samples': o.values.length, 'aria-label': o.title },
    body,
  );
}
