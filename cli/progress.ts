// Progress: a live line on a terminal, refreshed from the first moment of each run; with no
// terminal (CI) a plain heartbeat line every few seconds. Always on stderr, so --json keeps stdout
// for the document alone. The line says where the suite stands (runs done, failures, runs per
// minute, time left) and where the run stands, and tells a stalled run from a slow one.
import type { ProgressInfo } from '../harness/run.ts';
import type { SuiteProgress } from '../harness/suite.ts';
import { formatDurationMs } from '../reports/format.ts';
import { colorEnabled, paint } from './colors.ts';

export interface Progress {
  runStart(label: string, p: SuiteProgress): void;
  update(p: ProgressInfo): void;
  runEnd(line: string, p: SuiteProgress): void;
}

const kPlainEveryMs = 5000;
/** A run whose slowest mutator stood still this long (or this share of the budget) is called stalled. */
const kStallShownMs = 1000;

/** "3/11, 1 failed, 42 runs/min, ~1 min left" (what is known of the suite so far). */
export function suiteLine(p: SuiteProgress): string {
  const parts = [p.total === null ? `run ${p.index + 1}` : `${p.index + 1}/${p.total}`];
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.done > 0 && p.elapsedMs > 0) parts.push(`${(p.done / (p.elapsedMs / 60_000)).toFixed(p.done >= 10 ? 0 : 1)} runs/min`);
  const left = p.remainingMs ?? (p.total !== null && p.done > 0 ? (p.elapsedMs / p.done) * (p.total - p.done) : null);
  if (left !== null) parts.push(`${p.remainingMs === null ? '~' : ''}${formatDurationMs(left)} left`);
  return parts.join(', ');
}

/** The run's own part: how far, and whether it is moving. */
export function runPart(p: ProgressInfo): string {
  const pct = p.totalIterations ? Math.floor((100 * p.iterations) / p.totalIterations) : 0;
  const stalled = p.stalledMs >= kStallShownMs
    ? `, no progress for ${formatDurationMs(p.stalledMs)} (watchdog at ${formatDurationMs(p.watchdogMs)})`
    : '';
  return `${pct}% ${p.iterations}/${p.totalIterations} iterations, ${p.collections} collections, ${formatDurationMs(p.elapsedMs)}${stalled}`;
}

export function makeProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  const tty = stream.isTTY === true && !process.env.CI;
  const c = paint(colorEnabled(stream));
  let head = '';
  let label = '';
  let lastPlain = 0;
  const write = (s: string): void => { if (!quiet) stream.write(s); };
  return {
    runStart(l, p) {
      head = `[${suiteLine(p)}]`;
      label = l;
      lastPlain = performance.now();
      write(tty ? `\r\x1b[2K${c.dim(head)} ${label} starting` : `${head} ${label} ...\n`);
    },
    update(p) {
      const line = `${c.dim(head)} ${label} ${runPart(p)}`;
      if (tty) write(`\r\x1b[2K${line}`);
      else if (performance.now() - lastPlain >= kPlainEveryMs) {
        lastPlain = performance.now();
        write(`${line}\n`);
      }
    },
    runEnd(line) {
      if (tty) write('\r\x1b[2K');
      write(`${line.replace(/^(\S+)/, (w) => c.status(w))}\n`);
    },
  };
}
