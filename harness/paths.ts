// Workers run built JavaScript (dist/), whatever the main thread runs (vitest runs the TypeScript
// sources). Map a module URL to the runnable file next to the package root.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function packageRoot(from: string): string {
  let d = dirname(from);
  for (;;) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'tsconfig.json'))) return d;
    const up = dirname(d);
    if (up === d) return dirname(from);
    d = up;
  }
}

export function runnableModule(url: string): string {
  if (!url.startsWith('file:')) return url; // data: and other URLs load as they are
  const file = fileURLToPath(url);
  if (!file.endsWith('.ts')) return url;
  const root = packageRoot(file);
  const js = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
  if (!existsSync(js)) throw new Error(`${js} is missing: run \`npm run build\` first (workers run the built JavaScript)`);
  return pathToFileURL(js).href;
}

/** The package's version, from the package.json above this file (sources or dist/). */
export function packageVersion(): string {
  const file = join(packageRoot(fileURLToPath(import.meta.url)), 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export function workerEntry(): string {
  const here = import.meta.url;
  return runnableModule(new URL(`./worker/entry${here.endsWith('.ts') ? '.ts' : '.js'}`, here).href);
}
