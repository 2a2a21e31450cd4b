#!/usr/bin/env node
// Builds dist/ from the TypeScript sources (tsc -p tsconfig.build.json), only when they changed,
// and so that no interruption can leave a half-built dist/.
//
//   node scripts/build.mjs            build if the sources changed or dist/ is damaged (npm run build)
//   node scripts/build.mjs --force    build anyway
//   import { build } from './build.mjs'  the same in-process (scripts/start.mjs: npm start pays no
//                                        second Node start-up for the check)
//
// Up to date means: dist/build-manifest.json records the hash of this build's inputs (every
// TypeScript and JSON file under tsconfig.build.json's include, the tsconfig chain, the compiler's
// version and the build scripts) and every file it lists is there with its size. Content, not
// mtimes: git sets mtimes on checkout, and a branch switch there and back changes nothing that
// matters. Hashing the ~0.7 MB of sources takes a few milliseconds; tsc takes about 5 s.
//
// tsc writes into .dist-new-<pid>/ beside dist/; only when it succeeds does the manifest go in and
// the folder replace dist/ by two renames on the same file system. Signals are held while this
// script runs, so Ctrl-C during tsc removes the half-written folder and leaves the old dist/, and
// Ctrl-C during the swap (synchronous code) waits until the new dist/ is in place. Folders left by
// a build that was killed outright (SIGKILL, power loss) are removed by the next build.
//
// The tsconfig files are plain JSON (no comments) so that this script can read them without
// loading TypeScript (~0.3 s); one it cannot parse makes every build run, which is slow but right.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDist, kManifest } from '../bin/check-dist.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const config = join(root, 'tsconfig.build.json');
const kSourceExts = ['.ts', '.tsx', '.mts', '.cts', '.json'];
// Built but not shipped (package.json "files" leaves it out): the manifest lists it apart, so an
// installed package, which lacks it, passes its own check while a clone's build still checks it.
const kNotShipped = 'bench/';

const req = createRequire(import.meta.url);
const tsc = req.resolve('typescript/bin/tsc');

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every file that decides what tsc emits, as [label, content] pairs in a stable order. */
function inputs() {
  const own = [fileURLToPath(import.meta.url), join(root, 'bin', 'check-dist.js')];
  const out = own.map((f) => [relative(root, f), readFileSync(f)]);
  out.push(['typescript', Buffer.from(readJson(req.resolve('typescript/package.json')).version)]);
  let include;
  for (let file = config; file; ) {
    const cfg = readJson(file);
    out.push([relative(root, file), readFileSync(file)]);
    include ??= cfg.include?.map((p) => resolve(dirname(file), p.replace(/[/\\]?[^/\\]*[*?].*$/, '')));
    file = typeof cfg.extends === 'string' && cfg.extends.startsWith('.') ? resolve(dirname(file), cfg.extends) : undefined;
  }
  const sources = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist' && !e.startsWith('.')) walk(join(path, e));
    } else if (kSourceExts.some((x) => path.endsWith(x))) {
      sources.push(path);
    }
  };
  for (const p of include ?? [root]) walk(p);
  for (const f of [...new Set(sources)].sort()) out.push([relative(root, f), readFileSync(f)]);
  return out;
}

function hashOf(parts) {
  const h = createHash('sha256');
  for (const [label, content] of parts) h.update(`${label}\0${content.length}\0`).update(content);
  return h.digest('hex');
}

function manifestFor(dir, sources) {
  const files = {};
  const notShipped = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p).split(sep).join('/');
      if (e.isDirectory()) walk(p);
      else (rel.startsWith(kNotShipped) ? notShipped : files)[rel] = statSync(p).size;
    }
  };
  walk(dir);
  return { sources, files, notShipped };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Removes the temporary folders of builds whose process no longer exists. */
function removeLeftovers() {
  for (const e of readdirSync(root)) {
    const m = /^\.dist-(?:new|old)-(\d+)$/.exec(e);
    if (m && !alive(Number(m[1]))) rmSync(join(root, e), { recursive: true, force: true });
  }
}

function staleReason(sources) {
  if (!existsSync(dist)) return 'dist/ is missing';
  let recorded;
  try {
    recorded = readJson(join(dist, kManifest)).sources;
  } catch {
    return `dist/${kManifest} is missing or unreadable`;
  }
  if (recorded !== sources) return 'the sources changed';
  const damage = checkDist(dist, { notShipped: true });
  return damage ? `dist/ is incomplete: ${damage}` : undefined;
}

/** How long a signal that ended tsc may precede this process's own event for it. */
const kSignalLagMs = 200;

/**
 * Build dist/ if it is stale (or `force`). Returns the exit code a build script would end with: 0
 * when dist/ is up to date or was built, tsc's code when it failed, 128 + n after signal n.
 */
export async function build({ force = false } = {}) {
  let sources;
  try {
    sources = hashOf(inputs());
  } catch (e) {
    // Unique, so it never matches a manifest: the build runs every time until this is mended.
    sources = `unhashed ${Date.now()}`;
    process.stderr.write(`pinstress: cannot read the build's inputs (${e.message}); building every time\n`);
  }
  const reason = force ? 'forced' : staleReason(sources);
  if (reason === undefined) return 0;

  let signal;
  let child;
  const hold = (s) => {
    signal ??= s;
    child?.kill(s);
  };
  const held = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of held) process.on(s, hold);
  try {
    removeLeftovers();
    const tmp = join(root, `.dist-new-${process.pid}`);
    const old = join(root, `.dist-old-${process.pid}`);
    const started = performance.now();
    process.stderr.write(`pinstress: building dist/ (${reason})\n`);
    if (signal !== undefined) return 128 + constants.signals[signal];
    child = spawn(process.execPath, [tsc, '-p', config, '--outDir', tmp], { cwd: root, stdio: 'inherit' });
    const code = await new Promise((done) => {
      child.on('error', (e) => {
        process.stderr.write(`pinstress: cannot start tsc: ${e.message}\n`);
        done(1);
      });
      // Ctrl-C reaches tsc too, and its exit may be seen before this process's own SIGINT event:
      // a tsc ended by a signal is an interruption only once that event has come (it is queued
      // already), not a tsc killed on its own (out of memory).
      child.on('exit', (c, s) => {
        if (s && signal === undefined) setTimeout(() => done(s), kSignalLagMs);
        else done(c ?? s ?? 1);
      });
    });
    if (signal !== undefined || code !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      if (signal === undefined) process.stderr.write(`pinstress: tsc failed (${typeof code === 'string' ? `ended by ${code}` : `exit ${code}`}); dist/ is unchanged\n`);
      return signal !== undefined ? 128 + constants.signals[signal] : typeof code === 'string' ? 128 + constants.signals[code] : code;
    }

    writeFileSync(join(tmp, kManifest), `${JSON.stringify(manifestFor(tmp, sources), null, 1)}\n`);
    // The swap: synchronous, so a signal that arrives now is handled after the new dist/ is in place.
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
    process.stderr.write(`pinstress: built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return signal !== undefined ? 128 + constants.signals[signal] : 0;
  } finally {
    for (const s of held) process.off(s, hold);
  }
}

// Run as a script (not imported by start.mjs)? import.meta.url is the real path; argv[1] may be a link.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await build({ force: process.argv.includes('--force') }));
}
