#!/usr/bin/env node
// Runs the built CLI. An installed package ships dist/ built (prepack builds it); in a clone,
// `npm start`, `npm test` and `npm run build` build it when the sources have changed.
// A missing or damaged dist/ gets one sentence and exit 2 here, before anything imports it: a
// half-written module would otherwise surface as a SyntaxError stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkDist, kManifest } from './check-dist.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const entry = new URL('../dist/main.js', import.meta.url);
// Only a clone has the build script; an installed package can only be installed again.
const clone = existsSync(new URL('../scripts/build.mjs', import.meta.url));
const fix = clone ? 'run `npm run build`' : 'reinstall pinstress';

const problem = existsSync(dist) ? checkDist(dist) : 'dist/ is missing';
const neverBuilt = problem === 'dist/ is missing' || (problem === `dist/${kManifest} is missing` && !existsSync(entry));
if (neverBuilt) {
  process.stderr.write(clone
    ? 'pinstress: dist/ has not been built; run `npm run build` (npm start and npm test build it for you).\n'
    : 'pinstress: dist/ is missing; reinstall pinstress.\n');
  process.exitCode = 2;
} else if (problem) {
  process.stderr.write(`pinstress: the built files in dist/ are incomplete (${problem}); ${fix}.\n`);
  process.exitCode = 2;
} else {
  await import(entry.href);
}
