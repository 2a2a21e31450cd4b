// The public scenario API: what a scenario file is (defineScenario), what its program receives
// (MutatorContext) and the assertion helpers. Neutral: scenario files are loaded on the main thread
// (for the definition) and in every mutator worker (for the program), so this file imports types
// only (and the runtime's error classes and strategy names), and a scenario that imports it pulls nothing of the
// harness's main side into a worker.
//
//   import { defineScenario, atLeast } from 'pinstress/scenario';  // or from 'pinstress'
//   export default defineScenario({
//     name: 'my-pattern',
//     summary: 'pin a buffer around a blocking call',
//     module: import.meta.url,
//     defaults: { mutators: 4, iterations: 2000, nurseryBytes: 64 * 1024 },
//     assertions: (r) => [atLeast('pins exercised', r.outcomes.pinExercised, 1)],
//     program(ctx) {
//       for (let i = 0; i < ctx.iterations; i++) {
//         const buf = ctx.alloc(256);
//         const addr = ctx.pin(buf);
//         ctx.callNative(200, (io) => io.read(addr, 0));
//         ctx.unpin(buf);
//         ctx.release(buf);
//         ctx.progress(i);
//       }
//     },
//   });
import { STRATEGIES, type ForbiddenOutcome, type Strategy } from '../../runtime/layout.ts';
import type { RunOverrides } from '../config.ts';
import type { Assertion, RunConfig, RunResult } from '../result.ts';
import type { FailureDetailCode, FailureValues } from './failure.ts';

export type { ForbiddenOutcome, FailureDetailCode, FailureValues };
/** What unpin() throws for an unpin below zero (a program may probe that the runtime refuses it). */
export { UnpinUnderflowError, RuntimeError } from '../../runtime/errors.ts';

/** A handle: a slot in this mutator's shadow stack of roots. The collector updates it when the object moves. */
export type Handle = number;
/** The handle of nothing (a null reference, an empty global). */
export const NULL_HANDLE: Handle = -1;
/** A raw address pin() returned; valid, and the object's memory intact, until the matching unpin(). */
export type PinnedAddress = number;
export type GcKindName = 'minor' | 'major';
export type SpaceName = 'nursery' | 'old' | 'los' | 'pin-space' | 'outside';

/** The seeded random source of one mutator: the run's seed determines every choice. */
export interface ScenarioRandom {
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Shuffle in place; returns the array. */
  shuffle<T>(xs: T[]): T[];
}

/** What native code may do through pinned addresses while the thread is in a blocking call. */
export interface NativeIo {
  /** Read payload word i of the pinned object at addr (as native code reads its buffer). */
  read(addr: PinnedAddress, i: number): number;
  /** Overwrite the whole pinned object at addr with new content (as a read() or DMA into the buffer would). */
  rewrite(addr: PinnedAddress): void;
}

/**
 * What a scenario's program gets, one per mutator thread. Every object it allocates carries content
 * that is a function of its identity, and the harness checks that content in full, with the
 * identity of every reference and the address of every pin, after each collection (at the next
 * safepoint or return from native), at unpin and at release. A check that fails ends the run with
 * a forbidden outcome, so a program needs no checks of its own for what moved or broke.
 */
export interface MutatorContext {
  /** This mutator's index, 0 .. mutators-1. */
  readonly tid: number;
  readonly mutators: number;
  /** Iterations this mutator should run (the run's `iterations`). */
  readonly iterations: number;
  readonly rng: ScenarioRandom;
  readonly config: Readonly<RunConfig>;

