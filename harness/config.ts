// Run configuration: one declarative table of options (defaults and docs), a zod schema that
// validates every source (flags, scenario defaults, config files), and size parsing.
// Bad input becomes a UsageError: one sentence, exit code 2.
import { z } from 'zod';
import { FAULT_NAMES, isFaultName } from '../runtime/faults.ts';
import { objectBytes } from '../runtime/heap.ts';
import { MUTEX_MODES, STRATEGIES } from '../runtime/layout.ts';
import type { RunConfig } from './result.ts';
import { UsageError } from './usage-error.ts';

export const PERTURB_MODES = ['none', 'yield', 'jitter', 'sleep', 'priority'] as const;

/** Every option of a run, with its default and what it does. Scenario defaults override these. */
export const RUN_OPTIONS = {
  mutators: { default: 4, doc: 'mutator threads (the collector is one more thread)' },
  iterations: { default: 5000, doc: 'iterations per mutator' },
  nurseryBytes: { default: 256 * 1024, doc: 'nursery size (accepts 64KiB, 1MiB)' },
  blockBytes: { default: 4096, doc: 'nursery block (TLAB) size' },
  oldBytes: { default: 16 * 1024 * 1024, doc: 'old space size' },
  seed: { default: 1, doc: 'the one seed that drives everything' },
  fault: { default: [] as string[], doc: 'faults to switch on, by name (see `pinstress list`)' },
  mutex: { default: 'normal' as const, doc: 'gc_mutex mode: normal | errorcheck' },
  strategy: { default: 'in-place' as const, doc: 'pin strategy: in-place | copy-on-pin | gc-locker' },
  perturb: { default: 'none' as const, doc: 'schedule perturbation: none | yield | jitter | sleep | priority' },
  watchdogMs: { default: 2000, doc: 'no progress for this long ends the run as hung' },
  schedule: { default: { everyAllocs: 0, everyUs: 0, everySafepoint: false }, doc: 'forced collections' },
  verifyEvery: { default: 4, doc: 'heap verifier after every Nth collection (0 = never)' },
  record: { default: true, doc: 'record thread timelines and GC events for reports' },
} as const;

