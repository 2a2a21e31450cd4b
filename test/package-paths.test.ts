// pinstress finds its own package from its own location, whatever project surrounds it: the
// version and the modules workers load never come from a user's package.json or dist/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, packageVersion, runnableModule, workerEntry } from '../harness/paths.ts';

const repo = resolve(import.meta.dirname, '..');
const user = mkdtempSync(join(tmpdir(), 'pinstress-paths-'));
afterAll(() => rmSync(user, { recursive: true, force: true }));

describe('harness/paths', () => {
  it('the package root is the folder of pinstress\'s package.json', () => {
    expect(packageRoot).toBe(repo);
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(pkg.name).toBe('pinstress');
    expect(packageVersion()).toBe(pkg.version);
  });

  it('maps pinstress\'s own sources to dist/', () => {
    expect(runnableModule(pathToFileURL(join(repo, 'scenarios/pin-concurrent.ts')).href)).toBe(pathToFileURL(join(repo, 'dist/scenarios/pin-concurrent.js')).href);
    expect(workerEntry()).toBe(pathToFileURL(join(repo, 'dist/harness/worker/entry.js')).href);
  });

  it('leaves built files, data: URLs and modules outside pinstress as they are', () => {
    // A user's project with its own package.json, tsconfig.json and dist/: the old search upwards
    // for package.json + tsconfig.json took it for pinstress and mapped into its dist/.
    writeFileSync(join(user, 'package.json'), '{"name":"user","version":"9.9.9"}');
    writeFileSync(join(user, 'tsconfig.json'), '{}');
    mkdirSync(join(user, 'dist'));
    writeFileSync(join(user, 'dist', 'mine.js'), '');
    const mine = pathToFileURL(join(user, 'mine.ts')).href;
    expect(runnableModule(mine)).toBe(mine);
    const built = pathToFileURL(join(repo, 'dist/scenarios/pin-concurrent.js')).href;
    expect(runnableModule(built)).toBe(built);
    expect(runnableModule('data:text/javascript,export{}')).toBe('data:text/javascript,export{}');
  });
});
