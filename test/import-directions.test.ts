// Which way dependencies run (ARCHITECTURE.md "Dependencies"): the runtime knows nothing of the
// harness; the worker side and the main-thread side of the harness meet only in harness/common/;
// scenarios are written against the public scenario API; reports read results only. Every
// relative import in the tree is checked against these rules.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const kFolders = ['runtime', 'harness', 'scenarios', 'reports', 'ci', 'cli', 'bench'];

function sources(): string[] {
  const out = ['index.ts', 'main.ts'];
  for (const d of kFolders) {
    for (const f of readdirSync(join(root, d), { recursive: true }) as string[]) if (f.endsWith('.ts')) out.push(join(d, f));
  }
  return out;
}

interface Edge { from: string; to: string; typeOnly: boolean }

function edges(): Edge[] {
  const out: Edge[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gm;
  for (const file of sources()) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(re)) {
      const spec = m[3] ?? m[4];
      out.push({ from: file, to: normalize(relative(root, join(root, dirname(file), spec))), typeOnly: m[2] !== undefined });
    }
  }
  return out;
}

const under = (p: string, prefix: string): boolean => (prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix);
const mainSide = (p: string): boolean =>
  (p.startsWith('harness/') && !p.startsWith('harness/common/') && !p.startsWith('harness/worker/')) ||
  ['cli/', 'ci/', 'reports/'].some((d) => p.startsWith(d)) || p === 'index.ts' || p === 'main.ts';

/** [who, what it may import (values), what it may import as types only]. */
const RULES: [string, string[], string[]][] = [
  ['runtime/', ['runtime/'], []],
  ['harness/common/', ['runtime/', 'harness/common/'], ['harness/result.ts', 'harness/run-options.ts', 'harness/config.ts']],
  ['harness/worker/', ['runtime/', 'harness/common/', 'harness/worker/'], ['harness/result.ts']],
  ['scenarios/', ['harness/common/', 'scenarios/'], ['harness/suite.ts', 'harness/selftest.ts', 'harness/result.ts', 'harness/config.ts', 'runtime/']],
  ['reports/', ['reports/', 'harness/result.ts', 'harness/usage-error.ts'], ['harness/', 'runtime/']],
];

describe('import directions', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((e) => e.from === 'harness/worker/entry.ts' && e.to === 'harness/common/protocol.ts')).toBe(true);
  });

  for (const [who, values, types] of RULES) {
    it(`${who} imports only ${values.join(', ')}${types.length ? ` (and types from ${types.join(', ')})` : ''}`, () => {
      const bad = all.filter((e) => under(e.from, who))
        .filter((e) => !values.some((v) => under(e.to, v)) && !(e.typeOnly && types.some((t) => under(e.to, t))))
        .map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);
      expect(bad).toEqual([]);
    });
  }

  it('the main-thread side never imports the worker side, not even its types', () => {
    expect(all.filter((e) => mainSide(e.from) && e.to.startsWith('harness/worker/')).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('the worker side never imports the main-thread side (values), nor the top of the house', () => {
    expect(all.filter((e) => e.from.startsWith('harness/worker/') && !e.typeOnly && mainSide(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('the harness never imports the top of the house (cli, ci) or the scenarios', () => {
    const top = ['cli/', 'ci/', 'scenarios/'];
    expect(all.filter((e) => e.from.startsWith('harness/') && !e.typeOnly && top.some((t) => e.to.startsWith(t))).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});
