// How fast the nested-init self-deadlock is caught: deadlock-regression with --fault nested-init,
// in normal mode (a real hang: the watchdog's budget bounds it) and in errorcheck mode (the
// re-lock throws at once). The first collection is when the first mutator parked (from the
// recorded timelines); the verdict is when the last mutator stopped.
import type { RunResult } from '../harness/result.ts';
import { benchTable, type BenchOptions, type PartResult, type Target } from './figures.ts';
import { runRound } from './rounds.ts';
import { formatDurationMs } from '../reports/format.ts';
import { watchdogTickMs } from '../harness/watchdog.ts';

interface Detection {
  mode: 'normal' | 'errorcheck';
  status: string;
  diagnosis: string;
  durationMs: number;
  watchdogMs: number;
  firstCollectionMs: number | null; // since run start
  firstCollectionToVerdictMs: number | null;
}

function detection(mode: Detection['mode'], r: RunResult): Detection {
  const threads = r.events?.threads ?? [];
  const parks = threads.flatMap((t) => t.segments.filter((s) => s.state === 'parked').map((s) => s.startMs));
  const ends = threads.flatMap((t) => t.segments.map((s) => s.endMs));
  const first = parks.length ? Math.min(...parks) : null;
  return {
    mode, status: r.status, diagnosis: r.diagnosis?.kind ?? 'none', durationMs: r.durationMs, watchdogMs: r.config.watchdogMs,
    firstCollectionMs: first, firstCollectionToVerdictMs: first !== null && ends.length ? Math.max(...ends) - first : null,
  };
}

export async function deadlock(_o: BenchOptions): Promise<PartResult> {
  const rows: Detection[] = [];
  for (const mode of ['normal', 'errorcheck'] as const) {
    const { result } = await runRound('deadlock-regression', { fault: ['nested-init'], mutex: mode, record: true });
    rows.push(detection(mode, result));
  }
  const [normal, errorcheck] = rows;
  const overBudget = normal.firstCollectionToVerdictMs !== null ? normal.firstCollectionToVerdictMs - normal.watchdogMs : null;
  const targets: Target[] = [
    {
      name: 'nested-init hang verdict (normal mutex)', target: `hung, about the ${normal.watchdogMs} ms watchdog budget after the first GC`,
      measured: normal.firstCollectionToVerdictMs === null ? `${normal.status}, no timeline`
        : `${normal.status}, ${formatDurationMs(normal.firstCollectionToVerdictMs)} (budget ${overBudget! >= 0 ? '+' : ''}${formatDurationMs(overBudget!)}); run ${formatDurationMs(normal.durationMs)}`,
      // Bounded: the budget, one watchdog tick (watchdogTickMs) and the abort's wake-up.
      holds: normal.status === 'hung' && overBudget !== null && overBudget <= watchdogTickMs(normal.watchdogMs) + 50,
    },
    {
      name: 'nested-init caught in errorcheck mode', target: 'within 50 ms of the first GC',
      measured: errorcheck.firstCollectionToVerdictMs === null ? `${errorcheck.status}, no timeline`
        : `${errorcheck.status} (${errorcheck.diagnosis}), ${formatDurationMs(errorcheck.firstCollectionToVerdictMs)}; run ${formatDurationMs(errorcheck.durationMs)}`,
      holds: errorcheck.status === 'failed' && errorcheck.firstCollectionToVerdictMs !== null && errorcheck.firstCollectionToVerdictMs <= 50,
    },
  ];
  return {
    figures: { rows },
    text: benchTable('Nested-init deadlock detection (deadlock-regression --fault nested-init)',
      ['mutex mode', 'status', 'diagnosis', 'first GC at', 'first GC -> verdict', 'run (durationMs)', 'watchdog budget'],
      rows.map((r) => [r.mode, r.status, r.diagnosis, r.firstCollectionMs === null ? '-' : formatDurationMs(r.firstCollectionMs),
        r.firstCollectionToVerdictMs === null ? '-' : formatDurationMs(r.firstCollectionToVerdictMs), formatDurationMs(r.durationMs), formatDurationMs(r.watchdogMs)]),
      ['durationMs also holds pool start-up (~140 ms) and, for a hang, the 300 ms grace before stuck workers are terminated.']),
    targets,
  };
}
