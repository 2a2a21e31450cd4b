// Progress: a live line on a terminal; with no terminal (CI) a plain heartbeat line every few
// seconds. Always on stderr, so --json keeps stdout for the document alone.
import type { ProgressInfo } from '../harness/run.ts';
import { formatDurationMs } from '../reports/format.ts';

export interface Progress {
  runStart(label: string, index: number, total: number): void;
  update(p: ProgressInfo): void;
  runEnd(line: string): void;
}

export function makeProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  const tty = stream.isTTY === true && !process.env.CI;
  let label = '';
  let lastPlain = 0;
  const write = (s: string): void => { if (!quiet) stream.write(s); };
  return {
    runStart(l, i, total) {
      label = `[${i + 1}/${total}] ${l}`;
      lastPlain = performance.now();
      if (!tty) write(`${label} ...\n`);
    },
    update(p) {
      const pct = p.totalIterations ? Math.floor((100 * p.iterations) / p.totalIterations) : 0;
      const line = `${label} ${pct}% ${p.iterations}/${p.totalIterations} iterations, ${p.collections} collections, ${formatDurationMs(p.elapsedMs)}`;
      if (tty) write(`\r\x1b[2K${line}`);
      else if (performance.now() - lastPlain >= 5000) {
        lastPlain = performance.now();
        write(`${line}\n`);
      }
    },
    runEnd(line) {
      if (tty) write('\r\x1b[2K');
      write(`${line}\n`);
    },
  };
}
