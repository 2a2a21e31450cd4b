// report.html: one self-contained page (inline CSS, script and SVG; no network) with the runs
// table, the strategies comparison, and per run its charts and, when it did not pass, its
// diagnosis and thread dump.
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { renderStrategyBars } from './bars.ts';
import { diagnosisParts } from './diagnosis.ts';
import { escapeHtml } from './escape.ts';
import { formatBytes, formatCount, formatDistributionUs, formatDurationMs, formatDurationUs, formatRate, formatSummary, forbiddenCount, runLabel } from './format.ts';
import { renderHistogram } from './histogram.ts';
import { kHtmlScript, kHtmlStyle } from './html-style.ts';
import { renderOccupancy } from './occupancy.ts';
import { strategyGroups } from './strategies.ts';
import { kScenarioColumn, kStatusColumn, RUN_COLUMNS } from './summary-columns.ts';
import { runsTable, strategyTable, threadDumpTable, type Table } from './table.ts';
import { activeWindow } from './timebase.ts';
import { renderTimeline } from './timeline.ts';

const e = escapeHtml;

// Past this many runs only the ones that did not pass start unfolded.
const kOpenAllBelow = 8;

/** A cell's HTML in place of its escaped text, for the columns a table decorates. */
type CellHtml = (row: number, col: number, escaped: string) => string;

export interface HtmlTableOptions {
  id?: string;
  decorate?: CellHtml;
  rowClass?: (row: number) => string;
}

