// Atomic file replacement: readers (a CI uploader, a second shard merging reports) see either
// the old file or the whole new one, never a torn write. Temp files live beside their target and
// carry the writer's pid, so that what a killed writer left behind can be told from what a
// live one is still writing, and swept by the next writer.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { rmSync } from 'node:fs';

/** A temp name in `dir` that names this process: `.<stem>.<pid>.<hex>.tmp`. */
export function tempName(dir: string, stem: string): string {
  return join(dir, `.${stem}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Temp paths this process is writing now: what a hard exit (a second Ctrl-C) must remove first. */
const inFlight = new Set<string>();
export function trackTemp(path: string): () => void {
  inFlight.add(path);
  return () => { inFlight.delete(path); };
}

/** Remove every temp path still being written, synchronously: called just before process.exit. */
export function discardTempsNow(): void {
  for (const p of inFlight) rmSync(p, { recursive: true, force: true });
  inFlight.clear();
}

const kTempPattern = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Removes the temp files and folders in `dir` whose writer is no longer running. */
export async function sweepOrphans(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = kTempPattern.exec(n);
    if (m && Number(m[2]) !== process.pid && !alive(Number(m[2]))) await rm(join(dir, n), { recursive: true, force: true });
  }
}

export async function writeFileSynced(path: string, data: string | readonly Uint8Array[]): Promise<void> {
  const fh = await open(path, 'wx', 0o644);
  try {
    // writeFile on a handle writes from its current position: the chunks follow one another.
    if (typeof data === 'string') await fh.writeFile(data, 'utf8');
    else for (const chunk of data) await fh.writeFile(chunk);
    await fh.sync(); // the data must be on disk before a rename makes it visible
  } finally {
    await fh.close();
  }
}

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  await sweepOrphans(dir);
  // Same folder as the target: rename(2) is atomic only within one file system.
  const tmp = tempName(dir, basename(path));
  const untrack = trackTemp(tmp);
  try {
    await writeFileSynced(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    untrack();
  }
  await syncDir(dir);
}

/** Makes renames in `dir` durable; best effort, since not every platform can fsync a folder. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a directory; the rename is still atomic there.
  }
}
