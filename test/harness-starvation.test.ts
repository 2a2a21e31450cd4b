// A GC-locker collection that waits past its budget is a liveness failure, and the diagnosis says
// which of the two causes it was, from a thread dump taken when the collector gave up.
import { describe, expect, it } from 'vitest';
import { resolveConfig, type RunOverrides } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import type { RunResult } from '../harness/result.ts';
import { SCENARIOS } from '../scenarios/index.ts';

async function run(scenario: string, over: RunOverrides): Promise<RunResult> {
  const def = SCENARIOS.get(scenario)!;
  return executeRun(def, resolveConfig(def.name, def.defaults, { mutators: 2, seed: 1, strategy: 'gc-locker', ...over }));
}

describe('starvation diagnosis', () => {
  it('names the wait-for cycle when a pin holder waits for the collection itself', async () => {
    // pin-concurrent's forced collections run at the triggering thread's safepoint, inside its pin.
    const r = await run('pin-concurrent', { iterations: 1500 });
    expect(r.status).toBe('failed');
    expect(r.diagnosis?.kind).toBe('starvation');
    expect(r.diagnosis?.message).toMatch(/wait-for cycle collector -> mutator-\d -> collector/);
    expect(r.diagnosis?.waitForCycle).toHaveLength(3);
    const collector = r.diagnosis!.threadDump.find((d) => d.name === 'collector');
    expect(collector?.waitingOn).toBe('gc_locker');
    expect(r.diagnosis!.threadDump.some((d) => d.pinsHeld > 0 && d.state === 'parked')).toBe(true);
  });

  it('says the holders kept pinning when new pins are let in while a collection is pending', async () => {
    // Starving needs holders to keep pins up for the whole budget; a loaded machine that
    // deschedules them can let the pins drain, so a few seeds (a fresh-clone CI run once passed seed 1).
    let r = await run('native-calls', { fault: ['gclocker-starvation'] });
    for (let seed = 2; seed <= 4 && r.status === 'passed'; seed++) r = await run('native-calls', { fault: ['gclocker-starvation'], seed });
    expect(r.status).toBe('failed');
    expect(r.diagnosis?.kind).toBe('starvation');
    expect(r.diagnosis?.message).toMatch(/kept running and pinning \(mutator-\d holds \d+ pin/);
    expect(r.diagnosis?.waitForCycle).toBeNull();
  });
});