  /** Allocate a byte array with `bytes` of payload (at least 12); objects above the large-object threshold go to the large-object space. */
  alloc(bytes: number): Handle;
  /** Allocate a reference object: `nRefs` fields, all null, and at least `dataBytes` of data. */
  allocRefs(nRefs: number, dataBytes?: number): Handle;
  /** Allocate an object and drop it at once: garbage that makes the collector work. */
  allocGarbage(bytes: number): void;
  /** Drop a handle; the object may be collected once nothing else holds it (a pin still does). */
  release(h: Handle): void;
  /** A second handle to the same object. */
  dup(h: Handle): Handle;
  /** The identity the object was allocated with (stable across moves). */
  id(h: Handle): number;
  /** Which space the object lives in now. */
  space(h: Handle): SpaceName;
  /** The object's address now: it may change at any safepoint unless the object is pinned (or never moves, as large objects). */
  address(h: Handle): number;

  /** Store a reference (NULL_HANDLE for null); old-to-young stores go through the write barrier. */
  setRef(holder: Handle, field: number, target: Handle): void;
  /** A handle to what field `field` refers to, or NULL_HANDLE. */
  getRef(holder: Handle, field: number): Handle;
  /** Publish an object in global root slot g, shared by every mutator (NULL_HANDLE clears it). */
  setGlobal(g: number, h: Handle): void;
  /** A handle to the object in global root slot g, or NULL_HANDLE. */
  getGlobal(g: number): Handle;

  /** Pin: the object stays where it is (and alive) until the matching unpin(). Pins nest, across threads too. */
  pin(h: Handle): PinnedAddress;
  /** Undo one pin() of this object. */
  unpin(h: Handle): void;
  /** A handle to a pinned object known only by its address (after its handles were released). */
  adopt(addr: PinnedAddress): Handle;

  /** A safepoint poll; with a forced schedule, a collection may run here. Returns whether one did. */
  safepoint(): boolean;
  /**
   * A blocking foreign call of about `us` microseconds: the thread is in native (collections run
   * meanwhile), and `body` may use pinned addresses only. Returns whether a collection ran.
   */
  callNative(us: number, body?: (io: NativeIo) => void): boolean;
  /** Ask for a collection without waiting. */
  requestGc(kind?: GcKindName): void;
  /** Ask for a collection and wait until one has run. */
  collect(kind?: GcKindName): void;
  /** Wait until every mutator reaches this point (set-up phases). */
  barrier(): void;
  /** Check one object now, in full (content, references, pin address); the run fails if it is damaged. */
  check(h: Handle): void;
  /**
   * Record a forbidden outcome found by a check of the scenario's own (something the harness cannot
   * know, e.g. a large object that is not in the large-object space). Ends the run.
   */
  forbidden(outcome: ForbiddenOutcome, detail: FailureDetailCode, values?: FailureValues): never;
  /** Record progress: call once per iteration (the watchdog judges each mutator by it). */
  progress(i: number): void;
}

/** Runtime sizing a scenario may need beyond the run options. */
export interface RuntimeSizing {
  rootsPerThread?: number;
  globalRoots?: number;
  losBytes?: number;
  pinSpaceBytes?: number;
  losThreshold?: number;
}

/**
 * What a scenario needs of the runtime it stresses, beyond allocation, pins and safepoints (every
 * runtime has those). A run on a runtime that lacks one is skipped with a sentence, not failed
 * (harness/requirements.ts). The statistics its assertions read are needs too, found by reading
 * them: a runtime that does not report one skips the scenario rather than fail it on a zero.
 */
export interface ScenarioRequirements {
  /** Reference objects: allocRefs, setRef, getRef. */
  refs?: boolean;
  /** A non-moving large-object space. */
  largeObjects?: boolean;
  /** A native state: collections run while a thread is in callNative. */
  nativeState?: boolean;
  /** Global roots: setGlobal, getGlobal. */
  globals?: boolean;
  /** space(): which space an object is in. */
  spaces?: boolean;
  /** A pin strategy the runtime must offer (the run's own --strategy is always needed too). */
  strategy?: Strategy;
}
export const REQUIREMENT_NAMES = ['refs', 'largeObjects', 'nativeState', 'globals', 'spaces', 'strategy'] as const;

