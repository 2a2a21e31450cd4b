// Finds a scenario's program in the module that defines it: the export (default or named) that is
// a scenario definition of that name. Worker side; the main thread loads the same module the same
// way (common/import-module.ts) for the definition, so a file that loads there loads here.
import { importModule } from '../common/import-module.ts';
import { isScenarioDefinition, type MutatorContext } from '../common/scenario.ts';

export type ScenarioProgram = (ctx: MutatorContext) => void;

export async function loadProgram(moduleUrl: string, name: string): Promise<ScenarioProgram> {
  const mod = await importModule(moduleUrl);
  for (const v of Object.values(mod)) {
    if (isScenarioDefinition(v) && v.name === name) return v.program;
  }
  throw new TypeError(`${moduleUrl} exports no scenario named ${name} (export the value defineScenario returns)`);
}
