// ARCHITECTURE.md stays a short map that is true: at most 300 lines, and every path and every
// identifier it names in backticks exists in the tree (an identifier must occur in the sources).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const map = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
const spans = [...new Set([...map.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]))];

const isPath = (s: string): boolean => /\//.test(s) || /\.(ts|mjs|js|md|json|yml)$/.test(s);
const isIdentifier = (s: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

function sourceText(): string {
  const parts: string[] = [];
  for (const d of ['runtime', 'harness', 'scenarios', 'reports', 'ci', 'cli', 'bench', 'examples', 'scripts', 'bin']) {
    for (const f of readdirSync(join(root, d), { recursive: true }) as string[]) {
      if (/\.(ts|mjs|js)$/.test(f)) parts.push(readFileSync(join(root, d, f), 'utf8'));
    }
  }
  parts.push(readFileSync(join(root, 'index.ts'), 'utf8'), readFileSync(join(root, 'package.json'), 'utf8'));
  return parts.join('\n');
}

describe('ARCHITECTURE.md', () => {
  it('is a short map: at most 300 lines', () => {
    expect(map.split('\n').length).toBeLessThanOrEqual(300);
  });

  it('names paths that exist', () => {
    const paths = spans.filter((s) => isPath(s) && !/\s/.test(s));
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !existsSync(join(root, p.replace(/\/$/, ''))))).toEqual([]);
  });

  it('names identifiers that occur in the sources', () => {
    const src = sourceText();
    const ids = spans.filter(isIdentifier);
    expect(ids.length).toBeGreaterThan(60);
    expect(ids.filter((id) => !new RegExp(`\\b${id}\\b`).test(src))).toEqual([]);
  });
});
