// A real moved-while-pinned failure reads in one notation: the message and the first-failure
// line give the address and the words read from the heap in hex (the message said "0x4cac20 ...
// expected 5024800"), and no line about a free gc_mutex nobody waits on.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import { diagnosisLines } from '../reports/diagnosis.ts';
import { SCENARIOS } from '../scenarios/index.ts';

describe('a moved-while-pinned diagnosis', () => {
  it('prints addresses and heap words in hex, without the lock', async () => {
    const def = SCENARIOS.get('pin-concurrent')!;
    const r = await executeRun(def, resolveConfig(def.name, def.defaults, { mutators: 2, iterations: 1500, fault: ['move-pinned'] }));
    expect(r.diagnosis?.kind).toBe('forbidden-outcome');
    const d = r.diagnosis!;
    expect(d.message).toMatch(/\(expected 0x[0-9a-f]{6,8}, got 0x[0-9a-f]{6,8}\)/);
    expect(d.message).not.toMatch(/\b\d{5,}\b/); // no address in decimal
    const lines = diagnosisLines(d);
    expect(lines.find((l) => l.startsWith('first failure:'))).toMatch(/address (0x[0-9a-f]{6,8}), expected \1, actual 0x[0-9a-f]{6,8}:/);
    expect(lines.some((l) => l.startsWith('lock:'))).toBe(false);
  });
});