const posInt = (what: string, max = 1e9) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);
const nonNegInt = (what: string) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must not be negative`);

export const runConfigSchema = z.object({
  scenario: z.string().min(1),
  mutators: posInt('mutators', 64),
  iterations: posInt('iterations'),
  nurseryBytes: posInt('nursery size', 1 << 30),
  blockBytes: posInt('block size', 1 << 20),
  oldBytes: posInt('old space size', 1 << 30),
  seed: z.number().int('seed must be a whole number').min(0, 'seed must not be negative').max(0xffffffff, 'seed must fit in 32 bits'),
  fault: z.array(z.string().refine(isFaultName, { error: (i) => `unknown fault "${String(i.input)}" (known: ${FAULT_NAMES.join(', ')})` })),
  mutex: z.enum(MUTEX_MODES, { error: (i) => `unknown mutex mode "${String(i.input)}" (use ${MUTEX_MODES.join(' or ')})` }),
  strategy: z.enum(STRATEGIES, { error: (i) => `unknown strategy "${String(i.input)}" (use ${STRATEGIES.join(', ')})` }),
  perturb: z.enum(PERTURB_MODES, { error: (i) => `unknown perturbation mode "${String(i.input)}" (use ${PERTURB_MODES.join(', ')})` }),
  watchdogMs: z.number().int().min(20, 'the watchdog budget must be at least 20 ms').max(600_000, 'the watchdog budget must be at most 600000 ms'),
  schedule: z.object({ everyAllocs: nonNegInt('--gc-every-allocs'), everyUs: nonNegInt('--gc-every-us'), everySafepoint: z.boolean() }).strict(),
  verifyEvery: nonNegInt('--verify-every'),
  record: z.boolean(),
}).strict();

/** A partial config from a flag set, a scenario or a file: same rules, every field optional. */
export const runOverridesSchema = runConfigSchema.partial().extend({
  schedule: runConfigSchema.shape.schedule.partial().optional(),
}).strict();
export type RunOverrides = z.infer<typeof runOverridesSchema>;

function firstIssue(e: z.ZodError, where: string): string {
  const i = e.issues[0];
  const path = i.path.length ? ` (${i.path.join('.')})` : '';
  if (i.code === 'unrecognized_keys') return `${where}: unknown option ${i.keys.map((k) => `"${k}"`).join(', ')}${path}.`;
  return `${where}: ${i.message}${path}.`;
}

export function parseOverrides(input: unknown, where: string): RunOverrides {
  const r = runOverridesSchema.safeParse(input);
  if (!r.success) throw new UsageError(firstIssue(r.error, where));
  return r.data;
}

/** Merge defaults <- scenario defaults <- user overrides, then check the cross-field rules. */
export function resolveConfig(scenario: string, ...layers: (RunOverrides | undefined)[]): RunConfig {
  const base: Record<string, unknown> = { scenario };
  for (const [k, v] of Object.entries(RUN_OPTIONS)) base[k] = structuredClone(v.default);
  let schedule = { ...RUN_OPTIONS.schedule.default };
  for (const l of layers) {
    for (const [k, v] of Object.entries(l ?? {})) {
      if (v === undefined) continue;
      if (k === 'schedule') schedule = { ...schedule, ...(v as object) };
      else base[k] = v;
    }
  }
  base.schedule = schedule;
  base.scenario = scenario;
  const r = runConfigSchema.safeParse(base);
  if (!r.success) throw new UsageError(firstIssue(r.error, `scenario ${scenario}`));
  const c = r.data as RunConfig;
  const minObject = objectBytes(64);
  if (c.nurseryBytes < minObject) {
    throw new UsageError(`a nursery of ${c.nurseryBytes} bytes cannot hold one ${minObject}-byte object; use at least ${minObject} bytes (4KiB or more is sensible).`);
  }
  if (c.nurseryBytes < c.blockBytes) c.blockBytes = c.nurseryBytes;
  if (c.nurseryBytes % c.blockBytes !== 0) {
    throw new UsageError(`the nursery (${c.nurseryBytes} bytes) must be a multiple of the ${c.blockBytes}-byte block size.`);
  }
  return c;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1 << 20, mb: 1 << 20, mib: 1 << 20, g: 1 << 30, gb: 1 << 30, gib: 1 << 30 };

/** "64KiB", "1MiB", "65536", "64k" -> bytes. */
export function parseSize(s: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(s);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${what} "${s}" is not a size; write it like 65536, 64KiB or 1MiB.`);
  const n = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${what} "${s}" must be a positive size.`);
  return n;
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "20s", "1.5m", "1h", "500ms" -> milliseconds; a bare number is seconds. */
export function parseDuration(s: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(s);
  const unit = m ? (m[2] === '' ? 1000 : TIME_UNITS[m[2].toLowerCase()]) : undefined;
  if (!m || unit === undefined) throw new UsageError(`${flag} "${s}" is not a time; write it like 20s, 5m or 1h.`);
  const ms = Number(m[1]) * unit;
  if (!(ms > 0) || !Number.isFinite(ms)) throw new UsageError(`${flag} must be longer than zero.`);
  return ms;
}

/** A whole number from a flag; anything else is a UsageError naming the flag. */
export function parseCount(s: string, flag: string, min = 1): number {
  if (!/^-?\d+$/.test(s.trim())) throw new UsageError(`${flag} "${s}" is not a whole number.`);
  const n = Number(s);
  if (n < min) throw new UsageError(`${flag} must be at least ${min}, got ${n}.`);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} "${s}" is too large.`);
  return n;
}

export function formatSize(n: number): string {
  if (n % (1 << 20) === 0) return `${n / (1 << 20)}MiB`;
  if (n % 1024 === 0) return `${n / 1024}KiB`;
  return String(n);
}
