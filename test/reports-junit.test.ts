// junit.xml validates against a JUnit schema, keeps document order, maps statuses to
// failure/error, and escapes whatever a message holds.
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../reports/index.ts';
import { documentOf, failedRun, hungRun, kNasty, passedRun, sampleDocument } from './fixtures/sample-results.ts';

const xsd = readFileSync(new URL('./fixtures/junit.xsd', import.meta.url), 'utf8');

async function check(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [xsd] });
  return r.errors.map((e) => e.rawMessage);
}

function testcases(xml: string): string[] {
  return [...xml.matchAll(/<testcase [^>]*>/g)].map((m) => m[0]);
}

describe('junit.xml', () => {
  it('validates against the JUnit schema', async () => {
    expect(await check(renderJunit(sampleDocument()))).toEqual([]);
    expect(await check(renderJunit(documentOf([])))).toEqual([]);
  });

  it('is checked by a schema that does reject bad files', async () => {
    const bad = renderJunit(documentOf([passedRun()])).replace(/(<testcase [^>]*) name="[^"]*"/, '$1');
    expect((await check(bad)).length).toBeGreaterThan(0);
    expect((await check('<testsuites><testsuite name="x" tests="1"><failure/></testsuite></testsuites>')).length).toBeGreaterThan(0);
  });

  it('has one testsuite and one testcase per run, in document order', () => {
    const doc = sampleDocument();
    const xml = renderJunit(doc);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="pinstress" tests="7" failures="1" errors="2" skipped="0"');
    const cases = testcases(xml);
    expect(cases).toHaveLength(doc.runs.length);
    cases.forEach((c, i) => {
      expect(c).toContain(`classname="pinstress.${doc.runs[i].scenario}" name="${doc.runs[i].scenario} seed=${doc.runs[i].seed} strategy=${doc.runs[i].config.strategy}`);
    });
    expect(cases[0]).toContain('time="0.250"'); // 250 ms, in seconds
  });

  it('reports a run the runtime could not make as a <skipped> testcase with the reason, and counts it', async () => {
    const doc = { ...documentOf([passedRun()]), skipped: [{ scenario: 'large-objects', seed: 1, label: 'large-objects seed=1 strategy=copy-on-pin', runtime: 'libx.so', reason: 'large-objects needs space() (which space an object is in), which libx.so does not have.' }] };
    const xml = renderJunit(doc);
    expect(await check(xml)).toEqual([]);
    expect(xml).toContain('tests="2" failures="0" errors="0" skipped="1"');
    expect(xml).toMatch(/<testcase classname="pinstress.large-objects" name="large-objects seed=1 strategy=copy-on-pin" time="0.000">\n\s+<skipped message="large-objects needs space\(\)/);
    const twice = renderJunit({ ...doc, skipped: [doc.skipped[0], doc.skipped[0]] });
    expect(twice).toContain('name="large-objects seed=1 strategy=copy-on-pin #1"');
    expect(twice).toContain('name="large-objects seed=1 strategy=copy-on-pin #2"');
  });

  it('reports failed runs as <failure> and hung or crashed runs as <error>', () => {
    const xml = renderJunit(documentOf([passedRun(), failedRun(), hungRun()]));
    const [pass, fail, hang] = xml.split('<testcase ').slice(1);
    expect(pass).not.toMatch(/<failure|<error/);
    expect(fail).toMatch(/<failure message="mutator-2 saw pinned object 0x1a40 move/);
    expect(fail).toContain('type="forbidden-outcome"');
    expect(hang).toMatch(/<error message="collector waits on gc_mutex/);
    expect(hang).toContain('type="self-deadlock"');
    expect(hang).toContain('path: minor_gc &gt; EvacuationAllocator() &gt; gc_init &gt; lock(gc_mutex)');
    expect(hang).toContain('repro: npx pinstress repro --scenario nested-init --seed 42');
    expect(hang).toContain('thread dump:');
  });

  it('escapes attributes and text and strips characters XML cannot hold', () => {
    const xml = renderJunit(documentOf([hungRun()]));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<script>');
    // Inside the message attribute: quotes and newlines as references.
    expect(xml).toContain('&quot;dq&quot; &apos;sq&apos; | pipe \\ backslash&#10;second line&#13;&#10;]]&gt; cdata-end');
    expect(kNasty).toContain('\u0007');
  });

  it('is deterministic', () => {
    expect(renderJunit(sampleDocument())).toBe(renderJunit(sampleDocument()));
  });
});
