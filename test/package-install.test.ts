// The packed package works in a user's project as well as a clone does: one `npm pack` and one
// install (test/packed-project.ts) shared by every case. The project has its own package.json
// (version 9.9.9) and tsconfig.json, so a path or version resolved from the user's project shows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kUserVersion, type PackedProject, packedProject, repoRoot } from './packed-project.ts';

let project: PackedProject;

beforeAll(async () => {
  project = await packedProject();
}, 180_000);

afterAll(() => project?.remove());

/** The README's library example: the fenced block that starts with `// test/pinning.test.ts`. */
function readmeLibraryExample(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const m = /```ts\n(\/\/ test\/pinning\.test\.ts\n[\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no ```ts block starting with `// test/pinning.test.ts`');
  return m[1] as string;
}

describe('the packed package', () => {
  it('ships what users need and nothing they do not', () => {
    const files = project.files;
    for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/pinstress.js', 'bin/check-dist.js', 'dist/index.js', 'dist/index.d.ts', 'dist/main.js', 'dist/harness/worker/entry.js', 'dist/build-manifest.json', 'ci/github-actions.yml', 'ci/baseline.json', 'reports/results.schema.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^dist\/(bench|test)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('scripts/'))).toEqual([]);
    expect(readFileSync(join(project.dir, 'node_modules/pinstress/LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const installed = join(project.dir, 'node_modules/pinstress');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string> };
    expect(pkg.license).toBe('MIT');
    // npm 11 warns every installer about install scripts (prepare was one).
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
    expect(project.install.stdout + project.install.stderr).not.toMatch(/install-scripts/);
    // No JavaScript points at a source map (none is shipped, so none may be referenced).
    const js = (readdirSync(join(installed, 'dist'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(50);
    expect(js.filter((f) => readFileSync(join(installed, 'dist', f), 'utf8').includes('sourceMappingURL'))).toEqual([]);
  });

  it('npx pinstress --version prints pinstress\'s version, not the project\'s', async () => {
    const r = await project.run('npx', ['pinstress', '--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(project.version);
    expect(project.version).not.toBe(kUserVersion);
  });

  it('npx pinstress run pin-gc-pressure passes and writes the reports', async () => {
    const r = await project.run('npx', ['pinstress', 'run', 'pin-gc-pressure'], { env: { CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pin-gc-pressure\s+1\s+in-place\s+passed/);
    const out = join(project.dir, 'pinstress-out');
    expect(readdirSync(out).sort()).toEqual(['gc.log', 'junit.xml', 'report.html', 'results.json', 'summary.md', 'trace.json']);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { tool: { version: string }; summary: { passed: number } };
    expect(doc.tool.version).toBe(project.version);
    expect(doc.summary.passed).toBe(1);
  }, 120_000);

  it('runs the README\'s library example under vitest', async () => {
    project.write('test/pinning.test.ts', readmeLibraryExample());
    const r = await project.vitest(['run', 'test/pinning.test.ts'], { env: { NO_COLOR: '1' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+3 passed \(3\)/);
  }, 120_000);

  it('type-checks the README\'s library example against the shipped declarations', async () => {
    project.write('test/pinning.test.ts', readmeLibraryExample());
    // If the declarations did not resolve, every type would be `any` and the example would pass
    // vacuously; this line fails to compile only while RunResult['status'] is a real union.
    project.write('test/types-are-real.ts', "import type { RunResult } from 'pinstress';\n// @ts-expect-error not a status\nexport const s: RunResult['status'] = 'nonsense';\n");
    const r = await project.tsc(['-p', 'tsconfig.json']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
