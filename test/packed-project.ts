// A temporary user project with pinstress installed from its packed tarball, as a user gets it:
// `npm pack` here (prepack builds dist/ if the sources changed), then an install into a project
// that has its own package.json (another name and version) and tsconfig.json, so anything that
// resolves from the user's project instead of pinstress's own package shows.
//
// The install works offline once `npm ci` has filled the npm cache: the project gets a lockfile
// made from pinstress's own (its runtime dependencies, with their resolved URLs and integrity), so
// npm fetches tarballs by integrity from the cache and never asks the registry for package
// metadata, which `npm ci` does not cache. `--prefer-offline` still lets it fetch what the cache
// lacks when there is a network.
//
// Commands run through `run` in the project folder with the environment of a user's shell: the
// variables npm and vitest set for this repository's own scripts are removed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');
/** The user project's own version: pinstress must never report it as its own. */
export const kUserVersion = '9.9.9';

export type CommandResult = { code: number | null; stdout: string; stderr: string };
export type RunOptions = { env?: Record<string, string>; timeoutMs?: number };

export type PackedProject = {
  /** The user project's folder. */
  dir: string;
  /** pinstress's version, from this repository's package.json. */
  version: string;
  /** Every path in the tarball (npm pack --json), e.g. `dist/index.js`. */
  files: string[];
  /** Output of the install, to check for warnings. */
  install: CommandResult;
  /** Runs `command args` in the project folder. Never throws for a non-zero exit. */
  run(command: string, args: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Runs this repository's vitest (linked into the project) in the project. */
  vitest(args: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Runs this repository's tsc in the project. */
  tsc(args: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Writes a file under the project folder; returns its absolute path. */
  write(rel: string, text: string): string;
  remove(): void;
};

function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // npm_package_*, npm_lifecycle_*, npm_config_local_prefix describe this repository's run of
    // `npm test`; VITEST*, TEST and NODE_ENV are set by the vitest running this file. The npm
    // cache, registry and proxy settings (npm_config_cache, ...) stay.
    if (/^(npm_package_|npm_lifecycle_|VITEST)/.test(k)) continue;
    if (['npm_config_local_prefix', 'npm_command', 'INIT_CWD', 'TEST', 'NODE_ENV'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function runIn(dir: string, command: string, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: dir, env: userEnv(opts.env), timeout: opts.timeoutMs ?? 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function mustPass(what: string, r: CommandResult): CommandResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

type LockEntry = { dev?: boolean } & Record<string, unknown>;
type Lock = { packages: Record<string, LockEntry> };

/** Packs this repository and installs the tarball into a new temporary project. */
export async function packedProject(): Promise<PackedProject> {
  const dir = mkdtempSync(join(tmpdir(), 'pinstress-user-'));
  const pinstress = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const pack = mustPass('npm pack', await runIn(repoRoot, 'npm', ['pack', '--json', '--pack-destination', dir]));
  const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  const spec = `file:${packed.filename}`;

  const user = { name: 'user-project', version: kUserVersion, private: true, type: 'module', dependencies: { pinstress: spec } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(user, null, 2)}\n`);
  // A user's tsconfig at the project root: the old package-root search stopped here.
  const tsconfig = { compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] } };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);

  const ours = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lock;
  const self = ours.packages[''] as LockEntry;
  const packages: Record<string, unknown> = {
    '': { name: user.name, version: user.version, dependencies: user.dependencies },
    'node_modules/pinstress': { version: pinstress.version, resolved: spec, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  const lock = { name: user.name, version: user.version, lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  const install = mustPass('npm ci in the user project', await runIn(dir, 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']));

  // Test tools come from this repository, linked rather than installed (an install would copy
  // about 40 packages); Node resolves a link to its real folder, so their own imports resolve here.
  const link = (name: string): string => {
    const to = join(dir, 'node_modules', name);
    symlinkSync(join(repoRoot, 'node_modules', name), to, 'dir');
    return to;
  };
  const vitest = join(link('vitest'), 'vitest.mjs');
  const tsc = join(link('typescript'), 'bin', 'tsc');

  return {
    dir,
    version: pinstress.version,
    files: packed.files.map((f) => f.path),
    install,
    run: (command, args, opts) => runIn(dir, command, args, opts),
    vitest: (args, opts) => runIn(dir, process.execPath, [vitest, ...args], opts),
    tsc: (args, opts) => runIn(dir, process.execPath, [tsc, ...args], opts),
    write(rel, text) {
      const file = join(dir, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
