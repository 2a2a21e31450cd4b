// The flags every command that runs scenarios shares, derived from the options table
// (harness/run-options.ts): each option's flag, help (with its default), and parser by kind.
// Parsing errors are UsageErrors that name the flag.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { parseCount, parseOverrides, parseSize, type RunOverrides } from '../harness/config.ts';
import { optionRows } from '../harness/run-options.ts';
import { formatSize } from '../harness/config.ts';
import { UsageError } from '../harness/usage-error.ts';
import { isScenarioPath } from '../harness/scenario-ref.ts';

/** What commander hands back: each option under its camel-cased flag name, plus --config. */
export type RunFlags = Record<string, unknown> & { config?: string };

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const attr = (flag: string): string => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function defaultText(kind: string, d: unknown): string {
  if (kind === 'size') return formatSize(d as number);
  if (Array.isArray(d)) return d.length ? d.join(',') : 'none';
  return String(d);
}

/** Omit: flags a command defines its own way (compare's --strategy takes a list). */
export function addRunFlags(c: Command, omit: readonly string[] = []): Command {
  for (const { row } of optionRows()) {
    if (omit.includes(row.flag)) continue;
    const help = `${row.doc} (default ${defaultText(row.kind, row.default)})`;
    if (row.kind === 'switch') {
      // A switch that is on by default is turned off by its --no- form, and the other way round.
      if (row.default === true) c.option(`--no-${row.flag.slice(2)}`, `do not ${row.doc}`);
      else c.option(row.flag, row.doc).option(`--no-${row.flag.slice(2)}`, `turn ${row.flag} off`);
    } else if (row.kind === 'choice') c.addOption(new Option(`${row.flag} <name>`, help).choices([...row.choices!]));
    else if (row.kind === 'list') c.option(`${row.flag} <name>`, `${row.doc}: ${row.choices!.join(', ')}`, collect);
    else if (row.kind === 'path') c.option(`${row.flag} <file>`, row.doc);
    else c.option(`${row.flag} <${row.kind === 'size' ? 'size' : 'n'}>`, help);
  }
  return c.option('--config <file>', 'a JSON file of run options (same names as results.json config; paths in it are relative to the file)');
}

/** Flags -> overrides; a config file is a base layer that flags override. */
export function overridesFrom(f: RunFlags): RunOverrides {
  const file = f.config ? readConfigFile(f.config) : {};
  const top: Record<string, unknown> = {};
  const schedule: Record<string, unknown> = {};
  for (const { key, inSchedule, row } of optionRows()) {
    const v = f[attr(row.flag)];
    // A switch on by default has only its --no- form: commander reports it as true unless given.
    if (v === undefined || (row.kind === 'switch' && row.default === true && v === true)) continue;
    const value = row.kind === 'count' ? parseCount(String(v), row.flag, row.min) : row.kind === 'size' ? parseSize(String(v), row.flag) : v;
    (inSchedule ? schedule : top)[key] = value;
  }
  if (Object.keys(schedule).length) top.schedule = schedule;
  // A runtime named in the file opens --fault to the library's own names (run-options.ts choicesUnless).
  const flags = parseOverrides(file.runtime && top.runtime === undefined ? { ...top, runtime: file.runtime } : top, 'flags');
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
    // Only where it broke, never the text itself: a binary file would fill the terminal.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new UsageError(`config file ${path} is not valid JSON${at ? ` (at character ${at[1]})` : ''}.`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`config file ${path} must hold one JSON object of run options (like {"mutators": 2}), not ${Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`}.`);
  }
  const o = parseOverrides(json, `config file ${path}`);
  // Paths in the file are the file's own: relative to its folder, not to where pinstress was started.
  const near = (p: string): string => {
    if (isAbsolute(p)) return p;
    const r = relative(process.cwd(), resolve(dirname(path), p));
    return isAbsolute(r) || r.startsWith('..') ? r : `./${r}`;
  };
  return {
    ...o,
    ...(o.scenario !== undefined && isScenarioPath(o.scenario) ? { scenario: near(o.scenario) } : {}),
    ...(typeof o.runtime === 'string' ? { runtime: near(o.runtime) } : {}),
  };
}

/**
 * The scenarios a command runs, given the names on its command line and a config file's own
 * "scenario" (if any): the file's is used when the command line names none, and must agree
 * with it otherwise.
 */
export function scenariosWithConfig(names: readonly string[], o: RunOverrides): { names: string[]; overrides: RunOverrides } {
  const { scenario, ...overrides } = o;
  if (scenario === undefined) return { names: [...names], overrides };
  if (names.length === 0) return { names: [scenario], overrides };
  if (names.length === 1 && names[0] === scenario) return { names: [...names], overrides };
  throw new UsageError(`the config file names scenario ${scenario}, but the command line names ${names.join(', ')}; drop one of the two.`);
}
