// Small SVG building blocks for the charts of report.html. Everything is a string built at
// render time, with coordinates rounded so that the same document always gives the same bytes.
import { escapeHtml } from './escape.ts';
import { formatDurationMs } from './format.ts';
import type { Window } from './timebase.ts';

/** A coordinate with at most two decimals, no trailing zeros. */
export function n(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type Attrs = Record<string, string | number | undefined>;

export function attrs(a: Attrs): string {
  let s = '';
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    s += ` ${k}="${typeof v === 'number' ? n(v) : escapeHtml(v)}"`;
  }
  return s;
}

export function el(tag: string, a: Attrs, children?: string): string {
  return children === undefined ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children}</${tag}>`;
}

/** A hover tooltip, the SVG way (no script needed). */
export function tip(text: string): string {
  return `<title>${escapeHtml(text)}</title>`;
}

export function text(x: number, y: number, s: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, escapeHtml(s));
}

/** A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `count` pieces. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
}

/** Round tick values covering [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max, count);
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}

/** Ticks that are round in KiB or MiB, not in decimal bytes. */
export function niceByteTicks(max: number, count = 4): number[] {
  const unit = max >= 1024 * 1024 ? 1024 * 1024 : max >= 1024 ? 1024 : 1;
  return niceTicks(max / unit, count).map((t) => t * unit);
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotWidth(f: Frame): number {
  return f.width - f.left - f.right;
}

export function plotHeight(f: Frame): number {
  return f.height - f.top - f.bottom;
}

/** Horizontal grid lines with labels on the left, for a y axis that starts at zero. */
export function yAxis(f: Frame, ticks: number[], label: (v: number) => string): string {
  const top = ticks[ticks.length - 1] || 1;
  const h = plotHeight(f);
  return ticks
    .map((v) => {
      const y = f.top + h - (v / top) * h;
      return el('line', { class: 'grid', x1: f.left, x2: f.width - f.right, y1: y, y2: y }) + text(f.left - 4, y + 3, label(v), { class: 'tick', 'text-anchor': 'end' });
    })
    .join('');
}

const tickLabel = (ms: number): string => (ms === 0 ? '0' : formatDurationMs(ms));

/** An x axis of time over the window, ticks at round times since the run's start. */
export function timeAxis(f: Frame, win: Window, y: number): string {
  const spanMs = Math.max(1e-3, win.endMs - win.startMs);
  const scale = plotWidth(f) / spanMs;
  const step = niceStep(spanMs, 8);
  let out = '';
  for (let v = Math.ceil(win.startMs / step - 1e-9) * step; v <= win.endMs + 1e-9; v += step) {
    const x = f.left + (v - win.startMs) * scale;
    out += el('line', { class: 'axis', x1: x, x2: x, y1: y, y2: y + 4 }) + text(x, y + 14, tickLabel(Math.round(v / step) * step), { class: 'tick', 'text-anchor': 'middle' });
  }
  return out + text(f.width - f.right, y + 28, 'since the run started', { class: 'note', 'text-anchor': 'end' });
}

/** A row of coloured squares with labels. */
export function legend(x: number, y: number, items: { label: string; cls: string }[]): string {
  let cx = x;
  return items
    .map((it) => {
      const s = el('rect', { class: `swatch ${it.cls}`, x: cx, y: y - 9, width: 10, height: 10 }) + text(cx + 14, y, it.label, { class: 'legend' });
      cx += 24 + it.label.length * 6.5;
      return s;
    })
    .join('');
}

/** Inline SVG in HTML needs no namespace declaration, so the page names no URL at all. */
export function svg(a: Attrs & { width: number; height: number }, body: string): string {
  return `<svg${attrs({ viewBox: `0 0 ${a.width} ${a.height}`, role: 'img', ...a })}>${body}</svg>`;
}
