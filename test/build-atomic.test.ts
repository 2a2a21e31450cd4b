// An interrupted or failed build leaves the previous complete dist/: scripts/build.mjs compiles into
// .dist-new-<pid>/ and swaps it in only when tsc succeeds. (The old in-place build, interrupted by
// Ctrl-C, left a 0-byte module that broke every later command.)
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDist } from '../bin/check-dist.js';
import { buildFolders, copyProject, distSnapshot, removeProject, startNode, waitFor } from './project-copy.ts';

let dir = '';
afterEach(() => removeProject(dir));

/** A pid that no process has now (a process that has exited). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

/** The build ran in its own process group (pgid = its pid): tsc must not outlive it. */
function expectNoProcessLeft(pgid: number): void {
  expect(() => process.kill(-pgid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
}

/** Starts a build after a source change and returns once tsc is writing into its folder. */
async function buildUntilEmitting(): Promise<{ pid: number; done: ReturnType<typeof startNode>['done'] }> {
  appendFileSync(join(dir, 'runtime/errors.ts'), '\n// changed\n');
  const b = startNode(dir, ['scripts/build.mjs']);
  const emitting = (): boolean => buildFolders(dir).some((f) => f.startsWith('.dist-new-') && readdirSync(join(dir, f), { recursive: true }).length > 0);
  await waitFor('tsc to write its first file', emitting);
  return b;
}

describe('an interrupted or failed build', () => {
  it('Ctrl-C (SIGINT to the process group) while tsc writes leaves the old dist/ and no temporary folder', async () => {
    // Only runtime/ is built: tsc starts writing in half the time.
    dir = copyProject({ buildOnly: ['runtime'] });
    // A build killed outright earlier left its folder: the next build removes it.
    mkdirSync(join(dir, `.dist-new-${deadPid()}`));
    const before = distSnapshot(dir);
    const b = await buildUntilEmitting();
    process.kill(-b.pid, 'SIGINT');
    const r = await b.done;
    expect(r.code).toBe(130);
    expectNoProcessLeft(b.pid);
    expect(r.stderr).toMatch(/building dist\/ \(the sources changed\)/);
    expect(distSnapshot(dir)).toEqual(before);
    expect(checkDist(join(dir, 'dist'))).toBeUndefined();
    expect(buildFolders(dir)).toEqual([]);
  }, 120_000);

  it('SIGTERM to the build script alone (tsc not signalled) ends tsc too and leaves the old dist/', async () => {
    dir = copyProject();
    const before = distSnapshot(dir);
    appendFileSync(join(dir, 'harness/paths.ts'), '\n// changed\n');
    const b = startNode(dir, ['scripts/build.mjs']);
    await waitFor('the build to start tsc', () => b.stderrSoFar().includes('building dist/'));
    process.kill(b.pid, 'SIGTERM');
    const r = await b.done;
    expect(r.code).toBe(143);
    expectNoProcessLeft(b.pid);
    expect(distSnapshot(dir)).toEqual(before);
    expect(buildFolders(dir)).toEqual([]);
  }, 120_000);

  it('a type error (tsc emits, then fails) leaves the old dist/', async () => {
    // Only runtime/ is built (half as long); the type error is in it.
    dir = copyProject({ buildOnly: ['runtime'] });
    const before = distSnapshot(dir);
    appendFileSync(join(dir, 'runtime/errors.ts'), '\nexport const broken: number = "not a number";\n');
    const r = await startNode(dir, ['scripts/build.mjs']).done;
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/runtime\/errors\.ts.*error TS2322/);
    expect(r.stderr).toMatch(/pinstress: tsc failed \(exit \d\); dist\/ is unchanged/);
    expect(distSnapshot(dir)).toEqual(before);
    expect(buildFolders(dir)).toEqual([]);
    expect(existsSync(join(dir, 'dist/main.js'))).toBe(true);
  }, 120_000);
});
