// What a native run's parent (harness/native/run-native.ts) and its child process
// (harness/native/child.ts) say to each other over the IPC channel. Main side, both ends.
import type { NativeConfig } from '../common/native-addon.ts';
import type { ProgressInfo } from '../run-steps.ts';
import type { RunConfig, RunResult } from '../result.ts';

/** Everything the child needs for one run; the parent resolved every path. */
export interface NativeJob {
  library: string;
  addonPath: string;
  loader: string;
  /** URL of the worker threads' entry (harness/worker/native-entry, built). */
  workerEntry: string;
  scenarioModule: string;
  scenarioName: string;
  scenarioFile?: string;
  config: RunConfig;
  /** ps_config, sized from the run's config and the scenario's runtime sizing. */
  native: NativeConfig;
  graceMs: number;
}

export type ToChild = { type: 'run'; job: NativeJob } | { type: 'stop' };

/** Progress goes every quarter second whatever the parent wants of it: it is also the child's sign of life. */
export type FromChild =
  | { type: 'progress'; progress: ProgressInfo; stats: Record<string, number> }
  | { type: 'result'; result: RunResult }
  /** The run could not start (ps_create refused the configuration, the scenario module did not load). */
  | { type: 'failed'; message: string };
