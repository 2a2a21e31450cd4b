// Users' own scenarios: a file anywhere on disk (TypeScript or JavaScript) runs by path from the
// CLI and the library, results.json records where it came from, and repro runs it again. A broken
// file is one sentence naming it, exit 2, before any run; a program that throws while running is a
// crashed run with the user's own stack.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';
import { runScenario, runSuite } from '../index.ts';

const examples = resolve(import.meta.dirname, '..', 'examples');
const dir = mkdtempSync(join(tmpdir(), 'pinstress-user-'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: process.stderr });
  return { code, out, err };
}

/** A scenario file of the user's; plain objects need no import, so it loads from any folder. */
function userFile(name: string, body: string): string {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
}

describe('user scenarios', () => {
  it('run by path from the CLI (TypeScript with no build step), recorded with their file, and repro runs them again', async () => {
    const out = join(dir, 'out');
    const r = await cli('run', join(examples, 'pinned-io-buffers.ts'), '--iterations', '200', '--out', out, '--quiet');
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.runs[0].scenarioFile).toMatch(/examples\/pinned-io-buffers\.ts$/);
    expect(doc.runs[0].repro).toContain('examples/pinned-io-buffers.ts');
    const again = await cli('repro', join(out, 'results.json'), '--index', '0');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('reproduced');
  });

  it('run through the library by path and as a definition, mixed with built-in names', async () => {
    const r = await runScenario({ scenario: join(examples, 'shared-pinned-table.mjs'), iterations: 300 });
    expect(r.status, r.diagnosis?.message).toBe('passed');
    const { default: def } = await import('../examples/pinned-io-buffers.ts');
    const doc = await runSuite({ scenarios: ['pin-gc-pressure', def], overrides: { iterations: 300 } });
    expect(doc.runs.map((x) => `${x.scenario} ${x.status}`)).toEqual(['pin-gc-pressure passed', 'pinned-io-buffers passed']);
  });

  const broken: [string, string, RegExp][] = [
    ['a file that does not exist', join(dir, 'nope.ts'), /scenario file .*nope\.ts does not exist/],
    ['a file that does not load', userFile('syntax.mjs', 'export const = ;'), /scenario file .*syntax\.mjs does not load: /],
    ['a file with no definition', userFile('empty.mjs', 'export const x = 1;\n'), /scenario file .*empty\.mjs has no scenario: it exports no value made with defineScenario/],
    ['a definition without a program', userFile('noprog.mjs', "export default { name: 'np', summary: 's' };\n"), /has no scenario: scenario np has no program\(ctx\) function/],
    ['bad defaults', userFile('baddefaults.mjs', "export default { name: 'bd', summary: 's', defaults: { mutators: 0 }, program() {} };\n"), /scenario bd: mutators must be at least 1/],
    ['a built-in\'s name', userFile('clash.mjs', "export default { name: 'pin-concurrent', summary: 's', program() {} };\n"), /scenario file .*clash\.mjs defines "pin-concurrent", the name of a built-in scenario; give it a name of its own\./],
  ];
  for (const [what, file, re] of broken) {
    it(`${what}: one sentence naming it, exit 2, no run`, async () => {
      const r = await cli('run', file, '--no-reports', '--quiet');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    });
  }

  it('a file that does not load is named with where it broke, as the installed command says it (outside vitest\'s own loader)', () => {
    const js = userFile('broken.mjs', 'export const x = 1;\nexport const = ;\n');
    const ts = userFile('broken.ts', 'export const x: number = 1;\nexport const = ;\n');
    for (const [file, re] of [[js, /does not load: Unexpected token '=' \(at \S*broken\.mjs:2\)\.$/], [ts, /does not load: .*Unexpected token \(at \S*broken\.ts:2:13\)\.$/]] as const) {
      const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '..', 'bin', 'pinstress.js'), 'run', file, '--no-reports'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(re);
    }
  });

  it('a config file names its scenario file relative to its own folder, not to where pinstress runs', async () => {
    const sub = join(dir, 'project');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'mine.mjs'), [
      "export default { name: 'mine', summary: 's', defaults: { mutators: 2, iterations: 100 }, program(ctx) {",
      '  const keep = ctx.alloc(32);',
      '  for (let i = 0; i < ctx.iterations; i++) { ctx.release(ctx.alloc(32)); if (i % 20 === 0) ctx.collect(); ctx.safepoint(); ctx.progress(i); }',
      '  ctx.release(keep);',
      '} };',
      '',
    ].join('\n'));
    writeFileSync(join(sub, 'pinstress.json'), JSON.stringify({ scenario: './mine.mjs', iterations: 80 }));
    const r = await cli('run', '--config', join(sub, 'pinstress.json'), '--no-reports', '--quiet');
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/\bmine\s+1\s+in-place/);
  });

  it('a program that throws while running is a crashed run with the user\'s stack', async () => {
    const file = userFile('throws.mjs', [
      "export default { name: 'thrower', summary: 's', defaults: { mutators: 2, iterations: 50 }, program(ctx) {",
      '  for (let i = 0; i < ctx.iterations; i++) { if (i === 20) userBug(); ctx.allocGarbage(16); ctx.progress(i); }',
      '} };',
      'function userBug() { throw new RangeError("the user\'s own bug"); }',
      '',
    ].join('\n'));
    const r = await runScenario({ scenario: file });
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.message).toMatch(/RangeError: the user's own bug/);
    expect(r.diagnosis?.error?.stack).toMatch(/userBug .*throws\.mjs/);
  });
});
