// gc.log reads as a JDK unified GC log: a reader written from the JDK 17 format (checked here
// against real JDK 17 Serial and G1 logs) finds the collector, every pause with its heap
// transition and time, GC ids from 0 and time that never goes backwards, across every run.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/result.ts';
import { renderGcLog } from '../reports/index.ts';
import { gcCause } from '../reports/gclog.ts';
import { documentOf, failedRun, hungRun, passedRun, sampleDocument, strategyRuns, crashedRun } from './fixtures/sample-results.ts';
import { kJdk17G1, kJdk17G1Detailed, kJdk17Serial, parseUnifiedLog } from './fixtures/jdk-unified-log.ts';

const kb = (bytes: number): number => Math.round(bytes / 1024);

describe('the JDK 17 log reader used below', () => {
  it('reads a real JDK 17 Serial log', () => {
    const log = parseUnifiedLog(kJdk17Serial);
    expect(log.undecorated).toEqual([]);
    expect(log.collector).toBe('Serial');
    expect(log.pauses.map((p) => [p.id, p.type, p.cause, p.beforeK, p.afterK, p.capacityK, p.pauseMs])).toEqual([
      [0, 'Young', 'Allocation Failure', 8 * 1024, 3 * 1024, 19 * 1024, 3.961],
      [1, 'Young', 'Allocation Failure', 9 * 1024, 4 * 1024, 19 * 1024, 3.8],
      [2, 'Young', 'Allocation Failure', 9 * 1024, 9 * 1024, 19 * 1024, 2.694],
    ]);
    expect(log.starts.map((s) => s.id)).toEqual([0, 1, 2]);
  });

  it('reads real JDK 17 G1 logs, plain and detailed', () => {
    const plain = parseUnifiedLog(kJdk17G1);
    expect(plain.pauses.map((p) => p.id)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(plain.pauses[4]).toMatchObject({ type: 'Young', phase: 'Concurrent Start', cause: 'G1 Humongous Allocation', capacityK: 252 * 1024, pauseMs: 9.986 });
    const detailed = parseUnifiedLog(kJdk17G1Detailed);
    expect(detailed.collector).toBe('G1');
    expect(detailed.pauses).toHaveLength(1);
    expect(detailed.pauses[0]).toMatchObject({ id: 16, phase: 'Normal', cause: 'G1 Evacuation Pause', beforeK: 92 * 1024, afterK: 42 * 1024, pauseMs: 4.893 });
    expect(detailed.starts).toEqual([{ id: 16, type: 'Young', cause: 'G1 Evacuation Pause' }]);
  });

  it('does not take what a JDK tool would not', () => {
    // The pause time must follow the heap transition: pinstress's old layout put old=... between.
    const old = '[1.128s][info][gc] GC(1) Pause Young (Allocation Failure) 57K->0K(64K) old=0K->0K(16384K) 6.726ms pinned=0';
    expect(parseUnifiedLog(old).pauses).toEqual([]);
    expect(parseUnifiedLog('[0.1s][info][gc] GC(0) Pause Young (Allocation Failure) 1M->0M(2M) 1.0ms').undecorated).toHaveLength(1);
  });
});

describe('gc.log', () => {
  const doc = sampleDocument();
  const text = renderGcLog(doc);
  const log = parseUnifiedLog(text);

  it('is a unified log from its first line: every line decorated, the collector named first', () => {
    expect(log.undecorated).toEqual([]);
    expect(text.split('\n')[0]).toBe('[0.000s][info][gc] Using Serial');
    expect(log.collector).toBe('Serial');
  });

  it('has one pause line per collection, with the heap transition and pause time where parsers read them', () => {
    const events = doc.runs.flatMap((r) => (r.events?.gc ?? []).map((e) => ({ r, e })));
    expect(log.pauses).toHaveLength(events.length);
    log.pauses.forEach((p, i) => {
      const { r, e } = events[i];
      expect(p.type).toBe(e.kind === 'major' ? 'Full' : 'Young');
      expect(p.cause).toBe(gcCause(e.reason));
      expect(p.cause).toMatch(/^[G1A-Za-z ,.()]+$/); // GCToolkit's characters for a cause
      expect([p.beforeK, p.afterK, p.capacityK]).toEqual([kb(e.nurseryBefore + e.oldBefore), kb(e.nurseryAfter + e.oldAfter), kb(r.config.nurseryBytes + r.config.oldBytes)]);
      expect(p.pauseMs).toBeCloseTo(e.pauseUs / 1000, 3);
      // pinstress's own fields come after the pause time
      expect(p.rest).toMatch(/^ young=\d+K->\d+K\(\d+K\) old=\d+K->\d+K\(\d+K\) pinned=\d+ retained_blocks=\d+ ttsp=\d+\.\d{3}ms work=\d+\.\d{3}ms copied=\d+K/);
    });
    // Every info line on the gc tag that names a collection is a pause a parser can read.
    const gcInfo = log.lines.filter((l) => l.tags === 'gc' && l.level === 'info' && /^GC\(/.test(l.message));
    expect(gcInfo).toHaveLength(log.pauses.length);
  });

  it('numbers collections from 0 across all runs and never goes back in time', () => {
    expect(log.pauses.map((p) => p.id)).toEqual(log.pauses.map((_, i) => i));
    for (let i = 1; i < log.lines.length; i++) expect(log.lines[i].uptimeMs).toBeGreaterThanOrEqual(log.lines[i - 1].uptimeMs);
  });

  it('places each run at its real start, stamping a pause when it ends as HotSpot does', () => {
    const a = passedRun();
    const b: RunResult = { ...passedRun(), seed: 2, events: { ...passedRun().events!, startMs: a.events!.startMs + 5000 } };
    const two = parseUnifiedLog(renderGcLog(documentOf([a, b])));
    const headers = two.lines.filter((l) => l.tags === 'gc,init' && l.message.startsWith('run '));
    expect(headers.map((l) => l.uptimeMs)).toEqual([0, 5000]);
    const g = b.events!.gc[0];
    expect(two.pauses[a.events!.gc.length].line.uptimeMs).toBe(Math.round(5000 + g.tMs + g.pauseUs / 1000));
    expect(two.pauses.at(-1)!.id).toBe(2 * a.events!.gc.length - 1);
  });

  it('keeps time rising when runs of a merged document overlap', () => {
    const a = passedRun();
    const b: RunResult = { ...passedRun(), seed: 2 }; // same start: shards that ran at once
    const two = parseUnifiedLog(renderGcLog(documentOf([a, b])));
    for (let i = 1; i < two.lines.length; i++) expect(two.lines[i].uptimeMs).toBeGreaterThanOrEqual(two.lines[i - 1].uptimeMs);
  });

  it('starts every run with a header naming scenario, seed and status', () => {
    const headers = text.split('\n').filter((l) => /\[gc,init\] run \d+\/\d+:/.test(l));
    expect(headers).toHaveLength(7);
    expect(headers[1]).toMatch(/^\[\d+\.\d{3}s\]\[info\]\[gc,init\] run 2\/7: scenario=nested-init seed=42 status=hung$/);
  });

  it('ends a run that did not pass with its diagnosis, a multi-line message as several lines', () => {
    const hung = renderGcLog(documentOf([hungRun()])).trimEnd().split('\n');
    const verdict = hung.findIndex((l) => /^\[2\.03\ds\]\[error\]\[gc\] run hung: self-deadlock: collector waits on gc_mutex/.test(l));
    expect(verdict).toBeGreaterThan(0);
    // The message holds "\n" and "\r\n": each of its lines is a log line of its own.
    expect(hung.slice(verdict + 1).map((l) => l.replace(/^\[[^\]]*\]/, ''))).toEqual(['[error][gc] second line', expect.stringMatching(/^\[error\]\[gc\] \]\]> cdata-end/)]);
    expect(hung.some((l) => l.endsWith('[error][gc] path: minor_gc > EvacuationAllocator() > gc_init > lock(gc_mutex)'))).toBe(true);
    expect(hung.some((l) => l.endsWith('[error][gc] wait-for cycle: collector -> collector'))).toBe(true);
    const crashed = renderGcLog(documentOf([crashedRun()])).split('\n');
    const stack = crashed.findIndex((l) => l.endsWith('[error][gc] stack: ProtocolError: unpin underflow on 0x2000'));
    expect(crashed[stack + 1]).toMatch(/^\[\d+\.\d{3}s\]\[error\]\[gc\]     at unpin \(runtime\/mutator\.ts:120:11\)$/);
    const failed = renderGcLog(documentOf([failedRun()]));
    expect(failed).toContain('no per-collection events recorded (recording was off)');
    expect(failed).toContain('[error][gc] first failure: movedWhilePinned on mutator-2');
  });

  it('logs a collection that never finished as a start with no end, its id taken', () => {
    const r = hungRun();
    r.events!.gcOpen = { kind: 'minor', reason: 'allocation-failure', tMs: 31.2 };
    const one = parseUnifiedLog(renderGcLog(documentOf([passedRun(), r])));
    const open = one.starts.at(-1)!;
    expect(open).toEqual({ id: passedRun().events!.gc.length, type: 'Young', cause: 'Allocation Failure' });
    expect(one.pauses.some((p) => p.id === open.id)).toBe(false);
    expect(one.lines.some((l) => l.level === 'error' && l.message === `GC(${open.id}) never finished: the collector was still inside it when the run ended`)).toBe(true);
  });

  it('never holds an escaped newline or a control character', () => {
    for (const l of text.trimEnd().split('\n')) {
      expect(l).not.toContain('\\n');
      expect(l).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    }
    expect(text).toContain('pipe \\\\ backslash');
    expect(text).toContain(']]> cdata-end \\x01\\x07\\x1b ctl');
  });

  it('names causes the way HotSpot does', () => {
    expect(gcCause('allocation-failure')).toBe('Allocation Failure');
    expect(gcCause('system_gc')).toBe('System Gc');
  });

  it('is deterministic, and empty for no runs', () => {
    expect(renderGcLog(sampleDocument())).toBe(text);
    expect(renderGcLog(documentOf([]))).toBe('');
    expect(parseUnifiedLog(renderGcLog(documentOf(strategyRuns()))).undecorated).toEqual([]);
  });
});
