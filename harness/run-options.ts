// Every option of a run, once: its flag, kind, limits, default and meaning. Everything else is
// derived from this table (as mmtk-core derives its options): the RunConfig type, the zod schema
// that validates flags, scenario defaults and config files, the CLI flags and their help, and the
// repro line's reverse mapping. Options the runtime owns take their default and words from the
// runtime's own table (runtime/options.ts), so the two cannot disagree.
import { z } from 'zod';
import { FAULT_NAMES } from '../runtime/faults.ts';
import { MUTEX_MODES, STRATEGIES } from '../runtime/layout.ts';
import { RUNTIME_OPTIONS } from '../runtime/options.ts';

export const PERTURB_MODES = ['none', 'yield', 'jitter', 'sleep', 'priority'] as const;

type Kind = 'count' | 'size' | 'choice' | 'list' | 'switch' | 'path';

interface Row {
  /** The long flag, without its value placeholder. */
  readonly flag: string;
  readonly kind: Kind;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /**
   * The choices hold unless this option is set: then the values are the business of what it names
   * (a runtime library lists its own faults, checked when it is loaded: harness/native/target.ts).
   */
  readonly choicesUnless?: 'runtime';
  readonly default: unknown;
  readonly doc: string;
  /** Always on the repro line, even when it equals the scenario's default. */
  readonly always?: boolean;
}

const row = <R extends Row>(r: R): R => r;

/** Top-level options of a run (RunConfig fields of the same names). */
export const RUN_OPTIONS = {
  seed: row({ flag: '--seed', kind: 'count', min: 0, max: 0xffffffff, default: 1, doc: 'the one seed that drives everything; with --seeds N, the first of N consecutive seeds', always: true }),
  mutators: row({ flag: '--mutators', kind: 'count', min: 1, max: 64, default: RUNTIME_OPTIONS.mutators.default, doc: RUNTIME_OPTIONS.mutators.doc, always: true }),
  iterations: row({ flag: '--iterations', kind: 'count', min: 1, max: 1e9, default: 5000, doc: 'iterations per mutator', always: true }),
  nurseryBytes: row({ flag: '--nursery', kind: 'size', min: 1, max: 1 << 30, default: RUNTIME_OPTIONS.nurseryBytes.default, doc: RUNTIME_OPTIONS.nurseryBytes.doc, always: true }),
  blockBytes: row({ flag: '--block', kind: 'size', min: 1, max: 1 << 20, default: RUNTIME_OPTIONS.blockBytes.default, doc: RUNTIME_OPTIONS.blockBytes.doc }),
  oldBytes: row({ flag: '--old', kind: 'size', min: 1, max: 1 << 30, default: RUNTIME_OPTIONS.oldBytes.default, doc: RUNTIME_OPTIONS.oldBytes.doc }),
  runtime: row({ flag: '--runtime', kind: 'path', default: null as string | null, doc: 'stress this runtime library (implementing native/pinstress.h) instead of the built-in runtime; each run in a child process' }),
  fault: row({ flag: '--fault', kind: 'list', choices: FAULT_NAMES, choicesUnless: 'runtime', default: [] as string[], doc: 'switch a fault on (repeatable or comma-separated; with --runtime, the library\'s own fault names); the built-in runtime\'s faults' }),
  mutex: row({ flag: '--mutex', kind: 'choice', choices: MUTEX_MODES, default: RUNTIME_OPTIONS.mutex.default, doc: RUNTIME_OPTIONS.mutex.doc }),
  strategy: row({ flag: '--strategy', kind: 'choice', choices: STRATEGIES, default: RUNTIME_OPTIONS.strategy.default, doc: RUNTIME_OPTIONS.strategy.doc }),
  perturb: row({ flag: '--perturb', kind: 'choice', choices: PERTURB_MODES, default: 'none', doc: 'schedule perturbation at pins, unpins, safepoints and allocations' }),
  watchdogMs: row({ flag: '--watchdog', kind: 'count', min: 20, max: 600_000, default: 2000, doc: 'a mutator with no progress for this many ms ends the run as hung' }),
  verifyEvery: row({ flag: '--verify-every', kind: 'count', min: 0, max: 1e9, default: RUNTIME_OPTIONS.verifyEvery.default, doc: RUNTIME_OPTIONS.verifyEvery.doc }),
  record: row({ flag: '--record', kind: 'switch', default: true, doc: 'record thread timelines and GC events for reports' }),
} as const;

/** The forced-collection schedule (RunConfig.schedule). */
export const SCHEDULE_OPTIONS = {
  everyAllocs: row({ flag: '--gc-every-allocs', kind: 'count', min: 0, max: 1e9, default: 0, doc: 'force a collection every K allocations of each mutator (N mutators together force one about every K/N)' }),
  everyUs: row({ flag: '--gc-every-us', kind: 'count', min: 0, max: 1e9, default: 0, doc: 'force a collection every T microseconds' }),
  everySafepoint: row({ flag: '--gc-every-safepoint', kind: 'switch', default: false, doc: 'force a collection at every safepoint (the stress setting)' }),
} as const;

