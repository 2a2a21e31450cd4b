// Writing a file so that a reader sees the old content or the new, never half of it: a crash
// or Ctrl-C during a long baseline must not leave a truncated ci/baseline.json behind.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../harness/usage-error.ts';
import { oneLine } from './json-file.ts';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  // Same directory as the target: rename is only atomic within one file system.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UsageError(`Cannot write ${path}: ${oneLine((err as Error).message)}.`);
  }
}
