// Where pinstress's own files are. Workers run built JavaScript (dist/), whatever the main thread
// runs (vitest runs the TypeScript sources), so a module URL is mapped to the runnable file.
//
// The package root comes from this module's own location and the one layout pinstress has, never
// from a search upwards: a search stops at the first package.json it meets, and when pinstress is
// installed into someone's project (or its dist/ lacks a marker file) that can be the user's, whose
// version and dist/ are not ours. This file is either
//   <root>/harness/paths.ts       the sources (vitest, or a clone's TypeScript), or
//   <root>/dist/harness/paths.js  the build (a clone, or node_modules/pinstress in a user's project),
// so the extension says how many folders to climb. Node resolves the symlinks of a linked install
// (npm install ../pinstress) before import.meta.url is set, so the root is the real folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The folder holding pinstress's package.json (a clone, or node_modules/pinstress). */
export const packageRoot: string = resolve(dirname(here), here.endsWith('.ts') ? '..' : '../..');

const distDir = join(packageRoot, 'dist');
/** The sources tsconfig.build.json compiles into dist/ (its `include`). */
const kBuilt = /^(index|main)\.ts$|^(cli|runtime|harness|scenarios|reports|ci|bench)\//;

function inside(dir: string, file: string): boolean {
  return file.startsWith(dir + sep);
}

/**
 * The URL a worker can load for `url`. pinstress's own TypeScript sources map to their built
 * JavaScript in dist/; anything else (built files, data: URLs, a module outside pinstress) is
 * returned as it is: a module that is not ours has no build of ours to map to.
 */
export function runnableModule(url: string): string {
  if (!url.startsWith('file:')) return url;
  const file = fileURLToPath(url);
  if (!file.endsWith('.ts') || !inside(packageRoot, file) || inside(distDir, file)) return url;
  // Only what the build compiles has a build to map to; examples/ and test files load as they are.
  const rel = relative(packageRoot, file).split(sep).join('/');
  if (!kBuilt.test(rel)) return url;
  const js = join(distDir, rel).replace(/\.ts$/, '.js');
  if (!existsSync(js)) throw new Error(`${js} is missing: run \`npm run build\` first (workers run the built JavaScript)`);
  return pathToFileURL(js).href;
}

let version: string | undefined;

/** pinstress's own version, from its package.json (read once). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

const ext = here.endsWith('.ts') ? '.ts' : '.js';

export function workerEntry(): string {
  return runnableModule(new URL(`./worker/entry${ext}`, import.meta.url).href);
}

/** The entry of a native run's worker threads (harness/worker/native-entry.ts, built). */
export function nativeWorkerEntry(): string {
  return runnableModule(new URL(`./worker/native-entry${ext}`, import.meta.url).href);
}

/** The script a native run's child process runs (harness/native/child.ts, built): Node 20 cannot run TypeScript. */
export function nativeChildScript(): string {
  return fileURLToPath(runnableModule(new URL(`./native/child${ext}`, import.meta.url).href));
}

/** A file of native/ (build.mjs, load.mjs, pinstress.h): shipped as it is, beside dist/, not in it. */
export function nativeFile(name: string): string {
  return join(packageRoot, 'native', name);
}