type ValueOf<R> = R extends { kind: 'choice'; choices: readonly (infer C)[] } ? C
  : R extends { kind: 'list'; choices: readonly (infer C)[] } ? C[]
  : R extends { kind: 'switch' } ? boolean
  : R extends { kind: 'path' } ? string | null
  : number;
// A path may be absent (older results documents, hand-written configs): absent is as null.
type Values<T> = { -readonly [K in keyof T as T[K] extends { kind: 'path' } ? never : K]: ValueOf<T[K]> } &
  { -readonly [K in keyof T as T[K] extends { kind: 'path' } ? K : never]?: ValueOf<T[K]> };

/** One run's configuration: every option of the tables, resolved. */
export type RunConfig = { scenario: string } & Values<typeof RUN_OPTIONS> & { schedule: Values<typeof SCHEDULE_OPTIONS> };

/**
 * Messages name their subject with %s: the flag when the value came from the command line, the
 * option's name when it came from a config file or a scenario's defaults (config.ts firstIssue).
 */
function schemaOf(r: Row): z.ZodType {
  switch (r.kind) {
    case 'count':
    case 'size': {
      const unit = r.kind === 'size' ? ' bytes' : '';
      return z.number({ error: '%s must be a number' }).int('%s must be a whole number')
        .min(r.min!, r.min === 0 ? '%s must not be negative' : `%s must be at least ${r.min}${unit}`)
        .max(r.max!, `%s must be at most ${r.max}${unit}`);
    }
    case 'choice':
      return z.enum(r.choices as [string, ...string[]], { error: (i) => `%s "${String(i.input)}" is not one of ${r.choices!.join(', ')}` });
    case 'list':
      // Open choices are checked against the object as a whole (choicesChecked).
      return z.array(r.choicesUnless ? z.string({ error: '%s must be a list of names' }) : z.enum(r.choices as [string, ...string[]], { error: (i) => unknownName(r, i.input) }), { error: '%s must be a list' });
    case 'switch':
      return z.boolean({ error: '%s must be true or false' });
    case 'path':
      return z.string({ error: '%s must be a file path' }).min(1, '%s must name a file').nullable().optional();
  }
}

const unknownName = (r: Row, v: unknown): string => `%s "${String(v)}" is not a known name (known: ${r.choices!.join(', ')})`;

/** A list whose choices hold unless another option is set (choicesUnless): checked once both are known. */
function choicesChecked<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const o = value as Record<string, unknown>;
    for (const [key, r] of Object.entries(RUN_OPTIONS) as [string, Row][]) {
      if (!r.choicesUnless || o[r.choicesUnless] || !Array.isArray(o[key])) continue;
      (o[key] as unknown[]).forEach((v, i) => {
        if (!r.choices!.includes(v as string)) ctx.addIssue({ code: 'custom', path: [key, i], message: unknownName(r, v) });
      });
    }
  }) as unknown as T;
}

/** The flag of an option, by its path in a RunConfig (["mutators"], ["schedule", "everyUs"]). */
export function flagOf(path: readonly PropertyKey[]): string | null {
  const t: Record<string, Row> = path[0] === 'schedule' ? SCHEDULE_OPTIONS : RUN_OPTIONS;
  const key = String(path[0] === 'schedule' ? path[1] : path[0]);
  return t[key]?.flag ?? null;
}

const shape = (t: Record<string, Row>): Record<string, z.ZodType> => Object.fromEntries(Object.entries(t).map(([k, r]) => [k, schemaOf(r)]));

const scheduleSchema = z.object(shape(SCHEDULE_OPTIONS)).strict();
export const runConfigSchema = choicesChecked(z.object({ scenario: z.string().min(1), ...shape(RUN_OPTIONS), schedule: scheduleSchema }).strict()) as unknown as z.ZodType<RunConfig>;

/** A partial config (flags, a scenario's defaults, a config file): the same rules, every field optional. */
export const runOverridesSchema = choicesChecked(z.object({
  scenario: z.string().min(1).optional(),
  ...Object.fromEntries(Object.entries(shape(RUN_OPTIONS)).map(([k, s]) => [k, s.optional()])),
  schedule: scheduleSchema.partial().optional(),
}).strict()) as unknown as z.ZodType<RunOverrides>;

export type RunOverrides = Partial<Omit<RunConfig, 'schedule'>> & { schedule?: Partial<RunConfig['schedule']> };

/** Every option's default, as a fresh RunConfig for `scenario`. */
export function defaultConfig(scenario: string): RunConfig {
  const pick = (t: Record<string, Row>): Record<string, unknown> => Object.fromEntries(Object.entries(t).map(([k, r]) => [k, structuredClone(r.default)]));
  return { scenario, ...pick(RUN_OPTIONS), schedule: pick(SCHEDULE_OPTIONS) } as RunConfig;
}

/** Each option with where its value lives in a RunConfig: [table key, schedule key or null, row]. */
export function optionRows(): { key: string; inSchedule: boolean; row: Row }[] {
  return [
    ...Object.entries(RUN_OPTIONS).map(([key, row]) => ({ key, inSchedule: false, row: row as Row })),
    ...Object.entries(SCHEDULE_OPTIONS).map(([key, row]) => ({ key, inSchedule: true, row: row as Row })),
  ];
}
