// Regression test 2: the nested-init fault is caught as hung (normal gc_mutex) and as failed at
// once (errorcheck), with the diagnosis naming gc_mutex, its owner and the path.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index.ts';

const base = { scenario: 'deadlock-regression', mutators: 4, iterations: 2000, seed: 3 } as const;

describe('deadlock-regression', () => {
  it('passes fault-free, with minor collections', async () => {
    const r = await runScenario(base);
    expect(r.status).toBe('passed');
    expect(r.stats.minorCollections).toBeGreaterThan(0);
  });

  it('with nested-init and the normal mutex it ends as hung within the watchdog budget, diagnosed', async () => {
    const r = await runScenario({ ...base, fault: ['nested-init'], watchdogMs: 500 });
    expect(r.status).toBe('hung');
    const d = r.diagnosis!;
    expect(d.kind).toBe('self-deadlock');
    expect(d.lock).toMatchObject({ name: 'gc_mutex', owner: 'collector' });
    expect(d.waitForCycle).toEqual(['collector', 'collector']);
    expect(d.path).toEqual(['minor_gc', 'EvacuationAllocator()', 'gc_init', 'lock(gc_mutex)']);
    expect(d.message).toContain('lock(gc_mutex) <- gc_init <- EvacuationAllocator() <- minor_gc');
    expect(d.threadDump.find((t) => t.name === 'collector')).toMatchObject({ state: 'blocked', waitingOn: 'gc_mutex' });
    expect(r.repro).toContain('--fault nested-init');
    // The collection it hung in is on record (reports draw it to the end of the run), named by its request.
    expect(r.events?.gcOpen).toMatchObject({ kind: 'minor', reason: 'Allocation Failure' });
    expect(r.events?.gcOpen?.tMs).toBeGreaterThan(0);
  });

  it('with nested-init and errorcheck it fails at once with the same diagnosis', async () => {
    const r = await runScenario({ ...base, fault: ['nested-init'], mutex: 'errorcheck' });
    expect(r.status).toBe('failed');
    const d = r.diagnosis!;
    expect(d.kind).toBe('self-deadlock');
    expect(d.path).toEqual(['minor_gc', 'EvacuationAllocator()', 'gc_init', 'lock(gc_mutex)']);
    expect(d.waitForCycle).toEqual(['collector', 'collector']);
    expect(d.error?.code).toBe('PIN_MUTEX_RELOCK');
    expect(r.diagnosis?.threadDump.find((t) => t.name === 'collector')?.state).not.toBe('blocked'); // thrown, not waited
  });
});
