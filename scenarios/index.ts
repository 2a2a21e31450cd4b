// Every built-in scenario, by name.
import type { ScenarioDefinition, ScenarioRegistry } from '../harness/common/scenario.ts';
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
export const DEFAULT_SUITE: readonly string[] = all.map((s) => s.name);
