// What a user may name a scenario by, everywhere a scenario is accepted (run, repro, shrink,
// compare, soak, runScenario, runSuite): a built-in name, the path of a file that exports a
// definition (TypeScript or JavaScript, anywhere on disk), or a definition object. Main thread.
// A broken file is one sentence naming the file (UsageError, exit 2) before any run starts.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importModule } from './common/import-module.ts';
import { isScenarioDefinition, scenarioProblem, type ScenarioDefinition, type ScenarioRegistry } from './common/scenario.ts';
import { UsageError } from './usage-error.ts';

export type ScenarioRef = string | ScenarioDefinition;

/** A name with a slash, or with a module's extension, is a file path. */
export function isScenarioPath(s: string): boolean {
  return /[\\/]/.test(s) || /\.(c|m)?(t|j)sx?$/.test(s);
}

/**
 * Where a file that does not load broke, as file:line[:column], when that can be told: the
 * TypeScript loader puts it in the stack; Node's own import does not for a syntax error, so the
 * file is checked once more with node --check (a cold path: the run is refused anyway).
 */
function loadErrorLocation(e: unknown, file: string): string | null {
  const stack = e instanceof Error ? String(e.stack) : '';
  const m = /^\s*(?:at\s+)?(\S+?):(\d+):(\d+)\s*$/m.exec(stack.split('\n').slice(1).find((l) => !l.includes('node:') && /:\d+:\d+\s*$/.test(l)) ?? '');
  if (m && !m[1].includes('node_modules')) return `${m[1].replace(/^file:\/\//, '')}:${m[2]}:${m[3]}`;
  if (!(e instanceof SyntaxError) || !/\.(c|m)?js$/.test(file)) return null;
  const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const line = /^(\S+):(\d+)\s*$/m.exec(r.stderr ?? '');
  return line ? `${line[1].replace(/^file:\/\//, '')}:${line[2]}` : null;
}

/** The definition a file exports (default or named); its `module` is set to the file. */
export async function loadScenarioFile(path: string, cwd = process.cwd()): Promise<ScenarioDefinition> {
  const file = resolvePath(cwd, path);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`scenario file ${path} does not exist.`);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(pathToFileURL(file).href);
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
    const at = loadErrorLocation(e, file);
    throw new UsageError(`scenario file ${path} does not load: ${first}${at ? ` (at ${at})` : ''}.`);
  }
  const values = Object.values(mod);
  const defs = values.filter(isScenarioDefinition);
  if (defs.length === 0) {
    const almost = values.find((v) => v && typeof v === 'object' && 'name' in (v as object));
    const why = almost ? scenarioProblem(almost) : 'it exports no value made with defineScenario({...})';
    throw new UsageError(`scenario file ${path} has no scenario: ${why}.`);
  }
  const names = [...new Set(defs.map((d) => d.name))];
  if (names.length > 1) throw new UsageError(`scenario file ${path} exports several scenarios (${names.join(', ')}); keep one per file.`);
  return { ...defs[0], module: pathToFileURL(file).href };
}

/** Resolve one reference; a file's definition is remembered with the path it was loaded from. */
export async function resolveScenario(ref: ScenarioRef, registry: ScenarioRegistry): Promise<ScenarioDefinition> {
  if (typeof ref !== 'string') {
    const problem = scenarioProblem(ref);
    if (problem) throw new UsageError(`${problem}.`);
    return notABuiltInsName(ref, registry, 'a scenario passed in');
  }
  const builtIn = registry.get(ref);
  if (builtIn) return builtIn;
  if (isScenarioPath(ref)) return notABuiltInsName(await loadScenarioFile(ref), registry, `scenario file ${ref}`);
  throw new UsageError(`unknown scenario "${ref}" (known: ${[...registry.keys()].join(', ')}; or give the path of a scenario file).`);
}

/**
 * A scenario of the user's may not take a built-in's name: results, repro lines, baselines and the
 * gate know a run by its scenario's name, and would take one program for the other.
 */
function notABuiltInsName(def: ScenarioDefinition, registry: ScenarioRegistry, what: string): ScenarioDefinition {
  const builtIn = registry.get(def.name);
  if (builtIn && builtIn !== def) throw new UsageError(`${what} defines "${def.name}", the name of a built-in scenario; give it a name of its own.`);
  return def;
}

/** Where a scenario came from, for results.json and repro: its file, unless it is built in. */
export function scenarioFileOf(def: ScenarioDefinition, registry: ScenarioRegistry): string | undefined {
  return registry.get(def.name) === def || !def.module?.startsWith('file:') ? undefined : def.module;
}
