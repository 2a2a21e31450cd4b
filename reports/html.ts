// report.html: one self-contained page (inline CSS, script and SVG; no network) with the runs
// table, the strategies comparison, and per run its charts and, when it did not pass, its
// diagnosis and thread dump.
import type { Diagnosis, ResultsDocument, RunResult } from '../harness/result.ts';
import { renderStrategyBars } from './bars.ts';
import { escapeHtml } from './escape.ts';
import { fixed, fmtBytes, fmtCount, fmtDistribution, fmtMs, fmtUs, forbiddenCount, hex, runLabel } from './format.ts';
import { renderHistogram } from './histogram.ts';
import { kHtmlScript, kHtmlStyle } from './html-style.ts';
import { renderOccupancy } from './occupancy.ts';
import { strategyGroups } from './strategies.ts';
import { RUN_COLUMNS } from './summary-columns.ts';
import { strategyTable, threadDumpTable, type Table } from './table.ts';
import { renderTimeline } from './timeline.ts';

const e = escapeHtml;

// Past this many runs only the ones that did not pass start unfolded.
const kOpenAllBelow = 8;

export function htmlTable(t: Table, cls: string): string {
  const th = t.headers.map((h, i) => `<th${t.numeric[i] ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${t.numeric[i] ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table class="${e(cls)}"><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function badge(status: string): string {
  return `<span class="badge ${e(status)}">${e(status)}</span>`;
}

function runsTable(runs: readonly RunResult[]): string {
  const th = RUN_COLUMNS.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${e(c.header)}</th>`).join('');
  const rows = runs.map((r, i) => {
    const cells = RUN_COLUMNS.map((c) => {
      const content = c.header === 'scenario' ? `<a href="#run-${i + 1}">${e(c.cell(r))}</a>` : c.header === 'status' ? badge(r.status) : e(c.cell(r));
      return `<td${c.numeric ? ' class="num"' : ''} data-key="${e(String(c.key(r)))}">${content}</td>`;
    });
    return `<tr class="status-${e(r.status)}">${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="runs sortable" id="runs-table"><thead><tr>${th}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function facts(r: RunResult): string {
  const s = r.stats;
  const c = r.config;
  const items: [string, string][] = [
    ['iterations', fmtCount(s.iterations)],
    ['throughput', `${fixed(s.throughput, 0)} it/s`],
    ['duration', fmtMs(r.durationMs)],
    ['minor / major GCs', `${s.minorCollections} / ${s.majorCollections}`],
    ['pause p50/p99/max µs', fmtDistribution(s.pause)],
    ['TTSP p50/p99/max µs', fmtDistribution(s.ttsp)],
    ['pins / exercised', `${fmtCount(s.pins)} / ${fmtCount(s.pinExercised)}`],
    ['max pin depth', fmtCount(s.maxPinDepth)],
    ['bytes copied', fmtBytes(s.bytesCopied)],
    ['bytes promoted', fmtBytes(s.bytesPromoted)],
    ['retained (max)', `${fmtBytes(s.retainedBytes)} (${fmtBytes(s.maxRetainedBytes)})`],
    ['alloc failures', fmtCount(s.allocFailures)],
    ['gc-locker wait (max)', `${fmtUs(s.gcLockerWaitUs)} (${fmtUs(s.gcLockerMaxWaitUs)}) µs`],
    ['pin copies', `${fmtCount(s.pinCopies)} (${fmtBytes(s.pinCopyBytes)})`],
    ['forbidden outcomes', fmtCount(forbiddenCount(r))],
    ['mutex contended', `${fmtCount(s.mutexContended)} of ${fmtCount(s.mutexAcquisitions)}`],
    ['mutators', String(c.mutators)],
    ['strategy', c.strategy],
    ['nursery / block / old', `${fmtBytes(c.nurseryBytes)} / ${fmtBytes(c.blockBytes)} / ${fmtBytes(c.oldBytes)}`],
    ['faults', c.fault.length > 0 ? c.fault.join(', ') : 'none'],
    ['mutex / perturb', `${c.mutex} / ${c.perturb}`],
  ];
  if (r.shard) items.push(['shard', r.shard]);
  return `<dl class="facts">${items.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>`;
}

function diagnosisBlock(r: RunResult, d: Diagnosis | null): string {
  if (!d) return `<div class="diagnosis"><h3>Diagnosis</h3><p class="message">${e(`${r.status} without a diagnosis`)}</p></div>`;
  const rows: [string, string][] = [];
  if (d.lock) rows.push(['lock', e(`${d.lock.name} owned by ${d.lock.owner}, ${d.lock.waiters} waiter(s), word ${hex(d.lock.word)}`)]);
  if (d.waitForCycle) rows.push(['wait-for cycle', e(d.waitForCycle.join(' → '))]);
  if (d.path) rows.push(['path', `<ol class="path">${d.path.map((p) => `<li><code>${e(p)}</code></li>`).join('')}</ol>`]);
  const f = d.firstFailure;
  if (f) {
    rows.push(['first failure', e(`${f.outcome} on ${f.thread} at iteration ${f.iteration}, address ${f.address}, expected ${hex(f.expected)}, actual ${hex(f.actual)}: ${f.detail}`)]);
  }
  if (d.error) rows.push(['error', `${e(`${d.error.name} [${d.error.code}]: ${d.error.message}`)}${d.error.stack ? `<pre>${e(d.error.stack)}</pre>` : ''}`]);
  const dl = rows.length > 0 ? `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>` : '';
  const dump = d.threadDump.length > 0 ? `<h3>Thread dump</h3>${htmlTable(threadDumpTable(d.threadDump), 'thread-dump')}` : '';
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
      `<div class="charts">${renderHistogram({ id: `hist-pause-${n}`, title: `GC pause (${ev.gc.length} collections)`, values: ev.gc.map((g) => g.pauseUs), marks: marks(r.stats.pause) })}` +
        `${renderHistogram({ id: `hist-ttsp-${n}`, title: 'Time to safepoint', values: ev.gc.map((g) => g.ttspUs), marks: marks(r.stats.ttsp) })}</div>`,
    );
  } else {
    out.push('<p class="note">No collection happened in this run, so there are no pause histograms.</p>');
  }
  out.push(ev.threads.length > 0 ? renderTimeline(`timeline-${n}`, ev, r.durationMs) : '<p class="note">No thread timelines were recorded.</p>');
  out.push(ev.occupancy.length > 0 ? renderOccupancy(`occupancy-${n}`, ev.occupancy, r.durationMs, r.config.nurseryBytes) : '<p class="note">No occupancy samples were recorded.</p>');
  return out.join('\n');
}

function runSection(r: RunResult, i: number, open: boolean): string {
  const n = i + 1;
  const failed = r.status !== 'passed';
  return (
    `<section class="run" id="run-${n}" data-status="${e(r.status)}">\n<details${open ? ' open' : ''}>` +
    `<summary><h2>Run ${n}: ${e(runLabel(r))}</h2> ${badge(r.status)}</summary>\n` +
    (failed ? diagnosisBlock(r, r.diagnosis) : '') +
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
  const title = `pinstress results: ${s.total} runs, ${s.total - s.passed} not passed`;
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
<p class="counts">${e(`${s.total} runs:`)} ${(['passed', 'failed', 'hung', 'crashed'] as const).map((k) => `${badge(k)} ${s[k]}`).join(' ')}</p>
</header>
<section id="summary"><h2>Runs</h2>
${runsTable(doc.runs)}
</section>
${strategiesSection(doc)}
${doc.runs.map((r, i) => runSection(r, i, open || r.status !== 'passed')).join('\n')}
<footer>${e(`Generated by ${doc.tool.name} ${doc.tool.version}. Self-contained: no network access needed.`)}</footer>
<script>${kHtmlScript}</script>
</body>
</html>
`;
}
