// The report files are replaced as a set: never the new results.json beside an earlier run's
// gc.log, whatever fails midway; no temp file outlives the write; what a killed writer left
// behind is swept by the next one.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../harness/usage-error.ts';
import { REPORT_FILES, writeReports } from '../reports/index.ts';
import { documentOf, passedRun, sampleDocument } from './fixtures/sample-results.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, rename: vi.fn(real.rename), open: vi.fn(real.open) };
});

const { mkdir, mkdtemp, readdir, readFile, rm, writeFile } = fsp;
const rename = vi.mocked(fsp.rename);
const open = vi.mocked(fsp.open);

/** Fails the n-th call (1-based) of a mocked function, then behaves again. */
function failNth<T extends (...a: never[]) => unknown>(fn: ReturnType<typeof vi.mocked<T>>, n: number, real: T): void {
  let calls = 0;
  fn.mockImplementation(((...args: never[]) => {
    calls++;
    if (calls === n) return Promise.reject(Object.assign(new Error(`simulated failure at call ${n}`), { code: 'EIO' }));
    return real(...args);
  }) as never);
}

describe('the report set', () => {
  let dir = '';
  let real: typeof import('node:fs/promises');
  beforeEach(async () => {
    real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    dir = await mkdtemp(join(tmpdir(), 'pinstress-set-'));
    await Promise.all(REPORT_FILES.map((f) => writeFile(join(dir, f), `old ${f}`)));
  });
  afterEach(async () => {
    rename.mockReset().mockImplementation(real.rename);
    open.mockReset().mockImplementation(real.open);
    await rm(dir, { recursive: true, force: true });
  });

  const contents = async (): Promise<string[]> => Promise.all(REPORT_FILES.map((f) => readFile(join(dir, f), 'utf8')));

  it('replaces every file of an earlier set, leaving nothing else behind', async () => {
    await writeReports(documentOf([passedRun()]), dir);
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILES].sort());
    for (const c of await contents()) expect(c.startsWith('old ')).toBe(false);
  });

  it.each([1, 4, 6, 7, 9, 12])('puts the earlier set back whole when rename %i of 12 fails', async (n) => {
    failNth(rename, n, real.rename);
    await expect(writeReports(sampleDocument(), dir)).rejects.toThrow(/simulated failure|cannot write/);
    expect(await contents()).toEqual(REPORT_FILES.map((f) => `old ${f}`));
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILES].sort()); // no .tmp, no staging folder
  });

  it('keeps the earlier set and no temp file when writing a new file fails', async () => {
    failNth(open, 4, real.open);
    await expect(writeReports(sampleDocument(), dir)).rejects.toThrow();
    expect(await contents()).toEqual(REPORT_FILES.map((f) => `old ${f}`));
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('refuses, in one sentence and before touching anything, a folder where a report belongs', async () => {
    await rm(join(dir, 'gc.log'));
    await mkdir(join(dir, 'gc.log'));
    const err = await writeReports(sampleDocument(), dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^cannot replace .*gc\.log: it is not a file pinstress wrote\.$/);
    expect(await readFile(join(dir, 'results.json'), 'utf8')).toBe('old results.json');
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('sweeps what a killed writer left, and leaves a live writer\'s files alone', async () => {
    const dead = 99_999_999; // above any pid_max: no such process
    const orphanFile = join(dir, `.results.json.${dead}.0a1b2c3d4e5f.tmp`);
    const orphanDir = join(dir, `.pinstress-reports.${dead}.0a1b2c3d4e5f.tmp`);
    const live = join(dir, `.results.json.${process.ppid}.0a1b2c3d4e5f.tmp`);
    await writeFile(orphanFile, 'half');
    await mkdir(join(orphanDir, 'new'), { recursive: true });
    await writeFile(live, 'being written');
    await writeReports(documentOf([passedRun()]), dir);
    expect(existsSync(orphanFile)).toBe(false);
    expect(existsSync(orphanDir)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
