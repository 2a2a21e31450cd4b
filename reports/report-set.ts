// The report files of one results document are replaced as a set: a reader never finds the new
// results.json beside an earlier run's gc.log. Every file is written into a staging folder inside
// the output folder first (same file system, so renames are atomic); then the old set is moved
// aside and the new one moved in. Should anything fail, the old set is moved back, and the
// staging folder is removed on every exit this process lives through; one left by a killed
// process is swept by the next writer (sweepOrphans).
import { lstat, mkdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../harness/usage-error.ts';
import { sweepOrphans, syncDir, tempName, trackTemp, writeFileSynced } from './atomic.ts';
import { makeDirs } from './output-path.ts';
import type { ReportText } from './text-builder.ts';

async function exists(path: string): Promise<boolean> {
  try {
    const s = await lstat(path);
    if (!s.isFile()) throw new UsageError(`cannot replace ${path}: it is not a file pinstress wrote.`);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Writes `files` (name -> content) into `dir` and removes every other name in `names` (the
 * names a report set may hold), as one replacement. Returns the paths written.
 */
export async function replaceReportSet(dir: string, files: Readonly<Record<string, ReportText>>, names: readonly string[]): Promise<string[]> {
  await makeDirs(dir);
  await sweepOrphans(dir);
  const staging = tempName(dir, 'pinstress-reports');
  const untrack = trackTemp(staging);
  const fresh = join(staging, 'new');
  const old = join(staging, 'old');
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    await mkdir(staging);
    await mkdir(fresh);
    await mkdir(old);
    // All at once: the files' flushes to disk overlap (a suite's set is tens of megabytes).
    await Promise.all(Object.entries(files).map(([name, data]) => writeFileSynced(join(fresh, name), data)));
    // Check every target before touching any: a folder where a report should be stops here.
    const present: string[] = [];
    for (const name of names) if (await exists(join(dir, name))) present.push(name);
    for (const name of present) {
      await rename(join(dir, name), join(old, name));
      moved.push(name);
    }
    for (const name of Object.keys(files)) {
      await rename(join(fresh, name), join(dir, name));
      placed.push(name);
    }
    await syncDir(dir);
  } catch (e) {
    // Put the old set back, as far as it goes; the error that stopped us is the one to report.
    for (const name of placed) await unlink(join(dir, name)).catch(() => undefined);
    for (const name of moved) await rename(join(old, name), join(dir, name)).catch(() => undefined);
    throw e;
  } finally {
    await rm(staging, { recursive: true, force: true });
    untrack();
  }
  return Object.keys(files).map((name) => join(dir, name));
}
