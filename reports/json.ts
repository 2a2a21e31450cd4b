// results.json: the document itself, the one report every other tool (compare, gate, merge) reads.
// Pretty-printed for people, except a run's recorded events: there each collection, occupancy
// sample and thread timeline is one line. A suite with collections at every safepoint records
// thousands of them, and one field per line made the file 2.5 times as large (16 MB for the
// default suite) and its writing a good part of what `npm start` spends outside its runs.
import type { ResultsDocument } from '../harness/result.ts';

const kMark = '\u0000events:';

export function renderJson(doc: ResultsDocument): string {
  const marked = { ...doc, runs: doc.runs.map((r, i) => (r.events ? { ...r, events: `${kMark}${i}` } : r)) };
  const text = JSON.stringify(marked, null, 2);
  // The indentation a run's fields have in the pretty output: "runs" items sit two levels deep.
  return `${text.replace(/"\\u0000events:(\d+)"/g, (_, i: string) => eventsText(doc.runs[Number(i)].events!, '      '))}\n`;
}

/** An events object at `pad`: its arrays one element per line, everything else as JSON. */
function eventsText(events: object, pad: string): string {
  const fields = Object.entries(events).map(([k, v]) => {
    const value = Array.isArray(v) && v.length > 0
      ? `[\n${v.map((x) => `${pad}    ${JSON.stringify(x)}`).join(',\n')}\n${pad}  ]`
      : JSON.stringify(v);
    return `${pad}  ${JSON.stringify(k)}: ${value}`;
  });
  return `{\n${fields.join(',\n')}\n${pad}}`;
}
