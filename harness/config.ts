// Run configuration: resolving the layers (the options' defaults, a scenario's, an entry's, the
// user's) against the one options table (run-options.ts), and parsing sizes, counts and times.
// Bad input becomes a UsageError: one sentence, exit code 2.
import type { z } from 'zod';
import { objectBytes } from '../runtime/heap.ts';
import { defaultConfig, flagOf, runConfigSchema, runOverridesSchema, type RunConfig, type RunOverrides } from './run-options.ts';
import { UsageError } from './usage-error.ts';

export { PERTURB_MODES, RUN_OPTIONS, type RunOverrides } from './run-options.ts';

/**
 * The first problem as one sentence. `where` names the source; values from flags are named by
 * their flag (--mutators), values from a file or a scenario by their option name (mutators).
 */
function firstIssue(e: z.ZodError, where: string): string {
  const i = e.issues[0];
  const path = i.path.filter((p) => typeof p === 'string');
  if (i.code === 'unrecognized_keys') return `${where}: unknown option ${i.keys.map((k) => `"${k}"`).join(', ')}${path.length ? ` in ${path.join('.')}` : ''}.`;
  const subject = where === 'flags' ? (flagOf(path) ?? path.join('.')) : path.join('.') || 'the value';
  const text = i.message.includes('%s') ? i.message.replace('%s', subject) : `${subject}: ${i.message}`;
  return where === 'flags' ? `${text}.` : `${where}: ${text}.`;
}

export function parseOverrides(input: unknown, where: string): RunOverrides {
  const r = runOverridesSchema.safeParse(input);
  if (!r.success) throw new UsageError(firstIssue(r.error, where));
  return r.data;
}

/** Merge defaults <- scenario defaults <- user overrides, then check the cross-field rules. */
export function resolveConfig(scenario: string, ...layers: (RunOverrides | undefined)[]): RunConfig {
  const { schedule: start, ...base } = defaultConfig(scenario) as RunConfig & Record<string, unknown>;
  let schedule = { ...start };
  for (const l of layers) {
    for (const [k, v] of Object.entries(l ?? {})) {
      if (v === undefined) continue;
      if (k === 'schedule') schedule = { ...schedule, ...(v as object) };
      else (base as Record<string, unknown>)[k] = v;
    }
  }
  const r = runConfigSchema.safeParse({ ...base, schedule, scenario });
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

/** "64KiB", "1MiB", "65536", "64k", "1.5MiB" -> bytes; a size must come to a whole number of bytes. */
export function parseSize(s: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(s);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${what} "${s}" is not a size; write it like 65536, 64KiB or 1MiB.`);
  const n = Number(m[1]) * unit;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${what} "${s}" is not a whole number of bytes; write it like 65536, 64KiB or 1MiB.`);
  if (n <= 0) throw new UsageError(`${what} "${s}" must be a positive size.`);
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
