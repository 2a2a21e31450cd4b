#!/usr/bin/env node
// Runs the built CLI (npm run build compiles TypeScript into dist/; npm install does it for you).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pinstress: dist/main.js is missing; run `npm run build` (npm install runs it for you).\n');
  process.exit(2);
}
await import(entry.href);
