// A runtime library that hangs (issue 15), the cases whose verdict is a time budget: they run
// alone (vitest.config.ts), so a neighbour's load cannot decide them. A hang inside the library is
// a self-deadlock named from the library's own lock and path; a process that falls silent is
// killed after the watchdog budget and a margin; neither leaves a process behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../index.ts';
import { available, build, processExists, stubLibrary } from './native-helpers.ts';

describe.skipIf(!available.ok)(`a native runtime that hangs${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  let lib = '';
  const dir = mkdtempSync(join(tmpdir(), 'pinstress-native-hang-'));
  beforeAll(() => {
    build.buildAddon();
    lib = build.buildExample();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--fault nested-init hangs in native code, is diagnosed as a self-deadlock on the library\'s gc_mutex naming its owner, and leaves no process', async () => {
    let pid = 0;
    const r = await runScenario({ scenario: 'deadlock-regression', runtime: lib, fault: ['nested-init'], watchdogMs: 1000 }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('hung');
    const d = r.diagnosis!;
    expect(d.kind).toBe('self-deadlock');
    const owner = d.lock!.owner;
    expect(owner).toMatch(/^(mutator-\d|driver)$/);
    expect(d.lock).toMatchObject({ name: 'gc_mutex', owner });
    expect(d.waitForCycle).toEqual([owner, owner]);
    expect(d.message).toContain(`self-deadlock: ${owner} waits for gc_mutex, which it already owns`);
    // The harness's own record of the call it is stuck in, and the library's innermost function.
    expect(d.path?.[0]).toMatch(/^ps_(alloc|collect) for \d+\.\d s$/);
    expect(d.path?.at(-1)).toBe('gc_init');
    expect(d.threadDump.find((t) => t.name === owner)).toMatchObject({ state: 'blocked', waitingOn: 'gc_mutex' });
    expect(r.stats.minorCollections).toBe(0);
    // The child process that held the stuck threads is gone, reaped before the run returned.
    expect(pid).toBeGreaterThan(0);
    expect(processExists(pid)).toBe(false);
  });

  it('a process that falls silent (its main thread stuck in the library) is killed after the watchdog budget and a margin, and is gone', async () => {
    let pid = 0;
    const t0 = performance.now();
    const r = await runScenario({ scenario: 'pin-gc-pressure', runtime: stubLibrary(dir, 'stuck', 'for (;;) pause();'), watchdogMs: 100 }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.message).toMatch(/^the run's process \(pid \d+, running .*libstuck-\w+\.so\) said nothing for 5100 ms and was killed before it reported a result\.$/);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(processExists(pid)).toBe(false);
  }, 30_000);
});
