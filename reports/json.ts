// results.json: the document itself, the one report every other tool (compare, gate, merge) reads.
import type { ResultsDocument } from '../harness/result.ts';

export function renderJson(doc: ResultsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
