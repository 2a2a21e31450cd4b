// gc.log: a header per run, one unified-logging line per collection, and for a run that did
// not pass its diagnosis at the end; one line per record whatever a message holds.
import { describe, expect, it } from 'vitest';
import { renderGcLog } from '../reports/index.ts';
import { gcCause } from '../reports/gclog.ts';
import { documentOf, failedRun, hungRun, passedRun, sampleDocument } from './fixtures/sample-results.ts';

const kLine = /^\[\d+\.\d{3}s\]\[(info|error)\]\[gc(,\w+)?\] /;

describe('gc.log', () => {
  it('has one line per collection, in the unified-logging style', () => {
    const run = passedRun();
    const lines = renderGcLog(documentOf([run])).trimEnd().split('\n');
    const gcLines = lines.filter((l) => / GC\(\d+\) Pause /.test(l));
    expect(gcLines).toHaveLength(run.events!.gc.length);
    const g = run.events!.gc[1];
    expect(gcLines[1]).toBe(
      `[${(g.tMs / 1000).toFixed(3)}s][info][gc] GC(2) Pause Young (Allocation Failure) ` +
        `${Math.round(g.nurseryBefore / 1024)}K->${Math.round(g.nurseryAfter / 1024)}K(64K) ` +
        `old=${Math.round(g.oldBefore / 1024)}K->${Math.round(g.oldAfter / 1024)}K(1024K) ${(g.pauseUs / 1000).toFixed(3)}ms ` +
        `pinned=${g.pinnedSeen} retained=${g.retainedBlocks} blocks ttsp=${(g.ttspUs / 1000).toFixed(3)}ms ` +
        `work=${(g.workUs / 1000).toFixed(3)}ms copied=${Math.round(g.bytesCopied / 1024)}K${g.threadsInNative ? ' native=yes' : ''}`,
    );
    expect(gcLines.at(-1)).toMatch(/GC\(13\) Pause Full \(Allocation Failure\)/);
    expect(gcLines.filter((l) => l.includes('(Scheduled)')).length).toBeGreaterThan(0);
  });

  it('starts every run with a header naming scenario, seed and status', () => {
    const log = renderGcLog(sampleDocument());
    const headers = log.split('\n').filter((l) => l.includes('[gc,init] pinstress'));
    expect(headers).toHaveLength(7);
    expect(headers[1]).toBe('[0.000s][info][gc,init] pinstress 0.1.0 run 2/7: scenario=nested-init seed=42 status=hung');
  });

  it('ends a run that did not pass with its diagnosis', () => {
    const log = renderGcLog(documentOf([hungRun(), passedRun()]));
    const hung = log.split('\n[0.000s][info][gc,init] pinstress 0.1.0 run 2/2')[0].trimEnd().split('\n');
    expect(hung.at(-1)).toMatch(/^\[2\.03\ds\]\[error\]\[gc\] run hung: self-deadlock: collector waits on gc_mutex/);
    expect(hung.some((l) => l.endsWith('[error][gc] path: minor_gc > EvacuationAllocator() > gc_init > lock(gc_mutex)'))).toBe(true);
    expect(hung.some((l) => l.endsWith('[error][gc] wait-for cycle: collector -> collector'))).toBe(true);
    expect(hung.some((l) => l.includes('no collection completed'))).toBe(true);
    const failed = renderGcLog(documentOf([failedRun()]));
    expect(failed).toContain('no per-collection events recorded (recording was off)');
    expect(failed).toContain('[error][gc] first failure: movedWhilePinned on mutator-2');
  });

  it('keeps every record on one line', () => {
    const lines = renderGcLog(sampleDocument()).trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(kLine);
    const all = lines.join('\n');
    expect(all).toContain('pipe \\\\ backslash\\nsecond line\\r\\n]]> cdata-end \\x01\\x07\\x1b ctl');
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('names causes the way HotSpot does', () => {
    expect(gcCause('allocation-failure')).toBe('Allocation Failure');
    expect(gcCause('system_gc')).toBe('System Gc');
  });

  it('is deterministic', () => {
    expect(renderGcLog(sampleDocument())).toBe(renderGcLog(sampleDocument()));
  });
});
