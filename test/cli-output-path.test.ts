// Every command that writes reports checks its output path before the first run: a bad --out
// (a file, a path under a file, /proc/x where Node's mkdir loops) is one sentence and exit 2,
// never a stack trace after minutes of running.
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';
import { suiteDoc } from './fixtures/ci-docs.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { expectOneSentence } from './fixtures/ci-usage.ts';

const tmp = useTempDir('cli-out');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string; progress: string }> {
  let out = '';
  let err = '';
  let progress = '';
  const stream = { isTTY: false, write: (s: string) => { progress += s; return true; } } as unknown as NodeJS.WriteStream;
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: stream });
  return { code, out, err, progress };
}

describe('a bad output path', () => {
  const small = ['pin-concurrent', '--mutators', '1', '--iterations', '10'];

  it('stops run, compare, merge and baseline before anything runs', async () => {
    const file = await tmp.write('a-file', 'x');
    const results = await tmp.write('results.json', suiteDoc(1));
    const cases: [string[], RegExp][] = [
      [['run', ...small, '--out', file], /is a file, not a folder/],
      [['run', ...small, '--out', `${file}/sub`], /cannot be written: .*a-file is a file/],
      [['run', ...small, '--out', '/proc/x'], /no folder can be made in \/proc/],
      [['compare', ...small, '--seeds', '1', '--out', '/proc/x'], /no folder can be made in \/proc/],
      [['merge', results, '--out', file], /is a file, not a folder/],
      [['baseline', 'pin-concurrent', '--runs', '1', '--out', '/proc/x/baseline.json'], /no folder can be made in \/proc/],
      [['baseline', 'pin-concurrent', '--runs', '1', '--out', tmp.path()], /is a folder, not a file/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(re);
      expectOneSentence(r.err.replace(/^pinstress: /, '').trim());
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.progress, argv.join(' ')).toBe(''); // no run started
      expect(r.out).toBe('');
    }
  });
});
