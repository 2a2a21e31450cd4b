// Top self-time functions over every .cpuprofile in a folder (node --cpu-prof writes one per
// thread, workers included), grouped by the role of the thread:
//   node --cpu-prof --cpu-prof-dir=prof dist/bench/main.js protocol
//   node dist/bench/profile-top.js prof [rows]
// A thread blocked in Atomics.wait is sampled in its caller: the self time of park, lockSlow,
// startGate, stopTheWorld and collectorLoop is mostly waiting, not CPU.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fixed, formatDurationUs } from '../reports/format.ts';
import { textTable } from '../reports/text-table.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export type Role = 'mutator' | 'collector' | 'other';
const kNotWork = new Set(['(idle)', '(program)', '(root)']);

/** A worker's role, from the harness entry it ran (a pool worker that ran both counts as mutator). */
function roleOf(p: Profile): Role {
  const fns = new Set(p.nodes.map((n) => n.callFrame.functionName));
  if (fns.has('runMutator')) return 'mutator';
  if (fns.has('runCollector')) return 'collector';
  return 'other';
}

export interface RoleTimes {
  threads: number;
  totalUs: number;
  idleUs: number;
  rows: { fn: string; us: number }[];
}

export function selfTimes(files: string[]): Record<Role, RoleTimes> {
  const out: Record<Role, RoleTimes & { byFn: Map<string, number> }> = {
    mutator: { threads: 0, totalUs: 0, idleUs: 0, rows: [], byFn: new Map() },
    collector: { threads: 0, totalUs: 0, idleUs: 0, rows: [], byFn: new Map() },
    other: { threads: 0, totalUs: 0, idleUs: 0, rows: [], byFn: new Map() },
  };
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as Profile;
    const r = out[roleOf(p)];
    r.threads++;
    const names = new Map(p.nodes.map((n) => {
      const c = n.callFrame;
      return [n.id, `${c.functionName || '(anonymous)'}${c.url ? ` ${basename(c.url)}:${c.lineNumber + 1}` : ''}`];
    }));
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i + 1] ?? 0; // a sample lasts until the next one
      const fn = names.get(p.samples[i]) ?? '?';
      r.totalUs += dt;
      if (kNotWork.has(fn)) r.idleUs += dt;
      else r.byFn.set(fn, (r.byFn.get(fn) ?? 0) + dt);
    }
  }
  for (const r of Object.values(out)) r.rows = [...r.byFn].map(([fn, us]) => ({ fn, us })).sort((a, b) => b.us - a.us);
  return out;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('profile-top')) {
  const dir = process.argv[2] ?? '.';
  const n = Number(process.argv[3] ?? 15);
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  for (const [role, r] of Object.entries(selfTimes(files))) {
    if (r.threads === 0) continue;
    const busy = r.totalUs - r.idleUs;
    const rows = r.rows.slice(0, n).map((x) => [`${fixed((100 * x.us) / busy, 1)}%`, formatDurationUs(x.us), x.fn]);
    const title = `${role}: ${r.threads} threads, ${formatDurationUs(r.totalUs)} sampled, ${formatDurationUs(busy)} not idle`;
    process.stdout.write(`\n${textTable({ headers: ['self %', 'self time', 'function'], numeric: [true, true, false], rows }, { title })}\n`);
  }
}
