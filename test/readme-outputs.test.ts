// The README's shown outputs cannot go stale. Four kinds of marked block:
//
//   <!-- output: <args> -->     a ```text block whose first line is `$ pinstress <args>`; further
//                               `$ pinstress ...` lines in the block are more commands, and a
//                               `$ echo $?` line is followed by the exit code of the command before.
//                               Each command runs in-process (cli/program.ts main) with CI=true and
//                               NO_COLOR=1, from the repository's root, and must print what the
//                               block shows.
//   <!-- output: default-suite -->  the `npm start` table: too long to run here, so its rows must
//                               be DEFAULT_SUITE's entries in order (scenario, seed 1, strategy,
//                               schedule as the table names it).
//   <!-- file: <path> -->       a code block that must be that file of the repository, verbatim.
//   <!-- scenarios -->          the Scenarios table: one row per built-in scenario, in the
//                               registry's order, whose last cell names (in backticks) exactly the
//                               assertions the scenario makes.
//
// How outputs compare: temporary paths and hex words are masked; an output that ran scenarios
// (run, soak, compare, ... that did not exit 2) is a measurement, so every number in it is masked
// too; outputs that measure nothing (list, help, bad input) keep their numbers. Alignment is
// folded (runs of spaces, and a table's rule of dashes), blank lines are dropped, and a line `...`
// in the README stands for any number of lines (a trimmed output). Mark only commands that take
// well under a few seconds and print the same words every time.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';
import { resolveConfig } from '../harness/config.ts';
import type { RunResult } from '../harness/result.ts';
import { scheduleLabel } from '../reports/summary-columns.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../scenarios/index.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const outputs = [...readme.matchAll(/<!-- output: ([^>]+?) -->\n```text\n([\s\S]*?)```/g)].map((m) => ({ args: m[1].trim(), text: m[2] }));
const files = [...readme.matchAll(/<!-- file: ([^>]+?) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({ path: m[1].trim(), text: m[2] }));
const markers = [...readme.matchAll(/<!-- (output|file): /g)].length;

/** Commands that run scenarios: their output is measured, so its numbers differ run to run. */
const kMeasuring = new Set(['run', 'soak', 'compare', 'selftest', 'shrink', 'repro', 'baseline']);

const tmpPaths = new RegExp(`(?:${[tmpdir(), '/tmp'].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})/[^\\s,;:)'"]+`, 'g');

/** What stays equal between two runs of a command, line by line. */
function shape(text: string, measured: boolean): string[] {
  return text.split('\n')
    .map((l) => {
      let s = l.replace(tmpPaths, '<tmp>').replace(/0x[0-9a-f]+/gi, '0x#');
      if (measured) s = s.replace(/\d[\d.,]*(?:[kMG])?(?:\/s|\s?(?:ns|us|µs|ms|s|B|KiB|MiB|GiB|%))?(?!\w)/g, '#');
      return /^[\s-]*-[\s-]*$/.test(s) ? '-' : s.replace(/\s+/g, ' ').trim(); // a table's rule is as wide as its cells
    })
    .filter((l) => l !== '');
}

/** Does `actual` match `expected`, where an expected line `...` matches any run of lines? */
function matches(actual: readonly string[], expected: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (a: number, e: number): boolean => {
    const key = `${a},${e}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    if (e === expected.length) r = a === actual.length;
    else if (expected[e] === '...') r = go(a, e + 1) || (a < actual.length && go(a + 1, e));
    else r = a < actual.length && actual[a] === expected[e] && go(a + 1, e + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

interface Command { args: string; expected: string[]; code: number | null }

/** A block's commands: each `$ pinstress` line, the lines it printed, and the code `$ echo $?` showed. */
function commandsOf(text: string): Command[] {
  const cmds: Command[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('$ pinstress ')) cmds.push({ args: l.slice('$ pinstress '.length).trim(), expected: [], code: null });
    else if (l.trim() === '$ echo $?') cmds[cmds.length - 1].code = Number(lines[++i]);
    else cmds[cmds.length - 1]?.expected.push(l);
  }
  return cmds;
}

const kEnv = ['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY'] as const;

/** Run `pinstress <args>` as a user would see it on a CI log: stdout and stderr as one stream. */
async function pinstress(args: string[]): Promise<{ out: string; code: number }> {
  let out = '';
  const saved = Object.fromEntries(kEnv.map((k) => [k, process.env[k]]));
  for (const k of kEnv) delete process.env[k];
  process.env.CI = 'true';
  process.env.NO_COLOR = '1';
  // commander wraps help to a terminal's width; the README shows it as a pipe gets it (80).
  const columns = process.stdout.columns;
  if (process.stdout.isTTY) process.stdout.columns = 80;
  try {
    const code = await main(args, { stdout: (s) => { out += s; }, stderr: (s) => { out += s; }, stderrStream: process.stderr });
    return { out, code };
  } finally {
    for (const k of kEnv) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    if (process.stdout.isTTY) process.stdout.columns = columns;
  }
}

describe('README outputs', () => {
  const cwd = process.cwd();
  beforeAll(() => process.chdir(root)); // the README's relative paths are from the repository's root
  afterAll(() => process.chdir(cwd));

  it('has outputs to check, and every marker is well formed', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    expect(outputs.some((b) => b.args === 'default-suite')).toBe(true);
    expect(outputs.length + files.length, 'a marker not followed by its code block').toBe(markers);
  });

  for (const b of outputs) {
    if (b.args === 'default-suite') {
      it('the default suite\'s table lists DEFAULT_SUITE in order', () => {
        const rows = b.text.split('\n').filter((l) => /^\S+\s+\d+\s+(in-place|copy-on-pin|gc-locker)\s{2,}/.test(l));
        const shown = rows.map((l) => l.split(/\s{2,}/).slice(0, 4).join(' | '));
        const want = DEFAULT_SUITE.map((e) => {
          const name = e.scenario as string;
          const config = resolveConfig(name, SCENARIOS.get(name)!.defaults, e.overrides);
          return [name, 1, config.strategy, scheduleLabel({ config } as RunResult)].join(' | ');
        });
        expect(shown).toEqual(want);
      });
      continue;
    }
    it(`pinstress ${b.args}`, async () => {
      const cmds = commandsOf(b.text);
      expect(cmds[0]?.args, 'the block\'s first line must be the marked command').toBe(b.args);
      for (const c of cmds) {
        const { out, code } = await pinstress(c.args.split(/\s+/));
        if (c.code !== null) expect(code, `exit code of pinstress ${c.args}`).toBe(c.code);
        const measured = code !== 2 && kMeasuring.has(c.args.split(/\s+/)[0]);
        const actual = shape(out, measured);
        const expected = shape(c.expected.join('\n'), measured);
        if (!matches(actual, expected)) expect(actual.join('\n'), `output of pinstress ${c.args}`).toBe(expected.join('\n'));
      }
    }, 30_000);
  }

  it('the Scenarios table has a row per scenario, naming its own assertions', () => {
    const table = readme.split('<!-- scenarios -->\n')[1]?.split('\n\n')[0] ?? '';
    const rows = table.split('\n').filter((l) => /^\| `[a-z0-9-]+` \|/.test(l)).map((l) => l.split(' | '));
    expect(rows.map((r) => r[0].replace(/^\| `|`$/g, ''))).toEqual([...SCENARIOS.keys()]);
    for (const r of rows) {
      const def = SCENARIOS.get(r[0].replace(/^\| `|`$/g, ''))!;
      // Any figures will do: only the names are compared, and they do not depend on them.
      const zero = new Proxy({}, { get: () => 0 });
      const result = { config: resolveConfig(def.name, def.defaults), stats: zero, outcomes: zero } as unknown as RunResult;
      const named = [...r[r.length - 1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(named, def.name).toEqual((def.assertions?.(result) ?? []).map((a) => a.name));
    }
  });

  for (const f of files) {
    it(`shows ${f.path} as it is`, () => {
      expect(f.text).toBe(readFileSync(join(root, f.path), 'utf8'));
    });
  }
});

describe('the comparison itself', () => {
  it('masks measured figures but keeps words', () => {
    const a = shape('pin-concurrent     1  in-place  passed   20000   42.8k/s   28 / 0   1.94 ms / 36 ms   8 KiB   2.32 s', true);
    const b = shape('pin-concurrent  1  in-place  passed  8000  179k/s  10 / 0  138 us / 3.8 ms  53.1 KiB  338 ms', true);
    expect(a).toEqual(b);
    expect(shape('pin-concurrent 1 in-place failed 1', true)).not.toEqual(shape('pin-concurrent 1 in-place passed 1', true));
  });

  it('keeps numbers where nothing is measured', () => {
    expect(shape('--mutators must be at least 1, got -1.', false)).not.toEqual(shape('--mutators must be at least 1, got -2.', false));
  });

  it('lets `...` stand for any lines, and nothing else', () => {
    expect(matches(['a', 'b', 'c', 'd'], ['a', '...', 'd'])).toBe(true);
    expect(matches(['a', 'd'], ['a', '...', 'd'])).toBe(true);
    expect(matches(['a', 'b', 'c'], ['a', '...', 'd'])).toBe(false);
    expect(matches(['a', 'b'], ['a'])).toBe(false);
  });
});
