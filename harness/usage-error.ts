// Bad input (flags, scenario files, baselines): one sentence naming the problem, exit code 2.
import { kExitUsage } from './result.ts';

export class UsageError extends Error {
  readonly code = 'PIN_USAGE';
  readonly exitCode = kExitUsage;
  constructor(sentence: string) {
    super(sentence);
    this.name = 'UsageError';
  }
}
