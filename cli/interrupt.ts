// Ctrl-C (and SIGTERM) while a suite runs: the first asks the suite to stop. The run under way is
// aborted (its workers wind down) and marked interrupted, no further run starts, and the command
// goes on to print its table and write its reports for every run made, then exits 130 (143 for
// SIGTERM). A second signal exits at once, after removing any temp file being written. No worker
// outlives either: the pool is destroyed by the run, or ends with the process.
import { discardTempsNow } from '../reports/atomic.ts';

export interface Interrupts {
  readonly signal: AbortSignal;
  /** The signal that arrived, if one did. */
  received(): NodeJS.Signals | null;
  /** The exit code a command stopped by it ends with (128 + signal number). */
  exitCode(): number;
  dispose(): void;
}

const kSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const kCodes: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export function catchInterrupts(say: (s: string) => void): Interrupts {
  const controller = new AbortController();
  let got: NodeJS.Signals | null = null;
  const handler = (sig: NodeJS.Signals): void => {
    if (got !== null) {
      discardTempsNow();
      process.exit(kCodes[got] ?? 130);
    }
    got = sig;
    say(`\n${sig}: stopping: the current run ends now and is marked interrupted, and the reports cover every run made so far. ${sig} again quits at once, without reports.\n`);
    controller.abort();
  };
  for (const s of kSignals) process.on(s, handler);
  return {
    signal: controller.signal,
    received: () => got,
    exitCode: () => kCodes[got ?? 'SIGINT'],
    dispose: () => { for (const s of kSignals) process.off(s, handler); },
  };
}
