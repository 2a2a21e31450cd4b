// `npm run soak`: the false-positive check of the fault catalog. Runs the fault-free default suite
// over many seeds and perturbation modes, one run at a time (each run owns the machine), and
// reports every run that does not pass with its diagnosis and repro line.
// Exit 0: every run passed; 1: some run failed, hung or crashed; 2: bad flags (one sentence).
// It lives in cli/, the top of the house: it wires scenarios and reports to the harness.
import { pathToFileURL } from 'node:url';
import { version } from './program.ts';
import { writeReports } from '../reports/index.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../scenarios/index.ts';
import { resolveConfig } from '../harness/config.ts';
import { kExitFailed, kExitOk, kExitUsage, type RunResult } from '../harness/result.ts';
import { executeRun } from '../harness/run.ts';
import { formatSoakSummary, parseSoakArgs, soakMatrix, summarizeSoak, type SoakRecord } from './soak-matrix.ts';
import { makeDocument } from '../harness/suite.ts';
import { UsageError } from '../harness/usage-error.ts';

export interface SoakIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  tty: boolean;
}

export async function soak(argv: readonly string[], io: SoakIo): Promise<number> {
  const o = parseSoakArgs(argv, SCENARIOS, DEFAULT_SUITE, io);
  if (o === 'help') return kExitOk;
  const items = soakMatrix(o.scenarios, o.perturbs, o.runs, o.firstSeed);
  // Resolve every config first: bad input fails before any run starts.
  const configs = items.map((it) => resolveConfig(it.scenario, SCENARIOS.get(it.scenario)!.defaults, { seed: it.seed, perturb: it.perturb }));
  const records: SoakRecord[] = [];
  const kept: RunResult[] = [];
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const label = `[${i + 1}/${items.length}] ${it.scenario} seed=${it.seed} perturb=${it.perturb}`;
    if (io.tty) io.stderr(`\r\x1b[2K${label} ...`);
    const r = await executeRun(SCENARIOS.get(it.scenario)!, configs[i]);
    records.push({ ...it, index: i, status: r.status, kind: r.diagnosis?.kind ?? null, message: r.diagnosis?.message ?? null, repro: r.repro, durationMs: r.durationMs });
    const line = `${label} ${r.status}${r.diagnosis ? ` (${r.diagnosis.kind})` : ''} ${r.durationMs} ms`;
    if (!io.tty) io.stderr(`${line}\n`);
    else if (r.status !== 'passed') io.stderr(`\r\x1b[2K${line}\n  repro: ${r.repro}\n`);
    if (o.out !== null) {
      if (r.status === 'passed') delete r.events; // timelines only for the runs worth a look
      kept.push(r);
    }
  }
  if (io.tty) io.stderr('\r\x1b[2K');
  const summary = summarizeSoak(records, o, performance.now() - t0);
  if (o.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  (o.json ? io.stderr : io.stdout)(`${formatSoakSummary(summary)}\n`);
  if (o.out !== null) {
    const files = await writeReports(makeDocument(kept, version()), o.out);
    (o.json ? io.stderr : io.stdout)(`reports: ${files.join(', ')}${summary.failed ? ` (re-run the first failure: node bin/pinstress.js repro ${files[0]})` : ''}\n`);
  }
  return summary.failed ? kExitFailed : kExitOk;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: SoakIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    tty: process.stderr.isTTY === true && !process.env.CI,
  };
  try {
    process.exitCode = await soak(process.argv.slice(2), io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`soak: ${e.message}\n`);
    process.exitCode = kExitUsage;
  }
}
