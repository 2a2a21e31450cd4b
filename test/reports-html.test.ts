// report.html as text: self-contained, escaped, and with charts that have content. The
// browser test (reports-html-browser) checks that it also renders.
import { describe, expect, it } from 'vitest';
import type { RunEvents, ThreadTimeline } from '../harness/result.ts';
import { renderHtml } from '../reports/index.ts';
import { logBins, renderHistogram } from '../reports/histogram.ts';
import { decimate } from '../reports/occupancy.ts';
import { renderTimeline } from '../reports/timeline.ts';
import { documentOf, failedRun, hungRun, passedRun, sampleDocument } from './fixtures/sample-results.ts';

function svgById(html: string, id: string): { open: string; body: string } | undefined {
  const m = new RegExp(`(<svg[^>]* id="${id}"[^>]*>)([\\s\\S]*?)</svg>`).exec(html);
  return m ? { open: m[1], body: m[2] } : undefined;
}

function dataAttr(open: string, name: string): number {
  return Number(new RegExp(` data-${name}="([^"]*)"`).exec(open)?.[1] ?? NaN);
}

function count(s: string, re: RegExp): number {
  return s.match(re)?.length ?? 0;
}

function section(html: string, n: number): string {
  return html.split(`<section class="run" id="run-${n}"`)[1].split('</section>')[0];
}

