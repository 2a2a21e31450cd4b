// A throwaway copy of this repository (sources, build script, bin, a complete dist/) in a temporary
// folder, for tests that damage dist/ or interrupt a build. node_modules is linked, not copied.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');

// What scripts/build.mjs reads, plus what the bin runs.
const kCopied = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts', 'bin', 'index.ts', 'main.ts', 'cli', 'runtime', 'harness', 'scenarios', 'reports', 'ci', 'bench', 'dist'];

export type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

// The repository's own build is brought up to date once per worker (test files share one's modules).
let built = false;

/**
 * Copies the repository into a new temporary folder and returns it. dist/ is brought up to date
 * in the repository first (a no-op after `npm test`'s pretest), so the copy starts complete and
 * current. `clone: false` leaves out scripts/ and the sources, as in an installed package.
 * `buildOnly` narrows the copy's tsconfig.build.json to those folders, for tests that need a
 * build to finish but not the whole project's (runtime/ alone compiles in about half the time);
 * the copy's dist/ is then out of date with its inputs.
 */
export function copyProject({ clone = true, buildOnly }: { clone?: boolean; buildOnly?: string[] } = {}): string {
  if (!built) {
    const build = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}${build.stdout}`);
    built = true;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pinstress-copy-'));
  const parts = clone ? kCopied : ['package.json', 'bin', 'dist'];
  for (const p of parts) cpSync(join(repoRoot, p), join(dir, p), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (buildOnly) {
    const config = JSON.parse(readFileSync(join(dir, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify({ ...config, include: buildOnly }));
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs node with `args` in `dir` (its own process group, so a signal can reach its children). */
export function startNode(dir: string, args: string[]): { pid: number; done: Promise<Finished>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Finished>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid as number, done, stderrSoFar: () => stderr };
}

export function runNode(dir: string, args: string[]): Promise<Finished> {
  return startNode(dir, args).done;
}

/** dist/ as path -> content hash, to show that a build left it untouched. */
export function distSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const p = join(f.parentPath, f.name);
    out[relative(dir, p)] = createHash('sha1').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/** The temporary folders of builds (.dist-new-<pid>, .dist-old-<pid>) in `dir`. */
export function buildFolders(dir: string): string[] {
  return readdirSync(dir).filter((e) => e.startsWith('.dist-'));
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
