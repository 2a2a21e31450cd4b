#!/usr/bin/env node
// Builds the Node-API addon that loads native runtimes, and native runtimes themselves, with the
// system C compiler and the running Node's own headers. Nothing is downloaded.
//
//   node native/build.mjs                          build the addon (and the example runtime)
//   node native/build.mjs rt.c [more.c] [-o out]  build a runtime library from C or C++ sources
//
// Outputs go to native/build/ under a name that carries the hash of everything that went into
// them (sources, headers, compiler and its version, flags, Node-API level), so an unchanged build
// is a lookup, concurrent builds never see a half-written file (write, then rename), and every
// worker of a run loads the very same file (the addon's process-wide state depends on it).
//
// Exit codes: 0 built; 1 the compiler failed; 2 bad usage; 3 no compiler or no Node headers
// (native targets are unavailable; everything else in pinstress works).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const buildDir = join(here, 'build');
const root = resolve(here, '..');
const addonSources = [join(here, 'addon', 'addon.c')];
const addonHeaders = [join(here, 'addon', 'symbols.h'), join(here, 'pinstress.h')];
export const exampleSources = ['runtime.c', 'gc.c'].map((f) => join(root, 'examples', 'native-runtime', f));
const exampleHeaders = [join(root, 'examples', 'native-runtime', 'heap.h'), join(here, 'pinstress.h')];

export const kExitBuilt = 0;
export const kExitCompileFailed = 1;
export const kExitUsage = 2;
export const kExitUnavailable = 3;

/** No compiler or no Node headers: native targets cannot be built on this machine. */
export class NativeUnavailableError extends Error {
  code = 'PS_NATIVE_UNAVAILABLE';
}
export class NativeBuildError extends Error {
  code = 'PS_NATIVE_BUILD_FAILED';
}

const cache = new Map();
function once(key, fn) {
  if (!cache.has(key)) cache.set(key, fn());
  return cache.get(key);
}

function probe(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : undefined;
}

/** The first working compiler for C (or C++): $CC/$CXX, then the usual names. */
export function findCompiler(lang = 'c') {
  return once(`cc:${lang}`, () => {
    const env = lang === 'c' ? process.env.CC : process.env.CXX;
    const names = lang === 'c' ? ['cc', 'gcc', 'clang'] : ['c++', 'g++', 'clang++'];
    for (const cmd of env ? [env] : names) {
      const version = probe(cmd);
      if (version) return { cmd, version };
    }
    return undefined;
  });
}

function noCompiler(lang) {
  const [label, env, names, pkg] = lang === 'c' ? ['C', 'CC', 'cc, gcc, clang', 'gcc'] : ['C++', 'CXX', 'c++, g++, clang++', 'g++'];
  return process.env[env]
    ? `Native runtimes are unavailable: $${env} (${process.env[env]}) does not run as a ${label} compiler.`
    : `Native runtimes are unavailable: no ${label} compiler found (tried ${names}); install one (e.g. apt-get install ${pkg}) to use --runtime.`;
}

/** The directory holding the running Node's node_api.h, or undefined. */
export function findNodeHeaders() {
  return once('headers', () => {
    const candidates = [
      process.env.PINSTRESS_NODE_HEADERS,
      join(dirname(process.execPath), '..', 'include', 'node'),
      process.config?.variables?.node_prefix && join(process.config.variables.node_prefix, 'include', 'node'),
    ];
    return candidates.find((d) => d && existsSync(join(d, 'node_api.h')) && existsSync(join(d, 'js_native_api.h')));
  });
}

/** Whether native targets can be built here, and if not, the one sentence that says why. */
export function nativeAvailability() {
  const cc = findCompiler('c');
  if (!cc) return { ok: false, reason: noCompiler('c') };
  const headers = findNodeHeaders();
  if (!headers) return { ok: false, reason: `Native runtimes are unavailable: this Node (${process.execPath}) has no headers next to it (include/node/node_api.h); set PINSTRESS_NODE_HEADERS to a folder holding node_api.h.` };
  return { ok: true, cc, headers };
}

