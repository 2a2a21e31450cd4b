// ci/github-actions.yml without a YAML parser (not worth a dependency): the structure a parser
// would reject, and the commands and artifact paths that must agree with each other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../ci/github-actions.yml', import.meta.url), 'utf8');
const lines = text.split('\n');
const code = lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));

describe('ci/github-actions.yml', () => {
  it('is indented with spaces in steps of two, with the top-level keys a workflow needs', () => {
    expect(text).not.toMatch(/\t/);
    for (const l of code) expect((/^ */.exec(l)![0].length) % 2, l).toBe(0);
    expect(code.filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0])).toEqual(['name', 'on', 'permissions', 'jobs']);
    expect(text.split('${{').length).toBe(text.split('}}').length);
  });

  it('runs every shard of its matrix on Node 20 after npm ci', () => {
    const shards = /shard: \[([\d, ]+)\]/.exec(text)![1].split(',').map((s) => Number(s.trim()));
    const n = shards.length;
    expect(shards).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(text).toContain(`run: npx pinstress run --shard \${{ matrix.shard }}/${n} --out out/shard-\${{ matrix.shard }}`);
    expect(text.match(/node-version: 20\n/g)).toHaveLength(2);
    expect(text.match(/run: npm ci\n/g)).toHaveLength(2);
  });

  it('merges what the shards uploaded, gates it, and uploads the reports', () => {
    // download-artifact puts each artifact in its own folder under `path`: out/<name>/results.json.
    expect(text).toMatch(/pattern: pinstress-shard-\*\n\s+path: out\b/);
    expect(text).toContain('name: pinstress-shard-${{ matrix.shard }}');
    expect(text).toContain('run: npx pinstress merge out/*/results.json --out merged');
    expect(text).toContain('npx pinstress gate --baseline ci/baseline.json merged/results.json');
    expect(text).toContain('exit $code'); // the gate's verdict decides the step
    // stderr too: a bad baseline's sentence (exit 2) must reach the job summary, not vanish.
    expect(text).toContain('npx pinstress gate --baseline ci/baseline.json merged/results.json > gate.txt 2>&1\n');
    expect(text).toMatch(/cat gate\.txt; echo '```'; \} >> "\$GITHUB_STEP_SUMMARY"/);
    expect(text).toMatch(/needs: shard/);
    for (const f of ['merged/junit.xml', 'merged/report.html']) expect(text).toContain(f);
  });
});
