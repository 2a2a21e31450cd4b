// report.html's charts and diagnosis read well: the time axis starts where the threads started
// working, the heap axis fits the data, a single collection is a narrow bar with its labels in
// view, the collector has its own row (a collection that never finished runs to the end), the
// thread dump says what its numbers mean, and heap words are hex.
import { describe, expect, it } from 'vitest';
import type { RunEvents, RunResult } from '../harness/result.ts';
import { renderHtml } from '../reports/index.ts';
import { renderHistogram } from '../reports/histogram.ts';
import { documentOf, failedRun, hungRun, passedRun } from './fixtures/sample-results.ts';

function svgById(html: string, id: string): { open: string; body: string } {
  const m = new RegExp(`(<svg[^>]* id="${id}"[^>]*>)([\\s\\S]*?)</svg>`).exec(html);
  if (!m) throw new Error(`no svg #${id}`);
  return { open: m[1], body: m[2] };
}

const attr = (tag: string, name: string): number => Number(new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1] ?? NaN);
const rects = (body: string, cls: string): string[] => body.match(new RegExp(`<rect class="${cls}"[^>]*>`, 'g')) ?? [];

/** The fixture's run with worker start-up in front: nothing happens in its first 240 ms. */
function lateRun(): RunResult {
  const r = passedRun();
  const ev = r.events!;
  const shift = 240;
  const events: RunEvents = {
    ...ev,
    gc: ev.gc.map((g) => ({ ...g, tMs: g.tMs + shift })),
    threads: ev.threads.map((t) => ({ ...t, segments: t.segments.map((s) => ({ ...s, startMs: s.startMs + shift, endMs: s.endMs + shift })) })),
    occupancy: ev.occupancy.map((o) => ({ ...o, tMs: o.tMs + shift })),
  };
  return { ...r, durationMs: r.durationMs + shift, config: { ...r.config, nurseryBytes: 1 << 20 }, events };
}

describe('report.html charts', () => {
  const html = renderHtml(documentOf([lateRun()]));

  it('start the timeline and heap charts where the work starts, not at 0', () => {
    for (const id of ['timeline-1', 'occupancy-1']) {
      const svg = svgById(html, id);
      expect(attr(svg.open, 'data-start-ms')).toBe(240);
      const ticks = [...svg.body.matchAll(/<text [^>]*class="tick" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(ticks[0]).toBe('250 ms'); // the first round time in the window
      expect(ticks).not.toContain('0');
    }
    const first = rects(svgById(html, 'timeline-1').body, 'seg managed')[0];
    expect(attr(first, 'x')).toBe(110); // the plot's left edge
  });

  it('fit the heap axis to the data, noting a nursery capacity far above it', () => {
    const occ = svgById(html, 'occupancy-1');
    const peak = Math.max(...lateRun().events!.occupancy.map((o) => Math.max(o.nurseryBytes, o.oldBytes, o.retainedBytes)));
    expect(attr(occ.open, 'data-y-top')).toBeGreaterThanOrEqual(peak);
    expect(attr(occ.open, 'data-y-top')).toBeLessThanOrEqual(2 * peak);
    expect(occ.body).toContain('nursery capacity 1 MiB (above this axis)');
  });

  it('draw one collection as a narrow bar with its p50 and p99 labels inside the chart', () => {
    const svg = renderHistogram({ id: 'h', title: 'GC pause (1 collection)', values: [830], marks: [{ label: 'p50', value: 830 }, { label: 'p99', value: 830 }] });
    const open = /<svg[^>]*>/.exec(svg)![0];
    const width = attr(open, 'width');
    const full = rects(svg, 'bar').filter((b) => attr(b, 'data-count') > 0);
    expect(full).toHaveLength(1);
    expect(attr(full[0], 'width')).toBeLessThan(width / 4);
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="mark-label" text-anchor="(start|end)">([^<]*)<\/text>/g)];
    expect(labels.map((l) => l[3])).toEqual(['p50, p99']); // one label where the marks coincide
    const [x, anchor, text] = [Number(labels[0][1]), labels[0][2], labels[0][3]];
    const [from, to] = anchor === 'start' ? [x, x + text.length * 6] : [x - text.length * 6, x];
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeLessThanOrEqual(width);
  });

  it('give the collector its own row, each collection a slice on it', () => {
    const tl = svgById(html, 'timeline-1');
    expect(tl.body).toMatch(/<text [^>]*class="row-label"[^>]*>collector<\/text>/);
    expect(rects(tl.body, 'gc-slice (minor|major)').length).toBeGreaterThan(0);
  });

  it('draw a collection that never finished to the end of the run', () => {
    const r = hungRun();
    r.events!.gcOpen = { kind: 'minor', reason: 'allocation-failure', tMs: 31.2 };
    const tl = svgById(renderHtml(documentOf([r])), 'timeline-1');
    const open = rects(tl.body, 'gc-slice unfinished');
    expect(open).toHaveLength(1);
    expect(attr(open[0], 'x') + attr(open[0], 'width')).toBeCloseTo(960 - 28, 1); // the plot's right edge
    expect(tl.body).toContain('minor GC (allocation-failure) started at 31.2 ms and never finished');
    expect(rects(tl.body, 'gc-band unfinished')).toHaveLength(1);
  });
});

describe('report.html diagnosis', () => {
  it('prints heap words in hex, one address one way, poison as 0xdeadbeef', () => {
    const r = failedRun();
    r.diagnosis!.firstFailure = { ...r.diagnosis!.firstFailure!, expected: 0x1a40, actual: 0xdeadbeef | 0 };
    const html = renderHtml(documentOf([r]));
    expect(html).toContain('address 0x001a40, expected 0x001a40, actual 0xdeadbeef');
    expect(html).not.toContain('-559038737');
  });

  it('leaves out a free gc_mutex when the failure is not about waiting', () => {
    expect(renderHtml(documentOf([failedRun()]))).not.toMatch(/owned by nobody/);
    expect(renderHtml(documentOf([hungRun()]))).toContain('gc_mutex owned by collector, 0 waiter(s), word 0x80000003');
  });

  it('spells out what the thread dump\'s arguments mean', () => {
    const html = renderHtml(documentOf([hungRun()]));
    const dump = html.split('class="thread-dump"')[1].split('</table>')[0];
    expect(dump).toContain('gc_mutex, held by collector');
    expect(dump).toContain('the world&#39;s restart (parked in epoch 1)');
    expect(dump).toContain('lock(gc_mutex) waited, held by collector');
    expect(dump).toContain('tlab_refill retry 1');
    expect(dump).not.toMatch(/\(-?\d+\)/); // no bare (n) left unexplained
  });
});