function hashOf(parts, files) {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\0');
  for (const f of files) h.update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

function compile(cmd, args, out) {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const r = spawnSync(cmd, [...args, '-o', tmp], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    const why = r.error ? r.error.message : (r.stderr || r.stdout).trim();
    throw new NativeBuildError(`${cmd} failed building ${basename(out)}:\n${why}`);
  }
  renameSync(tmp, out);
}

/** Removes earlier builds of the same output (a loaded one stays mapped in its process). */
function prune(prefix, keep) {
  for (const f of readdirSync(buildDir))
    if (f.startsWith(prefix) && f !== basename(keep) && !f.includes('.tmp-')) rmSync(join(buildDir, f), { force: true });
}

/**
 * Builds the addon if needed and returns the path of the .node file. Throws NativeUnavailableError
 * (one sentence) without a compiler or headers, NativeBuildError if the compiler fails.
 */
export function buildAddon({ log = () => {} } = {}) {
  const a = nativeAvailability();
  if (!a.ok) throw new NativeUnavailableError(a.reason);
  const flags = ['-std=c11', '-O2', '-fPIC', '-shared', '-fvisibility=hidden', '-Wall', `-I${a.headers}`];
  const libs = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : ['-ldl', '-pthread'];
  const key = hashOf([a.cc.cmd, a.cc.version, ...flags, ...libs, process.versions.napi, process.platform, process.arch],
    [...addonSources, ...addonHeaders, join(a.headers, 'node_api.h'), join(a.headers, 'js_native_api.h')]);
  const out = join(buildDir, `pinstress-addon-${key}.node`);
  if (existsSync(out)) return out;
  log(`building the native addon with ${a.cc.version}`);
  compile(a.cc.cmd, [...flags, ...addonSources, ...libs], out);
  prune('pinstress-addon-', out);
  return out;
}

/**
 * Builds a runtime library from C (.c) or C++ (.cc, .cpp, .cxx) sources, with native/ on the
 * include path for pinstress.h. Returns the .so path: `out` if given, else one in native/build/.
 * With `executable`, links a program instead (a runtime's own test).
 */
export function buildRuntime(sources, { out, name, headers = [], executable = false, log = () => {} } = {}) {
  if (!sources.length) throw new NativeBuildError('buildRuntime needs at least one source file');
  const cxx = sources.some((s) => ['.cc', '.cpp', '.cxx', '.C'].includes(extname(s)));
  const cc = findCompiler(cxx ? 'c++' : 'c');
  if (!cc) throw new NativeUnavailableError(noCompiler(cxx ? 'c++' : 'c'));
  const flags = [cxx ? '-std=c++17' : '-std=c11', '-O2', '-g', ...(executable ? [] : ['-fPIC', '-shared']), '-pthread', '-Wall', `-I${here}`];
  const abs = sources.map((s) => resolve(s));
  const key = hashOf([cc.cmd, cc.version, ...flags, process.platform, process.arch], [...abs, ...headers, join(here, 'pinstress.h')]);
  const stem = name ?? basename(abs[0], extname(abs[0]));
  const prefix = executable ? `${stem}-` : `lib${stem}-`;
  const built = join(buildDir, `${prefix}${key}${executable ? '' : '.so'}`);
  if (!existsSync(built)) {
    log(`building ${abs.map((s) => basename(s)).join(' ')} with ${cc.version}`);
    compile(cc.cmd, [...flags, ...abs], built);
    prune(prefix, built);
  }
  if (!out) return built;
  const target = resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  copyFileSync(built, tmp);
  renameSync(tmp, target);
  return target;
}

/** Builds examples/native-runtime into native/build/ and returns the library's path. */
export function buildExample(opts = {}) {
  return buildRuntime(exampleSources, { name: 'example-runtime', ...opts, headers: exampleHeaders });
}

/** Builds the example runtime's own C test (examples/native-runtime/selftest.c), a program. */
export function buildExampleSelftest(opts = {}) {
  const sources = [join(root, 'examples', 'native-runtime', 'selftest.c'), ...exampleSources];
  return buildRuntime(sources, { name: 'example-selftest', ...opts, headers: exampleHeaders, executable: true });
}

function main(argv) {
  const log = (m) => process.stderr.write(`${m}\n`);
  const sources = [];
  let out;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-o' || argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '-h' || argv[i] === '--help') {
      process.stdout.write('usage: node native/build.mjs [runtime.c ... [-o libout.so]]\n');
      return kExitBuilt;
    } else if (argv[i].startsWith('-')) {
      log(`Unknown option ${argv[i]}; usage: node native/build.mjs [runtime.c ... [-o libout.so]]`);
      return kExitUsage;
    } else sources.push(argv[i]);
  }
  if (out === '' || (out !== undefined && !sources.length)) {
    log('-o needs sources to build; usage: node native/build.mjs [runtime.c ... [-o libout.so]]');
    return kExitUsage;
  }
  try {
    const missing = sources.find((s) => !existsSync(s));
    if (missing) {
      log(`No such source file: ${missing}.`);
      return kExitUsage;
    }
    const t0 = performance.now();
    if (sources.length) process.stdout.write(`${buildRuntime(sources, { out, log })}\n`);
    else process.stdout.write(`${buildAddon({ log })}\n${buildExample({ log })}\n`);
    log(`done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    return kExitBuilt;
  } catch (e) {
    log(e.message);
    return e instanceof NativeUnavailableError ? kExitUnavailable : kExitCompileFailed;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