/** A Table as HTML; with sort keys (Table.keys) it is sortable by clicking a header. */
export function htmlTable(t: Table, cls: string, o: HtmlTableOptions = {}): string {
  const num = (i: number): string => (t.numeric[i] ? ' class="num"' : '');
  const th = t.headers.map((h, i) => `<th${num(i)}>${e(h)}</th>`).join('');
  const rows = t.rows.map((r, j) => {
    const cells = r.map((c, i) => {
      const key = t.keys ? ` data-key="${e(String(t.keys[j][i]))}"` : '';
      return `<td${num(i)}${key}>${o.decorate ? o.decorate(j, i, e(c)) : e(c)}</td>`;
    });
    return `<tr${o.rowClass ? ` class="${e(o.rowClass(j))}"` : ''}>${cells.join('')}</tr>`;
  });
  const sortable = t.keys ? ' sortable' : '';
  const id = o.id ? ` id="${e(o.id)}"` : '';
  return `<div class="table-wrap"><table class="${e(cls)}${sortable}"${id}><thead><tr>${th}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function badge(status: string): string {
  return `<span class="badge ${e(status)}">${e(status)}</span>`;
}

const kScenarioCol = RUN_COLUMNS.indexOf(kScenarioColumn);
const kStatusCol = RUN_COLUMNS.indexOf(kStatusColumn);

function runsSummary(runs: readonly RunResult[]): string {
  const link: CellHtml = (row, col, text) =>
    col === kScenarioCol ? `<a href="#run-${row + 1}">${text}</a>` : col === kStatusCol ? badge(runs[row].status) : text;
  return htmlTable(runsTable(runs), 'runs', { id: 'runs-table', decorate: link, rowClass: (row) => `status-${runs[row].status}` });
}

function facts(r: RunResult): string {
  const s = r.stats;
  const c = r.config;
  const items: [string, string][] = [
    ['iterations', formatCount(s.iterations)],
    ['throughput', formatRate(s.throughput)],
    ['duration', formatDurationMs(r.durationMs)],
    ['minor / major GCs', `${s.minorCollections} / ${s.majorCollections}`],
    ['pause p50 / p99 / max', formatDistributionUs(s.pause)],
    ['TTSP p50 / p99 / max', formatDistributionUs(s.ttsp)],
    ['pins / exercised', `${formatCount(s.pins)} / ${formatCount(s.pinExercised)}`],
    ['max pin depth', formatCount(s.maxPinDepth)],
    ['bytes copied', formatBytes(s.bytesCopied)],
    ['bytes promoted', formatBytes(s.bytesPromoted)],
    ['retained (max)', `${formatBytes(s.retainedBytes)} (${formatBytes(s.maxRetainedBytes)})`],
    ['alloc failures', formatCount(s.allocFailures)],
    ['gc-locker wait (max)', `${formatDurationUs(s.gcLockerWaitUs)} (${formatDurationUs(s.gcLockerMaxWaitUs)})`],
    ['pin copies', `${formatCount(s.pinCopies)} (${formatBytes(s.pinCopyBytes)})`],
    ['forbidden outcomes', formatCount(forbiddenCount(r))],
    ['mutex contended', `${formatCount(s.mutexContended)} of ${formatCount(s.mutexAcquisitions)}`],
    ['mutators', String(c.mutators)],
    ['strategy', c.strategy],
    ['nursery / block / old', `${formatBytes(c.nurseryBytes)} / ${formatBytes(c.blockBytes)} / ${formatBytes(c.oldBytes)}`],
    ['faults', c.fault.length > 0 ? c.fault.join(', ') : 'none'],
    ['mutex / perturb', `${c.mutex} / ${c.perturb}`],
  ];
  if (r.config.runtime) items.push(['runtime library', r.config.runtime]);
  if (r.shard) items.push(['shard', r.shard]);
  return `<dl class="facts">${items.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>`;
}

// The thread dump's arguments, spelled out in its cells, still need a word on what a row is.
const kDumpNote = 'One row per thread, read from shared memory when the run ended. "waiting on" names what a blocked or parked thread waits for; the trail is its last operations, oldest first.';

/** The diagnosis as reports/diagnosis.ts renders it for every format; kind and message head it. */
function diagnosisBlock(r: RunResult): string {
  const d = r.diagnosis;
  if (!d) return `<div class="diagnosis"><h3>Diagnosis</h3><p class="message">${e(`${r.status} without a diagnosis`)}</p></div>`;
  const rows = diagnosisParts(d)
    .filter((l) => l.label !== 'kind' && l.label !== 'message')
    .map((l) => `<dt>${e(l.label)}</dt><dd>${l.block ? `<pre>${e(l.text)}</pre>` : e(l.text)}</dd>`);
  const dl = rows.length > 0 ? `<dl>${rows.join('')}</dl>` : '';
  const dump = d.threadDump.length > 0 ? `<h3>Thread dump</h3><p class="note">${e(kDumpNote)}</p>${htmlTable(threadDumpTable(d.threadDump), 'thread-dump')}` : '';
  return `<div class="diagnosis" data-kind="${e(d.kind)}"><h3>Diagnosis: ${e(d.kind)}</h3><p class="message">${e(d.message)}</p>${dl}</div>${dump}`;
}

function assertionsBlock(r: RunResult): string {
  if (r.assertions.length === 0) return '';
  const t: Table = {
    headers: ['assertion', 'result', 'expected', 'actual'],
    numeric: [false, false, false, false],
    rows: r.assertions.map((a) => [a.name, a.passed ? 'held' : 'FAILED', a.expected, a.actual]),
  };
  return `<h3>Assertions</h3>${htmlTable(t, 'assertions')}`;
}

function charts(r: RunResult, n: number): string {
  const ev = r.events;
  if (!ev) return '<p class="note no-events">No events were recorded for this run (recording was off), so it has no charts.</p>';
  const out: string[] = [];
  if (ev.gc.length > 0) {
    const marks = (d: { p50: number; p99: number; count: number }): { label: string; value: number }[] =>
      d.count > 0 ? [{ label: 'p50', value: d.p50 }, { label: 'p99', value: d.p99 }] : [];
    out.push(
      `<div class="charts">${renderHistogram({ id: `hist-pause-${n}`, title: `GC pause (${ev.gc.length} collection${ev.gc.length === 1 ? '' : 's'})`, values: ev.gc.map((g) => g.pauseUs), marks: marks(r.stats.pause) })}` +
        `${renderHistogram({ id: `hist-ttsp-${n}`, title: 'Time to safepoint', values: ev.gc.map((g) => g.ttspUs), marks: marks(r.stats.ttsp) })}</div>`,
    );
  } else {
    out.push('<p class="note">No collection completed in this run, so there are no pause histograms.</p>');
  }
  // Both charts share the window in which threads worked, so they line up.
  const win = activeWindow(ev, r.durationMs);
  out.push(renderTimeline(`timeline-${n}`, ev, win));
  out.push(ev.occupancy.length > 0 ? renderOccupancy(`occupancy-${n}`, ev.occupancy, win, r.config.nurseryBytes) : '<p class="note">No occupancy samples were recorded.</p>');
  return out.join('\n');
}

function runSection(r: RunResult, i: number, open: boolean): string {
  const n = i + 1;
  const failed = r.status !== 'passed';
  return (
    `<section class="run" id="run-${n}" data-status="${e(r.status)}">\n<details${open ? ' open' : ''}>` +
    `<summary><h2>Run ${n}: ${e(runLabel(r))}</h2> ${badge(r.status)}</summary>\n` +
    (failed ? diagnosisBlock(r) : '') +
    `<h3>Repro</h3><pre class="repro"><code>${e(r.repro)}</code></pre>\n` +
    facts(r) +
    assertionsBlock(r) +
    `\n${charts(r, n)}\n</details>\n</section>`
  );
}

function strategiesSection(doc: ResultsDocument): string {
  const groups = strategyGroups(doc.runs);
  if (groups.length === 0) return '';
  const parts = groups.map(
    (g, i) => `<h3>${e(g.scenario)}</h3>\n${htmlTable(strategyTable(g), 'strategies-table')}\n${renderStrategyBars(`strategies-${i + 1}`, g.runs)}`,
  );
  return `<section id="strategies"><h2>Strategies</h2>\n<p class="meta">Runs of one scenario whose configurations differ only in the pinning strategy.</p>\n${parts.join('\n')}\n</section>`;
}

export function renderHtml(doc: ResultsDocument): string {
  const s = doc.summary;
  const h = doc.host;
  const open = doc.runs.length < kOpenAllBelow;
  const title = `pinstress results: ${formatSummary(s)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${kHtmlStyle}</style>
</head>
<body>
<header>
<h1>pinstress results</h1>
<p class="meta">${e(`${doc.tool.name} ${doc.tool.version} · ${doc.createdAt} · node ${h.node} on ${h.platform}/${h.arch}, ${h.cpus} CPUs`)}</p>
<p class="counts">${e(formatSummary(s))}</p>
</header>
<section id="summary"><h2>Runs</h2>
${runsSummary(doc.runs)}
</section>
${strategiesSection(doc)}
${doc.runs.map((r, i) => runSection(r, i, open || r.status !== 'passed')).join('\n')}
<footer>${e(`Generated by ${doc.tool.name} ${doc.tool.version}. Self-contained: no network access needed.`)}</footer>
<script>${kHtmlScript}</script>
</body>
</html>
`;
}