export interface ScenarioDefinition {
  /** Unique name: what `pinstress run <name>` and results.json call it. Lower case, digits and dashes. */
  name: string;
  /** One line for `pinstress list`. */
  summary: string;
  /** Defaults over the run options (mutators, iterations, nurseryBytes, schedule, ...); flags override them. */
  defaults?: RunOverrides;
  runtime?: RuntimeSizing;
  /** What it needs of the runtime; a runtime without it skips the scenario (see ScenarioRequirements). */
  requires?: ScenarioRequirements;
  /** gc-locker: how long a collection may wait for pins to drain (default: half the watchdog budget). */
  lockerBudgetMs?: number;
  /**
   * Statistics the run must reach. Every scenario also gets the harness's own: no forbidden
   * outcome, at least one collection, and at least one object checked after a collection.
   */
  assertions?: (r: RunResult) => Assertion[];
  /** What every mutator runs. */
  program: (ctx: MutatorContext) => void;
  /**
   * The file that exports this definition (pass import.meta.url). Workers import it to run
   * `program`; pinstress fills it in when it loads a scenario file by path.
   */
  module?: string;
}

const kNamePattern = /^[a-z0-9][a-z0-9-]*$/;

/** Check a scenario definition's shape; returns it. One sentence on the first thing wrong. */
export function defineScenario(def: ScenarioDefinition): ScenarioDefinition {
  const problem = scenarioProblem(def);
  if (problem) throw new TypeError(problem);
  return def;
}

/** What is wrong with a would-be scenario definition, or null. */
export function scenarioProblem(def: unknown): string | null {
  if (!def || typeof def !== 'object') return 'a scenario must be an object made with defineScenario({...})';
  const d = def as Partial<ScenarioDefinition>;
  if (typeof d.name !== 'string' || !kNamePattern.test(d.name)) return `scenario name ${JSON.stringify(d.name)} must be lower case letters, digits and dashes`;
  if (typeof d.program !== 'function') return `scenario ${d.name} has no program(ctx) function`;
  if (typeof d.summary !== 'string') return `scenario ${d.name} has no summary`;
  if (d.assertions !== undefined && typeof d.assertions !== 'function') return `scenario ${d.name}: assertions must be a function of the run result`;
  if (d.defaults !== undefined && (typeof d.defaults !== 'object' || d.defaults === null)) return `scenario ${d.name}: defaults must be an object`;
  if (d.module !== undefined && typeof d.module !== 'string') return `scenario ${d.name}: module must be a file URL (import.meta.url)`;
  if (d.requires !== undefined) return requirementsProblem(d.name, d.requires);
  return null;
}

function requirementsProblem(name: string, r: unknown): string | null {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return `scenario ${name}: requires must be an object like { refs: true }`;
  for (const [k, v] of Object.entries(r)) {
    if (!(REQUIREMENT_NAMES as readonly string[]).includes(k)) return `scenario ${name}: requires.${k} is not a requirement (known: ${REQUIREMENT_NAMES.join(', ')})`;
    if (k === 'strategy' ? !(STRATEGIES as readonly unknown[]).includes(v) : typeof v !== 'boolean') {
      return `scenario ${name}: requires.${k} must be ${k === 'strategy' ? `one of ${STRATEGIES.join(', ')}` : 'true or false'}`;
    }
  }
  return null;
}

/** True for something defineScenario accepted (how a loader finds the definition among a file's exports). */
export function isScenarioDefinition(x: unknown): x is ScenarioDefinition {
  return scenarioProblem(x) === null;
}

/** An assertion: actual >= min. */
export function atLeast(name: string, actual: number, min: number): Assertion {
  return { name, passed: actual >= min, expected: `>= ${min}`, actual: String(actual) };
}
/** An assertion: actual === expected. */
export function equals(name: string, actual: number, expected: number): Assertion {
  return { name, passed: actual === expected, expected: `= ${expected}`, actual: String(actual) };
}

/** Scenarios by name (the built-in suite, plus whatever a user loads). */
export type ScenarioRegistry = ReadonlyMap<string, ScenarioDefinition>;
