// The mutant corpus (mutants/corpus.json, run by `npm run mutants`) must not rot silently: every
// mutant still applies to the current sources (its find snippet occurs exactly once in its file, as
// mutants/run.mjs requires), makes a real change, and differs from every other. A runtime change
// that breaks a snippet fails here, fast, instead of turning into "does not apply" in a two-hour run.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Mutant {
  id: string;
  class: string;
  story: string;
  file: string;
  find: string;
  replace: string;
}

const root = new URL('../', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('mutants/corpus.json', root), 'utf8')) as Mutant[];

/** Non-overlapping occurrences, as String.prototype.replace and the runner count them. */
const occurrences = (text: string, find: string): number => (find === '' ? 0 : text.split(find).length - 1);

describe('mutant corpus', () => {
  it('holds at least 30 mutants, each with an id, a class, a story, a file, a find and a replace', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    for (const m of corpus) {
      for (const f of ['id', 'class', 'story', 'file', 'find', 'replace'] as const) expect(typeof m[f], `${m.id}.${f}`).toBe('string');
      expect(m.id, m.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(m.story.length, `${m.id} needs a story`).toBeGreaterThan(20);
    }
  });

  it('has unique ids and no two identical edits', () => {
    expect(new Set(corpus.map((m) => m.id)).size).toBe(corpus.length);
    const edits = corpus.map((m) => JSON.stringify([m.file, m.find, m.replace]));
    expect(new Set(edits).size).toBe(corpus.length);
  });

  it('is not the fault table again: no mutant edits runtime/faults.ts or adds or drops a fault switch', () => {
    const switches = (s: string): string[] => (s.match(/kFault[A-Za-z]+|\.fault\(/g) ?? []).sort();
    for (const m of corpus) {
      expect(m.file, m.id).not.toBe('runtime/faults.ts');
      expect(switches(m.replace), m.id).toEqual(switches(m.find));
    }
  });

  for (const m of corpus) {
    it(`${m.id} still applies to ${m.file}`, () => {
      const path = new URL(m.file, root);
      expect(existsSync(path), `${m.file} exists`).toBe(true);
      expect(m.replace, 'the edit changes something').not.toBe(m.find);
      expect(occurrences(readFileSync(path, 'utf8'), m.find), 'occurrences of the find snippet').toBe(1);
    });
  }
});
