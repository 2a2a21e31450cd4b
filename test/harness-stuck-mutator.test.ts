// A lost wake-up on gc_mutex while collections keep running: one mutator sleeps forever on the
// lock while the collector collects at every safepoint of the others. Judged per thread, the run
// ends as hung and names the thread, what it waits on and for how long. Before, a busy collector
// counted as progress and the run never ended.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index.ts';

describe('a stuck mutator behind a busy collector', () => {
  it('ffi-blocking with lost-wakeup at every safepoint ends as hung, lost-wakeup, naming the waiter', async () => {
    let r = await runScenario({ scenario: 'ffi-blocking', fault: ['lost-wakeup'], seed: 1, iterations: 3000, watchdogMs: 500, perturb: 'jitter', schedule: { everySafepoint: true } });
    for (let seed = 2; seed <= 4 && r.status === 'passed'; seed++) {
      r = await runScenario({ scenario: 'ffi-blocking', fault: ['lost-wakeup'], seed, iterations: 3000, watchdogMs: 500, perturb: 'jitter', schedule: { everySafepoint: true } });
    }
    expect(r.status).toBe('hung');
    expect(r.diagnosis?.kind).toBe('lost-wakeup');
    expect(r.diagnosis?.message).toMatch(/mutator-\d \(iteration \d+, waiting \d+\.\d s\) waits? for gc_mutex/);
  });

  it('the same configuration without the fault passes', async () => {
    const r = await runScenario({ scenario: 'ffi-blocking', seed: 1, iterations: 300, watchdogMs: 500, perturb: 'jitter', schedule: { everySafepoint: true } });
    expect(r.diagnosis?.message ?? null).toBeNull();
    expect(r.status).toBe('passed');
  });
});
