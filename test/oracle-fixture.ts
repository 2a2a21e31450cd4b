// A single-threaded ScenarioContext over a small runtime, for showing each oracle fire on the damage
// it exists for: the test thread is mutator 0 and collects while "in native" (test/helpers.ts).
import { GlobalShadow, globalShadowBytes } from '../harness/common/global-shadow.ts';
import { firstFailure } from '../harness/common/failure.ts';
import { RunMemory } from '../harness/common/run-memory.ts';
import { Rng } from '../harness/common/seed.ts';
import { resolveConfig } from '../harness/config.ts';
import { ScenarioContext } from '../harness/worker/context.ts';
import { AbortedError } from '../runtime/errors.ts';
import * as L from '../runtime/layout.ts';
import type { RuntimeOptions } from '../runtime/options.ts';
import { smallRuntime } from './helpers.ts';

export function oracleWorld(over: Partial<RuntimeOptions> = {}) {
  const rt = smallRuntime({ globalRoots: 4, ...over });
  const shadow = new GlobalShadow(new SharedArrayBuffer(globalShadowBytes(rt.h.globalRoots)));
  const run = RunMemory.create(rt.h.threads);
  const ctx = new ScenarioContext(rt.m, resolveConfig('oracle', { mutators: 1 }), new Rng(1), shadow, run);
  /** Run `f`; the failure it records (outcome and detail), or null when it passed. */
  const outcomeOf = (f: () => void): string | null => {
    try {
      f();
      return null;
    } catch (e) {
      if (!(e instanceof AbortedError)) throw e;
      const f = firstFailure(run);
      return f ? `${L.OUTCOME_NAMES[f.kind]}/${f.detail}` : 'aborted without a forbidden outcome';
    }
  };
  /** A collection has run: the next safepoint checks everything this thread reaches. */
  const afterCollection = (): void => { Atomics.add(rt.h.i32, L.kEpoch, 1); };
  const word = (a: number, i: number): number => L.payloadIndex(a, i);
  return { ...rt, ctx, shadow, run, outcomeOf, afterCollection, word };
}
