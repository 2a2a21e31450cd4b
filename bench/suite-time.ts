// The default suite as a user runs it: `npm start` in a fresh process (nothing to rebuild), its
// wall time split into the runs themselves (the sum of their durationMs, from results.json) and
// everything else: npm, the build check, start-up, pool creation, reports. Then the same suite
// through the library's runSuite in this process, for the runs' own figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../index.ts';
import { medianBy } from '../harness/distribution.ts';
import { packageRoot } from '../harness/paths.ts';
import type { ResultsDocument } from '../harness/result.ts';
import { benchTable, type BenchOptions, type PartResult } from './figures.ts';
import { formatDurationMs, formatRate } from '../reports/format.ts';

const kTargetMs = 60_000;
const kOverheadTargetMs = 1500;

interface NpmStart {
  wallMs: number;
  runsMs: number;
  runs: number;
  status: number | null;
}

function npmStart(): NpmStart {
  const out = mkdtempSync(join(tmpdir(), 'pinstress-bench-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const t0 = performance.now();
    const r = spawnSync(npm, ['start', '--silent', '--', '--out', out], { cwd: packageRoot, stdio: 'ignore', timeout: 600_000, env: { ...process.env, CI: 'true' } });
    const wallMs = performance.now() - t0;
    let runsMs = 0;
    let runs = 0;
    try {
      const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsDocument;
      for (const run of doc.runs) runsMs += run.durationMs;
      runs = doc.runs.length;
    } catch {
      // no results.json: the status says why
    }
    return { wallMs, runsMs, runs, status: r.status };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `npm start` `times` times; the one whose rest (wall time less the runs) is the median. */
function medianNpmStart(times: number): { start: NpmStart; restsMs: number[] } {
  const starts = Array.from({ length: times }, npmStart);
  const restOf = (s: NpmStart): number => s.wallMs - s.runsMs;
  return { start: medianBy(starts, restOf), restsMs: starts.map(restOf) };
}

export async function suiteTime(o: BenchOptions): Promise<PartResult> {
  const { start, restsMs } = medianNpmStart(o.quick ? 1 : 3);
  const overheadMs = start.wallMs - start.runsMs;
  const t0 = performance.now();
  const doc = await runSuite();
  const wallMs = performance.now() - t0;
  const runs = doc.runs.map((r) => ({ scenario: r.scenario, status: r.status, durationMs: r.durationMs, throughput: r.stats.throughput }));
  return {
    figures: { npmStart: start, restsMs, overheadMs, wallMs, summary: doc.summary, runs },
    text: benchTable(`Default suite: npm start ${formatDurationMs(start.wallMs)} (runs ${formatDurationMs(start.runsMs)}, the rest ${formatDurationMs(overheadMs)}); runSuite in-process ${formatDurationMs(wallMs)}`,
      ['scenario', 'status', 'run', 'it/s'],
      runs.map((r) => [r.scenario, r.status, formatDurationMs(r.durationMs), formatRate(r.throughput)]),
      [`npm start: ${start.runs} runs, exit ${start.status}; 'the rest' is npm, the build check, start-up, pool creation and reports; the median of ${restsMs.length} (${restsMs.map((ms) => formatDurationMs(ms)).join(', ')}).`]),
    targets: [
      {
        name: 'default suite time', target: `<= ${kTargetMs / 1000} s`, measured: `${formatDurationMs(start.wallMs)} (${doc.summary.passed}/${doc.summary.total} passed)`,
        holds: start.status === 0 ? start.wallMs <= kTargetMs : false,
      },
      {
        name: 'npm start outside its runs', target: `<= ${formatDurationMs(kOverheadTargetMs)}`, measured: formatDurationMs(overheadMs),
        holds: start.status === 0 && start.runs > 0 ? overheadMs <= kOverheadTargetMs : null,
      },
    ],
  };
}
