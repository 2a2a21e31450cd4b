// `npm start`, `npm test`, `npm run bench|soak|build` and `npm pack` run scripts/build.mjs, which
// compiles only when the build's inputs changed (a content hash recorded in
// dist/build-manifest.json) or dist/ is damaged; otherwise it returns at once, silently.
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDist } from '../bin/check-dist.js';
import { buildFolders, copyProject, type Finished, removeProject, runNode, startNode, waitFor } from './project-copy.ts';

let dir = '';
afterEach(() => removeProject(dir));

const build = (): Promise<Finished> => runNode(dir, ['scripts/build.mjs']);
const manifest = (): { sources: string; files: Record<string, number> } => JSON.parse(readFileSync(join(dir, 'dist/build-manifest.json'), 'utf8'));

/** Starts a build, returns the reason it gives, and stops it (the reason is all these cases need). */
async function buildReason(flags: string[] = []): Promise<string> {
  const b = startNode(dir, ['scripts/build.mjs', ...flags]);
  await waitFor('the build to say why it builds', () => b.stderrSoFar().includes('\n'));
  process.kill(-b.pid, 'SIGINT');
  const r = await b.done;
  return r.stderr.split('\n')[0] as string;
}

describe('building only when needed', () => {
  it('does nothing, silently, when dist/ is current; new mtimes and test edits change nothing', async () => {
    dir = copyProject();
    const stamp = statSync(join(dir, 'dist/build-manifest.json')).mtimeMs;
    expect(await build()).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // git sets mtimes on checkout: content decides, not time.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'harness/run.ts'), later, later);
    // Tests are not built into dist/.
    writeFileSync(join(dir, 'test-only.test.ts'), '// not in tsconfig.build.json\n');
    expect(await build()).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(statSync(join(dir, 'dist/build-manifest.json')).mtimeMs).toBe(stamp);
  });

  it('rebuilds after a change and records the new inputs; the next call does nothing', async () => {
    // The change: a tsconfig.build.json narrowed to runtime/ (a build half as long as the whole).
    dir = copyProject({ buildOnly: ['runtime'] });
    const old = manifest().sources;
    appendFileSync(join(dir, 'runtime/errors.ts'), '\nexport const kProbe = 42;\n');
    const r = await build();
    expect(r.code, r.stdout).toBe(0);
    expect(r.stderr).toMatch(/^pinstress: building dist\/ \(the sources changed\)\npinstress: built dist\/ in \d+\.\d s\n$/);
    expect(readFileSync(join(dir, 'dist/runtime/errors.js'), 'utf8')).toContain('kProbe = 42');
    // The whole folder was replaced: nothing of the previous build is left beside the new one.
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['build-manifest.json', 'runtime']);
    expect(manifest().sources).not.toBe(old);
    expect(checkDist(join(dir, 'dist'), { notShipped: true })).toBeUndefined();
    expect(buildFolders(dir)).toEqual([]);
    expect(await build()).toMatchObject({ code: 0, stderr: '' });
  }, 120_000);

  it('rebuilds a damaged dist/ although the sources did not change', async () => {
    dir = copyProject();
    const size = manifest().files['reports/occupancy.js'];
    truncateSync(join(dir, 'dist/reports/occupancy.js'), 0);
    expect(await buildReason()).toBe(`pinstress: building dist/ (dist/ is incomplete: dist/reports/occupancy.js has 0 bytes, not ${size})`);
  });

  it('rebuilds when a benchmark module is damaged (built, though not shipped in the package)', async () => {
    dir = copyProject();
    rmSync(join(dir, 'dist/bench/main.js'));
    expect(await buildReason()).toBe('pinstress: building dist/ (dist/ is incomplete: dist/bench/main.js is missing)');
  });

  it('rebuilds when the tsconfig or the build script changed', async () => {
    dir = copyProject();
    appendFileSync(join(dir, 'tsconfig.json'), '\n');
    expect(await buildReason()).toBe('pinstress: building dist/ (the sources changed)');
    removeProject(dir);
    dir = copyProject();
    appendFileSync(join(dir, 'scripts/build.mjs'), '\n');
    expect(await buildReason()).toBe('pinstress: building dist/ (the sources changed)');
  });

  it('npm start checks in its own process (scripts/start.mjs): runs the CLI when current, builds first when not', async () => {
    dir = copyProject();
    expect(await runNode(dir, ['scripts/start.mjs', '--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const size = manifest().files['reports/occupancy.js'];
    truncateSync(join(dir, 'dist/reports/occupancy.js'), 0);
    const b = startNode(dir, ['scripts/start.mjs', '--version']);
    await waitFor('the build to say why it builds', () => b.stderrSoFar().includes('\n'));
    process.kill(-b.pid, 'SIGINT');
    const r = await b.done;
    expect(r.stderr.split('\n')[0]).toBe(`pinstress: building dist/ (dist/ is incomplete: dist/reports/occupancy.js has 0 bytes, not ${size})`);
    // Interrupted: the CLI never ran, and the exit code is the signal's.
    expect(r).toMatchObject({ code: 130, stdout: '' });
    expect(buildFolders(dir)).toEqual([]);
  });

  it('--force builds anyway', async () => {
    dir = copyProject();
    expect(await buildReason(['--force'])).toBe('pinstress: building dist/ (forced)');
  });
});
