// Every fault names where it lives as "<file> <function>", and that function really is in that file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../runtime/faults.ts';

describe('fault sites', () => {
  for (const f of FAULTS) {
    it(`${f.name}: ${f.site}`, () => {
      const [file, fn] = f.site.split(' ');
      const src = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
      const declared = new RegExp(`(function ${fn}\\b|class ${fn}\\b|\\b${fn}\\s*(=|\\()|^\\s+(private |readonly )*${fn}\\b)`, 'm');
      expect(src).toMatch(declared);
      expect(src).toMatch(new RegExp(`kFault[A-Za-z]+`));
    });
  }
});