describe('report.html', () => {
  const html = renderHtml(sampleDocument());

  it('is one self-contained page that names no URL', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(/i);
    expect(count(html, /<style>/g)).toBe(1);
    expect(count(html, /<script>/g)).toBe(1);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes every message', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;dq&quot; &#39;sq&#39; | pipe');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('has the runs table with a row per run, linking to each run', () => {
    const table = html.split('id="runs-table"')[1].split('</table>')[0];
    expect(count(table, /<tr class="status-/g)).toBe(7);
    for (let n = 1; n <= 7; n++) expect(table).toContain(`href="#run-${n}"`);
  });

  it('draws pause and TTSP histograms, a timeline and occupancy for a recorded run', () => {
    for (const id of ['hist-pause-1', 'hist-ttsp-1']) {
      const svg = svgById(html, id)!;
      expect(dataAttr(svg.open, 'bars')).toBeGreaterThan(0);
      expect(count(svg.body, /<rect class="bar"/g)).toBe(dataAttr(svg.open, 'bars'));
      expect(dataAttr(svg.open, 'samples')).toBe(13);
    }
    const tl = svgById(html, 'timeline-1')!;
    expect(dataAttr(tl.open, 'rows')).toBe(6); // the collector's collections, then five state timelines
    expect(dataAttr(tl.open, 'segments')).toBeGreaterThan(50);
    expect(count(tl.body, /<rect class="seg (managed|parked|native|blocked)"/g)).toBe(dataAttr(tl.open, 'segments'));
    expect(count(tl.body, /<rect class="gc-band (minor|major)"/g)).toBe(13);
    expect(count(tl.body, /<rect class="gc-band major"/g)).toBe(1);
    const occ = svgById(html, 'occupancy-1')!;
    expect(count(occ.body, /<polyline class="series (nursery|old|retained)"/g)).toBe(3);
    expect(dataAttr(occ.open, 'points')).toBe(3 * 27);
  });

  it('notes what it cannot draw instead of drawing empty charts', () => {
    const hung = section(html, 2);
    expect(hung).toContain('No collection completed in this run');
    expect(hung).toContain('id="timeline-2"');
    expect(hung).not.toContain('id="hist-pause-2"');
    const failed = section(html, 3);
    expect(failed).toContain('No events were recorded for this run (recording was off)');
    expect(failed).not.toContain('<svg');
  });

  it('shows the diagnosis and a thread dump table for runs that did not pass, only those', () => {
    const hung = section(html, 2);
    expect(hung).toContain('<h3>Diagnosis: self-deadlock</h3>');
    expect(hung).toContain('gc_mutex owned by collector, 0 waiter(s)');
    expect(hung).toContain('<dt>wait-for cycle</dt><dd>collector -&gt; collector</dd>');
    expect(hung).toContain('<dt>path</dt><dd>minor_gc &gt; EvacuationAllocator() &gt; gc_init &gt; lock(gc_mutex)</dd>');
    const dump = hung.split('class="thread-dump"')[1].split('</table>')[0];
    expect(count(dump, /<tr>/g)).toBe(6); // header and five threads
    expect(section(html, 4)).toContain('ProtocolError: unpin underflow on 0x2000\n    at unpin');
    expect(section(html, 1)).not.toContain('class="diagnosis"');
  });

  it('compares strategies only for runs that differ in nothing else', () => {
    const bars = svgById(html, 'strategies-1')!;
    expect(dataAttr(bars.open, 'bars')).toBe(8 * 3);
    expect(html).toContain('<section id="strategies">');
    const table = html.split('class="strategies-table"')[1].split('</table>')[0];
    for (const h of ['throughput', 'pause p99', 'gc-locker wait', 'copied at pin', 'retained', 'max retained', 'alloc failures', 'forbidden outcomes']) expect(table).toContain(`<th class="num">${h}</th>`);
    expect(renderHtml(documentOf([passedRun(), hungRun(), failedRun()]))).not.toContain('id="strategies"');
  });

  it('is deterministic', () => {
    expect(renderHtml(sampleDocument())).toBe(html);
  });
});

describe('chart building blocks', () => {
  it('bins latencies logarithmically, keeping every sample', () => {
    const values = [0, 0.5, 1, 3, 3.1, 100, 1000];
    const bins = logBins(values);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(values.length);
    for (let i = 1; i < bins.length; i++) expect(bins[i].lo).toBeCloseTo(bins[i - 1].hi, 9);
    expect(bins[0].count).toBe(1); // zero lands in the lowest bin with the floor
    expect(bins.at(-1)!.hi).toBeGreaterThan(1000);
    expect(logBins([])).toEqual([]);
    const one = renderHistogram({ id: 'h', title: 't', values: [5, 5, 5] });
    expect(count(one, /data-count="[1-9]/g)).toBe(1);
  });

  it('bounds the size of a timeline with very many segments', () => {
    const segs: ThreadTimeline['segments'] = [];
    for (let i = 0; i < 20000; i++) segs.push({ state: i % 97 === 0 ? 'blocked' : i % 2 ? 'managed' : 'native', startMs: i * 0.01, endMs: (i + 1) * 0.01 });
    const gc: RunEvents['gc'] = Array.from({ length: 5000 }, (_, i) => ({ ...passedRun().events!.gc[0], id: i + 1, tMs: i * 0.04, pauseUs: 5 }));
    const svg = renderTimeline('t', { startMs: 0, gc, threads: [{ thread: 'mutator-0', segments: segs, dropped: 7 }], occupancy: [] }, { startMs: 0, endMs: 200 });
    const rects = count(svg, /<rect class="seg /g);
    expect(rects).toBeGreaterThan(10);
    expect(rects).toBeLessThanOrEqual(960);
    expect(svg).toContain('class="seg blocked"'); // rare states survive binning
    expect(count(svg, /<rect class="gc-band /g)).toBeLessThan(500);
    expect(count(svg, /<rect class="gc-slice /g)).toBe(count(svg, /<rect class="gc-band /g)); // one per band on the collector's row
    expect(svg).toContain('+7 dropped');
  });

  it('thins occupancy samples but keeps the peaks', () => {
    const samples = Array.from({ length: 100000 }, (_, i) => ({ tMs: i / 100, nurseryBytes: i === 51234 ? 1e9 : i % 1000, oldBytes: 0, retainedBytes: 0 }));
    const kept = decimate(samples, 'nurseryBytes', 900, { startMs: 0, endMs: 1000 });
    expect(kept.length).toBeLessThanOrEqual(4 * 901);
    expect(kept.some((s) => s.nurseryBytes === 1e9)).toBe(true);
  });
});
