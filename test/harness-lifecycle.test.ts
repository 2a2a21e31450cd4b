// Every run ends: crashes are reported as crashed, and no worker thread outlives a run.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import type { ScenarioDefinition } from '../harness/common/scenario.ts';
import { runScenario, runSuite } from '../index.ts';

const osThreads = (): number => readdirSync('/proc/self/task').length;

async function settledThreads(max: number): Promise<number> {
  const deadline = Date.now() + 3000;
  let n = osThreads();
  while (n > max && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    n = osThreads();
  }
  return n;
}

function program(): void {
  throw new Error('runs in the worker, from `module`');
}

const crashing: ScenarioDefinition = {
  name: 'crashing',
  summary: 'a program that throws',
  defaults: { mutators: 3, iterations: 100 },
  module: `data:text/javascript,${encodeURIComponent(`export const scenario = { name: 'crashing', summary: 'a program that throws', program(ctx) {
    for (let i = 0; i < ctx.iterations; i++) { if (ctx.tid === 1 && i === 50) null.boom(); ctx.allocGarbage(16); ctx.progress(i); }
  } };`)}`,
  program,
};

describe('run lifecycle', () => {
  it('a worker that throws ends the run as crashed, with its error and stack', async () => {
    const r = await executeRun(crashing, resolveConfig('crashing', crashing.defaults));
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.kind).toBe('crash');
    expect(r.diagnosis?.message).toMatch(/mutator-1 crashed: TypeError/);
    expect(r.diagnosis?.error?.stack).toContain('program');
  });

  it('no worker thread outlives a hung run', async () => {
    await runScenario({ scenario: 'pin-concurrent', mutators: 2, iterations: 200 }); // warm up the runtime's own threads
    const before = await settledThreads(Infinity);
    const r = await runScenario({ scenario: 'pin-concurrent', mutators: 4, iterations: 5000, fault: ['nested-init'], watchdogMs: 300 });
    expect(r.status).toBe('hung');
    expect(await settledThreads(before)).toBeLessThanOrEqual(before);
  });

  it('a run whose workers cannot load the scenario ends as crashed, and its pool of N+1 threads is gone', async () => {
    const before = await settledThreads(Infinity);
    const missing: ScenarioDefinition = { ...crashing, name: 'missing', module: new URL('./no-such-scenario.ts', import.meta.url).href };
    const r = await executeRun(missing, resolveConfig('missing', { mutators: 4, iterations: 10 }));
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.message).toMatch(/no-such-scenario/);
    expect(await settledThreads(before)).toBeLessThanOrEqual(before);
  });

  it('a suite reuses its workers across runs, replaces them after a hung run, and leaves none behind', async () => {
    const before = await settledThreads(Infinity);
    const doc = await runSuite({
      scenarios: [
        { scenario: 'pin-gc-pressure', overrides: { mutators: 2, iterations: 500 } },
        { scenario: 'deadlock-regression', overrides: { mutators: 2, iterations: 3000, fault: ['nested-init'], watchdogMs: 300 } },
        { scenario: 'pin-gc-pressure', overrides: { mutators: 2, iterations: 500 } },
      ],
    });
    expect(doc.runs.map((r) => r.status)).toEqual(['passed', 'hung', 'passed']);
    expect(await settledThreads(before)).toBeLessThanOrEqual(before);
  });
});
