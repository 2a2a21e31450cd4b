// results.json: the document itself, the one report every other tool (compare, gate, merge) reads.
// Pretty-printed for people, except a run's recorded events: there each collection, occupancy
// sample and thread timeline is one line. A suite with collections at every safepoint records
// thousands of them, and one field per line made the file 2.5 times as large (16 MB for the
// default suite) and its writing a good part of what `npm start` spends outside its runs.
import type { ResultsDocument } from '../harness/result.ts';
import { TextBuilder } from './text-builder.ts';

const kMark = '\u0000events:';
const kMarked = /"\\u0000events:(\d+)"/g;
// The indentation a run's fields have in the pretty output: "runs" items sit two levels deep.
const kRunFieldPad = '      ';

/** results.json as UTF-8 chunks. */
export function renderJson(doc: ResultsDocument): readonly Buffer[] {
  const marked = { ...doc, runs: doc.runs.map((r, i) => (r.events ? { ...r, events: `${kMark}${i}` } : r)) };
  const text = JSON.stringify(marked, null, 2);
  const out = new TextBuilder();
  let at = 0;
  for (const m of text.matchAll(kMarked)) {
    out.add(text.slice(at, m.index));
    eventsText(doc.runs[Number(m[1])].events!, kRunFieldPad, out);
    at = m.index + m[0].length;
  }
  out.add(text.slice(at));
  out.add('\n');
  return out.bytes();
}

/** An events object at `pad`: its arrays one element per line, everything else as JSON. */
function eventsText(events: object, pad: string, out: TextBuilder): void {
  out.add('{\n');
  let first = true;
  for (const [k, v] of Object.entries(events)) {
    out.add(`${first ? '' : ',\n'}${pad}  ${JSON.stringify(k)}: `);
    first = false;
    if (Array.isArray(v) && v.length > 0) {
      out.add('[\n');
      v.forEach((x, i) => out.add(`${i > 0 ? ',\n' : ''}${pad}    ${JSON.stringify(x)}`));
      out.add(`\n${pad}  ]`);
    } else out.add(JSON.stringify(v));
  }
  out.add(`\n${pad}}`);
}
