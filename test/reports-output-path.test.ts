// Output paths are checked before anything runs, each problem in one sentence: a file where a
// folder should be, a file on the way, a place where no folder can be made (/proc, where Node's
// recursive mkdir never returns), a read-only folder. Root ignores folder permissions, so the
// read-only cases run only for other users.
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir, checkOutputFile, makeDirs } from '../reports/output-path.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { usageMessage } from './fixtures/ci-usage.ts';

const root = process.getuid?.() === 0;
const tmp = useTempDir('output-path');

describe('checkOutputDir', () => {
  it('accepts a folder that exists or can be made, and leaves nothing behind', async () => {
    await checkOutputDir(tmp.path('new', 'deeper'));
    await checkOutputDir(tmp.path());
    expect(await readdir(tmp.path())).toEqual([]); // the probe is gone, nothing was created
  });

  it('refuses a file, and a path under a file', async () => {
    const file = await tmp.write('a-file', 'x');
    expect(await usageMessage(() => checkOutputDir(file))).toBe(`--out ${file} is a file, not a folder; name a folder for the reports.`);
    expect(await usageMessage(() => checkOutputDir(join(file, 'sub', 'dir')))).toBe(`--out ${join(file, 'sub', 'dir')} cannot be written: ${file} is a file.`);
  });

  it('refuses /proc/x at once instead of looping', async () => {
    expect(await usageMessage(() => checkOutputDir('/proc/x'))).toMatch(/^--out \/proc\/x cannot be written: no folder can be made in \/proc \(.+\)\.$/);
    expect(await usageMessage(() => makeDirs('/proc/x/y'))).toMatch(/^cannot create the folder \/proc\/x: .+\.$/);
  });

  it.skipIf(root)('refuses a read-only folder and a read-only working folder (not as root)', async () => {
    const ro = tmp.path('ro');
    await mkdir(ro);
    await chmod(ro, 0o555);
    try {
      expect(await usageMessage(() => checkOutputDir(ro))).toMatch(/cannot be written: no folder can be made in .*ro \(permission denied\)\.$/);
      const cwd = process.cwd();
      process.chdir(ro);
      try {
        expect(await usageMessage(() => checkOutputDir('pinstress-out'))).toMatch(/^--out pinstress-out cannot be written/);
      } finally {
        process.chdir(cwd);
      }
    } finally {
      await chmod(ro, 0o755);
    }
  });
});

describe('checkOutputFile', () => {
  it('refuses a folder, and checks the folder the file goes in', async () => {
    expect(await usageMessage(() => checkOutputFile(tmp.path()))).toMatch(/is a folder, not a file; name the file to write\.$/);
    const file = await tmp.write('b-file', 'x');
    expect(await usageMessage(() => checkOutputFile(join(file, 'baseline.json')))).toMatch(/cannot be written: .*b-file is a file\.$/);
    await checkOutputFile(tmp.path('ci', 'baseline.json'));
    await writeFile(tmp.path('exists.json'), '{}');
    await checkOutputFile(tmp.path('exists.json'));
  });
});
