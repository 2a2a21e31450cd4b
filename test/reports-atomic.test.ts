// writeFileAtomic replaces one file atomically (a temp file in the same folder, synced, then
// renamed); writeReports renders everything before it touches the folder.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REPORT_FILES, writeFileAtomic, writeReports } from '../reports/index.ts';
import { documentOf, passedRun, sampleDocument } from './fixtures/sample-results.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, rename: vi.fn(real.rename) };
});

const { mkdtemp, readdir, readFile, rm, writeFile } = fsp;
const rename = vi.mocked(fsp.rename);

describe('atomic report writing', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinstress-atomic-'));
  });
  afterEach(async () => {
    rename.mockClear();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the folder and writes all six files, returning their paths', async () => {
    const out = join(dir, 'a', 'b');
    const paths = await writeReports(sampleDocument(), out);
    expect(paths).toEqual(REPORT_FILES.map((f) => join(out, f)));
    expect((await readdir(out)).sort()).toEqual([...REPORT_FILES].sort());
    for (const p of paths) expect((await readFile(p, 'utf8')).length).toBeGreaterThan(0);
  });

  it('renames a complete temp file from the same folder over the target', async () => {
    const target = join(dir, 'results.json');
    await writeFile(target, 'old');
    const data = 'new content '.repeat(100000);
    rename.mockImplementationOnce(async (from, to) => {
      expect(dirname(String(from))).toBe(dir);
      expect(to).toBe(target);
      expect(await readFile(from, 'utf8')).toBe(data); // whole before it becomes visible
      expect(await readFile(target, 'utf8')).toBe('old'); // the target untouched until now
      const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
      return real.rename(from, to);
    });
    await writeFileAtomic(target, data);
    expect(rename).toHaveBeenCalledTimes(1);
    expect(await readFile(target, 'utf8')).toBe(data);
    expect(await readdir(dir)).toEqual(['results.json']);
  });

  it('leaves the old file whole and no temp file when it fails before the rename', async () => {
    const paths = await writeReports(documentOf([passedRun()]), dir);
    const before = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    rename.mockRejectedValueOnce(Object.assign(new Error('simulated crash before rename'), { code: 'EIO' }));
    await expect(writeReports(sampleDocument(), dir)).rejects.toThrow('simulated crash before rename');
    expect(await readFile(paths[0], 'utf8')).toBe(before[0]);
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('writes nothing when a report cannot be rendered', async () => {
    const doc = sampleDocument();
    (doc.runs[0] as unknown as { cyclic: unknown }).cyclic = doc; // JSON.stringify throws
    await expect(writeReports(doc, join(dir, 'out'))).rejects.toThrow();
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
