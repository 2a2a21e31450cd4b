// The flags every command that runs scenarios shares, and their translation into RunOverrides.
// Parsing errors are UsageErrors that name the flag.
import { type Command, Option } from 'commander';
import { parseCount, parseOverrides, parseSize, PERTURB_MODES, type RunOverrides } from '../harness/config.ts';
import { UsageError } from '../harness/usage-error.ts';
import { FAULT_NAMES } from '../runtime/faults.ts';
import { MUTEX_MODES, STRATEGIES } from '../runtime/layout.ts';
import { readFileSync } from 'node:fs';

export interface RunFlags {
  mutators?: string;
  iterations?: string;
  nursery?: string;
  block?: string;
  old?: string;
  seed?: string;
  fault?: string[];
  mutex?: string;
  strategy?: string;
  perturb?: string;
  watchdog?: string;
  gcEveryAllocs?: string;
  gcEveryUs?: string;
  gcEverySafepoint?: boolean;
  verifyEvery?: string;
  record?: boolean;
  config?: string;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function addRunFlags(c: Command): Command {
  return c
    .option('--mutators <n>', 'mutator threads')
    .option('--iterations <n>', 'iterations per mutator')
    .option('--nursery <size>', 'nursery size, e.g. 64KiB or 1MiB')
    .option('--block <size>', 'nursery block (TLAB) size')
    .option('--old <size>', 'old space size')
    .option('--seed <n>', 'the seed that drives everything; with --seeds N, the first of N consecutive seeds (default: 1)')
    .option('--fault <name>', `switch a fault on (repeatable or comma-separated): ${FAULT_NAMES.join(', ')}`, collect)
    .addOption(new Option('--mutex <mode>', 'gc_mutex mode').choices([...MUTEX_MODES]))
    .addOption(new Option('--strategy <name>', 'pin strategy').choices([...STRATEGIES]))
    .addOption(new Option('--perturb <mode>', 'schedule perturbation').choices([...PERTURB_MODES]))
    .option('--watchdog <ms>', 'no progress for this long ends the run as hung (default 2000)')
    .option('--gc-every-allocs <k>', 'force a collection every K allocations')
    .option('--gc-every-us <t>', 'force a collection every T microseconds')
    .option('--gc-every-safepoint', 'force a collection at every safepoint (the stress setting)')
    .option('--no-gc-every-safepoint', 'turn the every-safepoint schedule off')
    .option('--verify-every <n>', 'run the heap verifier after every Nth collection (0 = never)')
    .option('--no-record', 'do not record timelines and GC events (reports get no charts)')
    .option('--config <file>', 'a JSON file of run options (same names as results.json config)');
}

/** Flags -> overrides; a config file is a base layer that flags override. */
export function overridesFrom(f: RunFlags): RunOverrides {
  const file = f.config ? readConfigFile(f.config) : {};
  const o: Record<string, unknown> = {};
  if (f.mutators !== undefined) o.mutators = parseCount(f.mutators, '--mutators');
  if (f.iterations !== undefined) o.iterations = parseCount(f.iterations, '--iterations');
  if (f.nursery !== undefined) o.nurseryBytes = parseSize(f.nursery, '--nursery');
  if (f.block !== undefined) o.blockBytes = parseSize(f.block, '--block');
  if (f.old !== undefined) o.oldBytes = parseSize(f.old, '--old');
  if (f.seed !== undefined) o.seed = parseCount(f.seed, '--seed', 0);
  if (f.fault !== undefined) o.fault = f.fault;
  if (f.mutex !== undefined) o.mutex = f.mutex;
  if (f.strategy !== undefined) o.strategy = f.strategy;
  if (f.perturb !== undefined) o.perturb = f.perturb;
  if (f.watchdog !== undefined) o.watchdogMs = parseCount(f.watchdog, '--watchdog');
  if (f.verifyEvery !== undefined) o.verifyEvery = parseCount(f.verifyEvery, '--verify-every', 0);
  if (f.record === false) o.record = false;
  const schedule: Record<string, unknown> = {};
  if (f.gcEveryAllocs !== undefined) schedule.everyAllocs = parseCount(f.gcEveryAllocs, '--gc-every-allocs', 0);
  if (f.gcEveryUs !== undefined) schedule.everyUs = parseCount(f.gcEveryUs, '--gc-every-us', 0);
  if (f.gcEverySafepoint !== undefined) schedule.everySafepoint = f.gcEverySafepoint;
  if (Object.keys(schedule).length) o.schedule = schedule;
  const flags = parseOverrides(o, 'flags');
  return { ...file, ...flags, schedule: { ...file.schedule, ...flags.schedule } };
}

function readConfigFile(path: string): RunOverrides {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${path}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config file ${path} is not valid JSON (${(e as Error).message}).`);
  }
  if (json && typeof json === 'object' && 'scenario' in json) delete (json as Record<string, unknown>).scenario;
  return parseOverrides(json, `config file ${path}`);
}
