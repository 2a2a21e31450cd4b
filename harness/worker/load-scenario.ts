// Finds a scenario's program in the module that defines it: the export (default or named) that is
// a scenario definition of that name. Worker side; the main thread loads the same file for the
// definition (harness/scenario-files.ts), so a file that loads there loads here.
import { isScenarioDefinition, type MutatorContext } from '../common/scenario.ts';

export type ScenarioProgram = (ctx: MutatorContext) => void;

export async function loadProgram(moduleUrl: string, name: string): Promise<ScenarioProgram> {
  const mod = (await import(moduleUrl)) as Record<string, unknown>;
  for (const v of Object.values(mod)) {
    if (isScenarioDefinition(v) && v.name === name) return v.program;
  }
  throw new TypeError(`${moduleUrl} exports no scenario named ${name} (export the value defineScenario returns)`);
}
