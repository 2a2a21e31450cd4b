// Finds a scenario's program in the module that defines it: the export (default or named) that is
// a scenario definition of that name. Worker side; the main thread loads the same module the same
// way (common/import-module.ts) for the definition, so a file that loads there loads here.
import { loadDefinition } from '../common/import-module.ts';
import type { MutatorContext } from '../common/scenario.ts';

export type ScenarioProgram = (ctx: MutatorContext) => void;

export async function loadProgram(moduleUrl: string, name: string): Promise<ScenarioProgram> {
  return (await loadDefinition(moduleUrl, name)).program;
}
