#!/usr/bin/env node
// `npm start`: build dist/ if the sources changed (scripts/build.mjs), then run the CLI in this same
// process. One Node start-up instead of two: a prestart script would cost a process of its own
// (about 0.15 s of the suite's wall time) for a check that takes a few milliseconds.
import { build } from './build.mjs';

const code = await build();
if (code !== 0) process.exit(code);
await import('../bin/pinstress.js');
