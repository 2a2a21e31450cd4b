// `npm run bench [-- part... ] [--quick] [--out FILE]`: runs the benchmark parts (all by default),
// prints a table per part and a targets summary, and writes every figure to bench.json.
// Nothing here asserts on time: the machine is noisy, the figures are for people to read.
import { deadlock } from './deadlock.ts';
import { loadavg } from 'node:os';
import { formatDurationMs } from '../reports/format.ts';
import { benchTable, type BenchOptions, type PartResult, writeBenchJson } from './figures.ts';
import { primitives } from './primitives.ts';
import { protocol } from './protocol.ts';
import { scaling } from './scaling.ts';
import { suiteTime } from './suite-time.ts';


const PARTS: Record<string, (o: BenchOptions) => Promise<PartResult>> = {
  primitives, protocol, scaling, deadlock, suite: suiteTime,
};

const usage = `usage: npm run bench -- [${Object.keys(PARTS).join('|')}]... [--quick] [--out FILE]`;

function parseArgs(argv: string[]): { parts: string[]; quick: boolean; out: string } | string {
  const parts: string[] = [];
  let quick = false;
  let out = 'bench.json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--out' && i + 1 < argv.length) out = argv[++i];
    else if (a === '--help' || a === '-h') return usage;
    else if (a in PARTS) parts.push(a);
    else return `unknown bench part or flag "${a}"\n${usage}`;
  }
  return { parts: parts.length ? parts : Object.keys(PARTS), quick, out };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    (args === usage ? process.stdout : process.stderr).write(`${args}\n`);
    return args === usage ? 0 : 2;
  }
  const t0 = performance.now();
  const load0 = loadavg();
  const results: Record<string, PartResult> = {};
  for (const name of args.parts) {
    const tp = performance.now();
    process.stdout.write(`\n[bench] ${name}${args.quick ? ' (quick)' : ''}...\n`);
    results[name] = await PARTS[name]({ quick: args.quick });
    results[name].figures.partMs = Math.round(performance.now() - tp);
    process.stdout.write(`${results[name].text}\n`);
  }
  const targets = Object.values(results).flatMap((r) => r.targets);
  if (targets.length) {
    const verdict = (h: boolean | null): string => (h === null ? 'n/a' : h ? 'holds' : 'MISSES');
    process.stdout.write(`${benchTable('Targets', ['target', 'wanted', 'measured', 'verdict'], targets.map((t) => [t.name, t.target, t.measured, verdict(t.holds)]))}\n`);
  }
  const wallMs = performance.now() - t0;
  writeBenchJson(args.out, args.quick, results, wallMs, load0);
  const la = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(`\n[bench] ${args.parts.join(', ')} in ${formatDurationMs(wallMs)} (load average ${la(load0)} -> ${la(loadavg())}); figures in ${args.out}\n`);
  return 0;
}

process.exitCode = await main();
