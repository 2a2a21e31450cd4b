// GitHub Actions integration: error annotations on stdout and the job summary appended to
// $GITHUB_STEP_SUMMARY, both only when asked for.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderGithubAnnotations, writeReports } from '../reports/index.ts';
import { documentOf, failedRun, hungRun, passedRun, sampleDocument } from './fixtures/sample-results.ts';

describe('GitHub annotations', () => {
  it('emit one ::error line per run that did not pass, escaped as GitHub requires', () => {
    const out = renderGithubAnnotations(sampleDocument());
    const lines = out.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^::error title=pinstress [^:,\n\r]+::[^\n\r]+$/);
    expect(lines[0]).toContain('title=pinstress nested-init seed=42 hung::self-deadlock: collector waits on gc_mutex');
    expect(out).toContain('100%25 ');
    expect(out).toContain('%0Asecond line%0D%0A');
    expect(out).toContain('%0Arepro: npx pinstress repro --scenario nested-init');
  });

  it('escape the title as a property: colons and commas', () => {
    const r = { ...hungRun(), scenario: 'a:b,c%d' };
    expect(renderGithubAnnotations(documentOf([r]))).toMatch(/^::error title=pinstress a%3Ab%2Cc%25d seed=42 hung::/);
  });

  it('are empty when everything passed', () => {
    expect(renderGithubAnnotations(documentOf([passedRun()]))).toBe('');
  });
});

describe('writeReports for GitHub Actions', () => {
  let dir = '';
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('appends the summary to the step summary file and prints annotations', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinstress-gh-'));
    const summary = join(dir, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const doc = documentOf([passedRun(), failedRun()]);
    await writeReports(doc, join(dir, 'out'), { githubStepSummary: summary, githubActions: true });
    await writeReports(doc, join(dir, 'out'), { githubStepSummary: summary });
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n# pinstress results')).toBe(true);
    expect(text.match(/^# pinstress results$/gm)).toHaveLength(2);
    expect(writes.join('').match(/^::error /gm)).toHaveLength(1);
  });

  it('writes annotations where it is told to instead of stdout', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinstress-gh-'));
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const got: string[] = [];
    await writeReports(documentOf([hungRun()]), join(dir, 'out'), { githubActions: true, stdout: (t) => got.push(t) });
    expect(spy).not.toHaveBeenCalled();
    expect(got.join('')).toMatch(/^::error title=pinstress nested-init seed=42 hung::/);
  });

  it('prints nothing and touches no summary unless asked', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinstress-gh-'));
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await writeReports(documentOf([hungRun()]), join(dir, 'out'));
    expect(spy).not.toHaveBeenCalled();
  });
});
