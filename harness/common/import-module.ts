// Loads a scenario module on either side of the thread boundary. A user's TypeScript file is
// loaded through jiti (Node 20 cannot strip types itself), so a user needs no build step of their
// own; everything else (JavaScript, pinstress's own built files, data: URLs) is a plain import.
// Neutral: the main thread loads a file for its definition, each mutator worker for its program,
// and both must see the same module the same way.
import { fileURLToPath } from 'node:url';
import { isScenarioDefinition, type ScenarioDefinition } from './scenario.ts';

const kTypeScript = /\.(c|m)?tsx?$/;

type Jiti = { import<T = unknown>(id: string): Promise<T> };
let jiti: Jiti | undefined;

async function typescriptLoader(): Promise<Jiti> {
  if (!jiti) {
    const { createJiti } = await import('jiti');
    jiti = createJiti(import.meta.url, { moduleCache: true }) as unknown as Jiti;
  }
  return jiti;
}

export async function importModule(url: string): Promise<Record<string, unknown>> {
  if (url.startsWith('file:') && kTypeScript.test(url)) return (await typescriptLoader()).import<Record<string, unknown>>(fileURLToPath(url));
  return (await import(url)) as Record<string, unknown>;
}

/** The definition named `name` among a scenario module's exports (default or named). */
export async function loadDefinition(url: string, name: string): Promise<ScenarioDefinition> {
  const mod = await importModule(url);
  for (const v of Object.values(mod)) if (isScenarioDefinition(v) && v.name === name) return v;
  throw new TypeError(`${url} exports no scenario named ${name} (export the value defineScenario returns)`);
}
