// The strategies bar chart: one small panel per metric, one bar per strategy, because the
// metrics have different units and would not share an axis.
import type { RunResult } from '../harness/result.ts';
import { el, n, svg, text, tip } from './svg.ts';
import { STRATEGY_METRICS } from './strategies.ts';

const kPanelW = 230;
const kPanelH = 160;
const kCols = 4;

export function renderStrategyBars(id: string, runs: readonly RunResult[]): string {
  const rows = Math.ceil(STRATEGY_METRICS.length / kCols);
  const width = kPanelW * kCols;
  const height = kPanelH * rows + 8;
  let body = '';
  let bars = 0;
  STRATEGY_METRICS.forEach((m, i) => {
    const px = (i % kCols) * kPanelW;
    const py = Math.floor(i / kCols) * kPanelH;
    const plotTop = py + 48; // room for the title, the hint and a value label over the tallest bar
    const plotH = kPanelH - 48 - 24;
    const values = runs.map((r) => m.value(r));
    const max = Math.max(...values.map((v) => (Number.isFinite(v) ? v : 0)), 0);
    const bw = (kPanelW - 30) / Math.max(1, runs.length);
    body += text(px + 10, py + 16, m.name, { class: 'chart-title small' });
    body += text(px + 10, py + 28, m.higherIsBetter ? 'higher is better' : 'lower is better', { class: 'note' });
    runs.forEach((r, j) => {
      const v = Number.isFinite(values[j]) ? Math.max(0, values[j]) : 0;
      const bh = max > 0 ? (v / max) * plotH : 0;
      const x = px + 15 + j * bw;
      const label = m.format(values[j]);
      body += el('rect', { class: `bar strategy-${r.config.strategy}`, x: x + 4, y: plotTop + plotH - bh, width: Math.max(1, bw - 8), height: Math.max(bh, 0.5), 'data-value': n(values[j]) }, tip(`${r.config.strategy}: ${label}`));
      body += text(x + bw / 2, plotTop + plotH - bh - 3, label, { class: 'value', 'text-anchor': 'middle' });
      body += text(x + bw / 2, plotTop + plotH + 14, r.config.strategy, { class: 'tick', 'text-anchor': 'middle' });
      bars++;
    });
    body += el('line', { class: 'axis', x1: px + 15, x2: px + kPanelW - 15, y1: plotTop + plotH, y2: plotTop + plotH });
  });
  return svg({ id, class: 'chart strategies', width, height, 'data-chart': 'strategies', 'data-bars': bars, 'aria-label': 'strategies compared' }, body);
}
