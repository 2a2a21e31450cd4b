// Every built-in scenario, by name, and the default suite: what `npm start` runs.
import type { ScenarioDefinition, ScenarioRegistry } from '../harness/common/scenario.ts';
import type { SuiteEntry } from '../harness/suite.ts';
import { scenario as deadlockRegression } from './deadlock-regression.ts';
import { scenario as ffiBlocking } from './ffi-blocking.ts';
import { scenario as fragmentation } from './fragmentation.ts';
import { scenario as graphSurvival } from './graph-survival.ts';
import { scenario as largeObjects } from './large-objects.ts';
import { scenario as nativeCalls } from './native-calls.ts';
import { scenario as pinConcurrent } from './pin-concurrent.ts';
import { scenario as pinGcPressure } from './pin-gc-pressure.ts';
import { scenario as pinNesting } from './pin-nesting.ts';
import { scenario as pinSpaces } from './pin-spaces.ts';
import { scenario as promotedHolders } from './promoted-holders.ts';

const all: ScenarioDefinition[] = [
  pinConcurrent, pinGcPressure, deadlockRegression, ffiBlocking, pinNesting, graphSurvival, largeObjects, fragmentation,
  nativeCalls, pinSpaces, promotedHolders,
];

export const SCENARIOS: ScenarioRegistry = new Map(all.map((s) => [s.name, s]));

/**
 * The default suite: every scenario once under the default strategy, plus the other two pin
 * strategies where their code paths differ (copy-on-pin's copy and read barrier under shared,
 * nested pins and under objects only native code holds; the GC locker around blocking calls), plus
 * two schedules that open the handshake's race windows: a collection at every safepoint (nested
 * pins, shortened; under copy-on-pin too, where every major collection must follow the forwarding
 * of objects copied since the last one), and jitter at every state change around blocking calls.
 * Chosen by measurement (npm run mutants) to find the most within about 15 s on 2 cores: README
 * "The default suite".
 */
export const DEFAULT_SUITE: readonly SuiteEntry[] = [
  ...all.map((s) => ({ scenario: s.name })),
  { scenario: 'pin-nesting', overrides: { strategy: 'copy-on-pin' } },
  { scenario: 'ffi-blocking', overrides: { strategy: 'copy-on-pin' } },
  { scenario: 'native-calls', overrides: { strategy: 'gc-locker' } },
  { scenario: 'pin-nesting', overrides: { iterations: 800, schedule: { everySafepoint: true } } },
  { scenario: 'pin-nesting', overrides: { strategy: 'copy-on-pin', iterations: 800, schedule: { everySafepoint: true } } },
  { scenario: 'ffi-blocking', overrides: { perturb: 'jitter' } },
];
