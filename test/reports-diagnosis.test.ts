// A run that did not pass carries its diagnosis into every one of the six files, escaped the
// way each format needs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReports } from '../reports/index.ts';
import { documentOf, hungRun, kDistinctive, passedRun } from './fixtures/sample-results.ts';

describe('the diagnosis of a hung run', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is in every report file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinstress-diag-'));
    const paths = await writeReports(documentOf([passedRun(), hungRun()]), dir);
    expect(paths).toHaveLength(6);
    for (const p of paths) {
      const text = await readFile(p, 'utf8');
      expect(text, basename(p)).toContain(kDistinctive);
      // The lock and the path of the cycle travel with it, each in its format's escaping.
      expect(text, basename(p)).toContain('gc_mutex');
      expect(text, basename(p)).toMatch(/EvacuationAllocator\(\)/);
    }
    const json = await readFile(join(dir, 'results.json'), 'utf8');
    expect(json).toContain(JSON.stringify(hungRun().diagnosis!.message).slice(1, -1));
    const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toContain(`${kDistinctive}. Nasty: a&lt;b &amp; c&gt;d`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`${kDistinctive}. Nasty: a&lt;b &amp; c&gt;d &quot;dq&quot;`);
    const trace = JSON.parse(await readFile(join(dir, 'trace.json'), 'utf8'));
    expect(JSON.stringify(trace.traceEvents.filter((e: { cat?: string }) => e.cat === 'diagnosis'))).toContain(kDistinctive);
  });
});
