// Is dist/ a complete build? scripts/build.mjs writes dist/build-manifest.json last, listing every
// file it emitted with its size, and swaps the whole folder in at once. A dist/ that does not match
// its manifest was damaged afterwards (a copy cut short, a disk filled up, a build run by hand and
// interrupted): importing it would fail with a SyntaxError or a missing export deep in the module
// graph, or in a worker long after start. Checking sizes costs one stat per file (about 1 ms).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const kManifest = 'build-manifest.json';

/**
 * Says what is wrong with `distDir`, or returns undefined when every file the manifest lists is
 * there with its size. Paths in the answer are relative to the package root (`dist/...`).
 * The manifest's `files` are what the package ships; `notShipped` (the benchmarks, left out of the
 * package by package.json "files") are checked only when `notShipped` is true, as in a clone.
 */
export function checkDist(distDir, { notShipped = false } = {}) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(distDir, kManifest), 'utf8'));
  } catch (e) {
    return e.code === 'ENOENT' ? `dist/${kManifest} is missing` : `dist/${kManifest} is unreadable`;
  }
  const lists = [manifest?.files, ...(notShipped ? [manifest?.notShipped] : [])];
  if (lists.some((l) => typeof l !== 'object' || l === null)) return `dist/${kManifest} is unreadable`;
  for (const [file, size] of lists.flatMap((l) => Object.entries(l))) {
    let actual;
    try {
      actual = statSync(join(distDir, file)).size;
    } catch {
      return `dist/${file} is missing`;
    }
    if (actual !== size) return `dist/${file} has ${actual} bytes, not ${size}`;
  }
  return undefined;
}
