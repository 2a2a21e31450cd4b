// Each collection says why it ran: the nursery filling up, the forced schedule, or the program's own
// request. (Before, every requested collection was logged as an allocation failure.)
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index.ts';

describe('collection reasons', () => {
  it('names the forced schedule, the program\'s major requests and nursery exhaustion apart', async () => {
    const r = await runScenario({ scenario: 'pin-nesting', mutators: 2, iterations: 1200, seed: 1, record: true });
    expect(r.status).toBe('passed');
    const reasons = new Set(r.events!.gc.map((e) => e.reason));
    expect(reasons).toContain('Forced');
    expect(reasons).toContain('Requested'); // mutator 0 asks for a major collection every 400 iterations
    expect([...reasons].every((x) => ['Forced', 'Requested', 'Allocation Failure'].includes(x))).toBe(true);
    const majors = r.events!.gc.filter((e) => e.kind === 'major');
    expect(majors.length).toBeGreaterThan(0);
  });
});
