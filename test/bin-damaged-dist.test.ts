// A damaged or missing dist/ gets one sentence saying how to recover and exit 2 from the bin,
// never a SyntaxError stack trace (a Ctrl-C during the old in-place build left a 0-byte module).
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, removeProject, runNode } from './project-copy.ts';

let dir = '';
afterEach(() => removeProject(dir));

const bin = ['bin/pinstress.js', 'list'];

function expectOneSentence(r: { code: number | null; stdout: string; stderr: string }, sentence: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${sentence}\n`);
}

describe('bin/pinstress.js with a damaged dist/', () => {
  it('runs a complete copy (the control case)', async () => {
    dir = copyProject();
    const r = await runNode(dir, ['bin/pinstress.js', '--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('names a 0-byte module', async () => {
    dir = copyProject();
    const size = readFileSync(join(dir, 'dist/reports/occupancy.js')).length;
    writeFileSync(join(dir, 'dist/reports/occupancy.js'), '');
    expectOneSentence(await runNode(dir, bin), `pinstress: the built files in dist/ are incomplete (dist/reports/occupancy.js has 0 bytes, not ${size}); run \`npm run build\`.`);
  });

  it('names a truncated module (it would be a SyntaxError)', async () => {
    dir = copyProject();
    const file = join(dir, 'dist/cli/program.js');
    const size = readFileSync(file).length;
    truncateSync(file, Math.floor(size / 2));
    expectOneSentence(await runNode(dir, bin), `pinstress: the built files in dist/ are incomplete (dist/cli/program.js has ${Math.floor(size / 2)} bytes, not ${size}); run \`npm run build\`.`);
  });

  it('names a missing module', async () => {
    dir = copyProject();
    rmSync(join(dir, 'dist/harness/worker/entry.js'));
    expectOneSentence(await runNode(dir, bin), 'pinstress: the built files in dist/ are incomplete (dist/harness/worker/entry.js is missing); run `npm run build`.');
  });

  it('names a damaged manifest', async () => {
    dir = copyProject();
    writeFileSync(join(dir, 'dist/build-manifest.json'), '{"sources": "ab');
    expectOneSentence(await runNode(dir, bin), 'pinstress: the built files in dist/ are incomplete (dist/build-manifest.json is unreadable); run `npm run build`.');
  });

  it('says how to build a dist/ that was never built', async () => {
    dir = copyProject();
    rmSync(join(dir, 'dist'), { recursive: true });
    expectOneSentence(await runNode(dir, bin), 'pinstress: dist/ has not been built; run `npm run build` (npm start and npm test build it for you).');
  });

  it('tells an installed package (no build script) to reinstall', async () => {
    dir = copyProject({ clone: false });
    writeFileSync(join(dir, 'dist/index.js'), '');
    expect((await runNode(dir, bin)).stderr).toMatch(/^pinstress: the built files in dist\/ are incomplete \(dist\/index\.js has 0 bytes, not \d+\); reinstall pinstress\.\n$/);
  });
});
