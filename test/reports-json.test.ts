// results.json is the document verbatim, and reports/results.schema.json describes it exactly.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, type DiagnosisKind, type ResultsDocument } from '../harness/result.ts';
import { renderJson } from '../reports/index.ts';
import { FORBIDDEN_OUTCOMES, OUTCOME_NAMES } from '../runtime/layout.ts';
import { documentOf, hungRun, passedRun, sampleDocument } from './fixtures/sample-results.ts';
import { textOf } from '../reports/text-builder.ts';

const schema = JSON.parse(readFileSync(new URL('../reports/results.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

// tsc fails here if DiagnosisKind gains or loses a member, so this list cannot drift from the type.
const kDiagnosisKinds = {
  'self-deadlock': true, deadlock: true, 'lost-wakeup': true, starvation: true, 'stuck-thread': true, 'no-progress': true,
  'forbidden-outcome': true, 'protocol-violation': true, assertion: true, 'out-of-memory': true, crash: true, interrupted: true,
} satisfies Record<DiagnosisKind, true>;

function valid(doc: unknown): boolean {
  const ok = validate(doc);
  if (!ok) expect.soft(validate.errors).toBeNull();
  return ok as boolean;
}

function mutated(edit: (d: any) => void): unknown {
  const d = JSON.parse(textOf(renderJson(sampleDocument())));
  edit(d);
  return d;
}

describe('results.json', () => {
  it('is the document itself, pretty-printed (recorded events one per line), ending in a newline', () => {
    const doc = sampleDocument();
    const text = textOf(renderJson(doc));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(doc);
    const withEvents = doc.runs.find((r) => r.events && r.events.gc.length > 1)!;
    const line = JSON.stringify(withEvents.events!.gc[1]);
    expect(text).toContain(`\n          ${line},\n`);
    expect(text).toContain('\n      "scenario": ');
  });

  it('validates against the schema for every fixture', () => {
    expect(valid(JSON.parse(textOf(renderJson(sampleDocument()))))).toBe(true);
    expect(valid(JSON.parse(textOf(renderJson(documentOf([])))))).toBe(true);
    const sharded = documentOf([{ ...passedRun(), shard: '2/4' }, hungRun()]);
    expect(valid(JSON.parse(textOf(renderJson(sharded))))).toBe(true);
  });

  it('has enums that match the code', () => {
    const defs = schema.$defs;
    expect(defs.RunStatus.enum).toEqual([...RUN_STATUSES]);
    expect(defs.OutcomeName.enum).toEqual([...OUTCOME_NAMES]);
    expect(defs.ForbiddenOutcome.enum).toEqual([...FORBIDDEN_OUTCOMES]);
    expect([...defs.DiagnosisKind.enum].sort()).toEqual(Object.keys(kDiagnosisKinds).sort());
  });

  it.each<[string, (d: ResultsDocument & Record<string, any>) => void]>([
    ['a wrong schemaVersion', (d) => { (d as any).schemaVersion = 2; }],
    ['an unknown status', (d) => { (d.runs[0] as any).status = 'flaky'; }],
    ['an unknown diagnosis kind', (d) => { (d.runs[1].diagnosis as any).kind = 'gremlins'; }],
    ['an unknown outcome name', (d) => { (d.runs[0].outcomes as any).teleported = 1; }],
    ['a missing outcome', (d) => { delete (d.runs[0].outcomes as any).staleRoot; }],
    ['a missing stat', (d) => { delete (d.runs[0].stats as any).pinCopyBytes; }],
    ['an extra top-level field', (d) => { d.extra = true; }],
    ['a missing repro', (d) => { delete (d.runs[2] as any).repro; }],
    ['a string where a number belongs', (d) => { (d.runs[0].stats.pause as any).p99 = '12'; }],
    ['an unknown strategy', (d) => { (d.runs[0].config as any).strategy = 'pin-everything'; }],
    ['an unknown thread state in a timeline', (d) => { (d.runs[0].events!.threads[0].segments[0] as any).state = 'sleeping'; }],
    ['a first failure with a permitted outcome', (d) => { (d.runs[2].diagnosis!.firstFailure as any).outcome = 'ok'; }],
    ['a malformed shard', (d) => { (d.runs[0] as any).shard = 'two of four'; }],
    ['a date that is not ISO 8601', (d) => { d.createdAt = 'yesterday'; }],
  ])('rejects %s', (_name, edit) => {
    expect(validate(mutated(edit as (d: any) => void))).toBe(false);
  });
});
