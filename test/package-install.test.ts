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
    // TypeScript ships only as declarations, and as the examples users read and run by path.
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('examples/'))).toEqual([]);
    expect(files).toContain('examples/pinned-io-buffers.ts');
    // What --runtime needs: the C ABI, the addon's source and its build and load scripts (built at
    // first use, no install script), and the example runtime; never a build of this machine's.
    for (const f of ['native/pinstress.h', 'native/addon/addon.c', 'native/addon/symbols.h', 'native/build.mjs', 'native/load.mjs', 'examples/native-runtime/runtime.c']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('native/build/'))).toEqual([]);
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
    expect(r.stdout).toMatch(/pin-gc-pressure\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
    const out = join(project.dir, 'pinstress-out');
    expect(readdirSync(out).sort()).toEqual(['gc.log', 'junit.xml', 'report.html', 'results.json', 'summary.md', 'trace.json']);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { tool: { version: string }; summary: { passed: number } };
    expect(doc.tool.version).toBe(project.version);
    expect(doc.summary.passed).toBe(1);
  }, 120_000);

  it('runs a scenario against a runtime library built from the shipped sources (the addon builds at first use)', async () => {
    const shipped = 'node_modules/pinstress';
    const b = await project.run('node', [`${shipped}/native/build.mjs`, `${shipped}/examples/native-runtime/runtime.c`, `${shipped}/examples/native-runtime/gc.c`, '-o', 'libexample.so']);
    expect(b.code, b.stderr).toBe(0);
    const r = await project.run('npx', ['pinstress', 'run', 'pin-gc-pressure', '--runtime', './libexample.so', '--no-reports'], { env: { CI: 'true' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pin-gc-pressure\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
  }, 120_000);

  it('runs the README\'s library example under vitest', async () => {
    project.write('test/pinning.test.ts', readmeLibraryExample());
    const r = await project.vitest(['run', 'test/pinning.test.ts'], { env: { NO_COLOR: '1' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+3 passed \(3\)/);
  }, 120_000);

  // A user's own scenarios: files in the user's project that import 'pinstress/scenario' from the
  // user's node_modules, one TypeScript (no build step of the user's) and one JavaScript.
  const userScenarios = ['pinned-io-buffers.ts', 'shared-pinned-table.mjs'];
  const copyExamples = (): void => {
    for (const f of userScenarios) project.write(`scenarios/${f}`, readFileSync(join(repoRoot, 'examples', f), 'utf8'));
  };

  it('runs the examples/ scenarios by path from the CLI, in a project of the user\'s', async () => {
    copyExamples();
    const r = await project.run('npx', ['pinstress', 'run', ...userScenarios.map((f) => `scenarios/${f}`), '--out', 'user-out'], { env: { CI: 'true' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pinned-io-buffers\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
    expect(r.stdout).toMatch(/shared-pinned-table\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
    const doc = JSON.parse(readFileSync(join(project.dir, 'user-out', 'results.json'), 'utf8')) as { runs: { scenarioFile?: string; repro: string }[] };
    expect(doc.runs[0].scenarioFile).toMatch(/^file:.*scenarios\/pinned-io-buffers\.ts$/);
    expect(doc.runs[0].repro).toMatch(/run \S*scenarios\/pinned-io-buffers\.ts --seed 1/);
  }, 120_000);

  it('runs the examples/ scenarios through the library, by path, mixed with a built-in name', async () => {
    copyExamples();
    project.write('test/user-scenarios.test.ts', [
      "import { expect, it } from 'vitest';",
      "import { runScenario, runSuite } from 'pinstress';",
      "it('by path', async () => {",
      "  const r = await runScenario({ scenario: './scenarios/pinned-io-buffers.ts', iterations: 200 });",
      "  expect(r.status).toBe('passed');",
      '}, 60_000);',
      "it('in a suite', async () => {",
      "  const doc = await runSuite({ scenarios: ['pin-gc-pressure', './scenarios/shared-pinned-table.mjs'], overrides: { iterations: 300 } });",
      "  expect(doc.runs.map((r) => `${r.scenario} ${r.status}`)).toEqual(['pin-gc-pressure passed', 'shared-pinned-table passed']);",
      '}, 60_000);',
      '',
    ].join('\n'));
    const r = await project.vitest(['run', 'test/user-scenarios.test.ts'], { env: { NO_COLOR: '1' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+2 passed \(2\)/);
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
