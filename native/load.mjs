// Loads the addon into the calling thread (main or worker) and opens a runtime library with it.
//
//   const rt = loadNative('./libmyrt.so');            // builds the addon on first use
//   const rt = loadNative(lib, { addonPath });        // in workers: the path the main thread got
//
// Each worker_thread must call this itself (the addon is per context, the library and runtime per
// process), and every thread must load the same addon file: pass the main thread's addonPath on.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildAddon } from './build.mjs';

const require = createRequire(import.meta.url);

export function loadNative(libraryPath, { addonPath = buildAddon() } = {}) {
  const addon = require(addonPath);
  // A bare name would make dlopen search the system library path instead of the file meant.
  const library = addon.open(resolve(libraryPath));
  return Object.assign(addon, { library, addonPath });
}
