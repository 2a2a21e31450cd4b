// Output paths are checked before anything runs: a suite that takes minutes must not end in a
// stack trace because --out names a file, sits under a file, or points where nothing can be
// written. Each problem is one sentence (UsageError, exit 2).
//
// The check creates and removes a probe folder where the output will go, rather than asking
// access(2): root passes access() on a read-only folder, and /proc answers mkdir with ENOENT
// for a parent that exists (which sends Node's recursive mkdir into an endless loop).
import { randomBytes } from 'node:crypto';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../harness/usage-error.ts';

const kWhy: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the system does not allow folders there',
  ENOTDIR: 'a part of the path is a file',
  ENOSPC: 'the disk is full',
  EEXIST: 'something else appeared there',
};

/** A file-system error as the end of a sentence: "permission denied". */
export function fsProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return kWhy[code] ?? ((e as Error).message || code).replace(/\s+/g, ' ').replace(/[.\s]+$/, '');
}

async function kindOf(path: string): Promise<'dir' | 'file' | 'none'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'none';
    if (code === 'ENOTDIR') return 'file'; // a part of the path is a file; found below
    throw e;
  }
}

/** The deepest existing folder on the way to `path`, or the file that blocks the way. */
async function nearestExisting(path: string): Promise<{ dir: string } | { file: string }> {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  let dir = chain[0];
  for (const p of chain) {
    const k = await kindOf(p);
    if (k === 'none') break;
    if (k === 'file') return { file: p };
    dir = p;
  }
  return { dir };
}

/** Proves that a folder can be made in `dir` by making one and removing it. */
async function probe(dir: string): Promise<void> {
  const p = join(dir, `.pinstress-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(p);
  await rmdir(p);
}

/** Where `dir` (the output folder, or the folder of the output file) would be made or written. */
async function checkFolder(dir: string, path: string, flag: string): Promise<void> {
  const at = await nearestExisting(dir);
  if ('file' in at) throw new UsageError(`${flag} ${path} cannot be written: ${at.file} is a file.`);
  try {
    await probe(at.dir);
  } catch (e) {
    throw new UsageError(`${flag} ${path} cannot be written: no folder can be made in ${at.dir} (${fsProblem(e)}).`);
  }
}

/** Checks that reports can be written into folder `path` (created if need be); `flag` names it. */
export async function checkOutputDir(path: string, flag = '--out'): Promise<void> {
  if (path.trim() === '') throw new UsageError(`${flag} needs a folder name.`);
  const at = await nearestExisting(path);
  if ('file' in at && at.file === resolve(path)) throw new UsageError(`${flag} ${path} is a file, not a folder; name a folder for the reports.`);
  await checkFolder(path, path, flag);
}

/** Checks that file `path` can be written (its folder created if need be); `flag` names it. */
export async function checkOutputFile(path: string, flag = '--out'): Promise<void> {
  if (path.trim() === '') throw new UsageError(`${flag} needs a file name.`);
  if ((await kindOf(path)) === 'dir') throw new UsageError(`${flag} ${path} is a folder, not a file; name the file to write.`);
  await checkFolder(dirname(resolve(path)), path, flag);
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns on some paths (/proc/x)
 * and its errors name no path a user typed.
 */
export async function makeDirs(path: string): Promise<void> {
  const missing: string[] = [];
  let p = resolve(path);
  while ((await kindOf(p)) === 'none' && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
  }
  for (const m of missing) {
    try {
      await mkdir(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot create the folder ${m}: ${fsProblem(e)}.`);
    }
  }
}
