// The stylesheet and script of report.html, inlined so that the page needs nothing else.
export const kHtmlStyle = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6472; --line: #d9dee7; --bg-alt: #f6f8fb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1240px; }
h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; } h3 { font-size: 16px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); }
p.note { font-style: italic; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
.table-wrap { overflow-x: auto; max-width: 100%; }
td.num { white-space: nowrap; }
table.thread-dump td:nth-child(-n+5), table.runs td:nth-child(-n+4), table.strategies-table td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[data-dir="asc"]::after { content: " \\25B2"; } table.sortable th[data-dir="desc"]::after { content: " \\25BC"; }
tr.status-failed td, tr.status-hung td, tr.status-crashed td { background: #fff5f5; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.passed { background: #e3f4e6; color: #1b5e20; } .badge.failed { background: #fde2e1; color: #b71c1c; }
.badge.hung { background: #fff0d6; color: #8a4b00; } .badge.crashed { background: #f3e0f7; color: #6a1b9a; }
section.run { border-top: 1px solid var(--line); margin-top: 18px; }
section.run > details > summary { cursor: pointer; list-style: revert; }
section.run > details > summary h2 { display: inline; font-size: 18px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 2px 20px; margin: 10px 0; }
dl.facts div { display: flex; justify-content: space-between; border-bottom: 1px dotted var(--line); }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0 0 0 12px; text-align: right; font-variant-numeric: tabular-nums; }
.diagnosis { border-left: 4px solid #d32f2f; background: #fffafa; padding: 8px 14px; margin: 12px 0; }
.diagnosis .message { white-space: pre-wrap; font-weight: 600; }
.diagnosis dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
.diagnosis dt { color: var(--muted); } .diagnosis dd { margin: 0; }
ol.path { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px; }
ol.path li + li::before { content: "\\203A  "; color: var(--muted); }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg-alt); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.charts { display: flex; flex-wrap: wrap; column-gap: 12px; }
svg.chart { display: block; margin: 10px 0; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 4px; }
svg text { font-family: system-ui, sans-serif; fill: var(--fg); }
svg .chart-title { font-size: 13px; font-weight: 600; } svg .small { font-size: 12px; }
svg .tick, svg .value { font-size: 10px; fill: var(--muted); } svg .axis-label, svg .legend, svg .row-label { font-size: 11px; }
svg .note { font-size: 10px; fill: var(--muted); font-style: italic; }
svg .grid { stroke: #edf0f5; } svg .axis { stroke: #8a93a3; }
svg .bar { fill: #5c6bc0; } svg .bar:hover { fill: #3949ab; }
svg .mark { stroke: #d32f2f; stroke-width: 1.5; stroke-dasharray: 4 3; } svg .mark-label { font-size: 10px; fill: #d32f2f; }
svg .seg.managed { fill: #66bb6a; } svg .seg.parked { fill: #b0bec5; } svg .seg.native { fill: #42a5f5; } svg .seg.blocked { fill: #e53935; }
svg .gc-band.minor { fill: rgba(255, 143, 0, 0.6); } svg .gc-band.major { fill: rgba(142, 36, 170, 0.6); }
svg .gc-band.unfinished { fill: rgba(211, 47, 47, 0.18); stroke: #d32f2f; stroke-dasharray: 4 3; }
svg .gc-slice.minor { fill: #fb8c00; } svg .gc-slice.major { fill: #8e24aa; } svg .gc-slice.unfinished { fill: #d32f2f; }
svg .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
svg .series.nursery { stroke: #fb8c00; } svg .series.old { stroke: #3949ab; } svg .series.retained { stroke: #d81b60; }
svg .swatch.line.nursery { fill: #fb8c00; } svg .swatch.line.old { fill: #3949ab; } svg .swatch.line.retained { fill: #d81b60; }
svg .capacity { stroke: #fb8c00; stroke-dasharray: 6 4; opacity: 0.6; }
svg .strategy-in-place { fill: #1f77b4; } svg .strategy-copy-on-pin { fill: #ff7f0e; } svg .strategy-gc-locker { fill: #2ca02c; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

// Sorting for tables marked "sortable": each cell carries its raw sort key in data-key.
export const kHtmlScript = `
for (const th of document.querySelectorAll('table.sortable th')) {
  th.addEventListener('click', () => {
    const table = th.closest('table');
    const body = table.tBodies[0];
    const i = th.cellIndex;
    const dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
    for (const h of table.querySelectorAll('th')) delete h.dataset.dir;
    th.dataset.dir = dir;
    const key = (row) => row.cells[i].dataset.key ?? row.cells[i].textContent;
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a), y = key(b), nx = Number(x), ny = Number(y);
      const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
      return dir === 'asc' ? c : -c;
    });
    for (const r of rows) body.appendChild(r);
  });
}
`;
