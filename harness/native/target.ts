// A runtime library as a run target, found and checked before any run: the file exists, the
// addon builds (lazily, at first use, with the system compiler: no install script), and the
// library loads in a throwaway child process (never in this one: a library's initialisers may
// crash or hang, and one process holds one library), which reports its ABI, capabilities and
// faults. Anything wrong is one sentence (UsageError, exit 2). Main side.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NATIVE_STATS, type NativeLibrary } from '../common/native-addon.ts';
import type { RuntimeCapabilities } from '../../runtime/contract.ts';
import { nativeChildScript, nativeFile } from '../paths.ts';
import type { RunConfig } from '../result.ts';
import { UsageError } from '../usage-error.ts';

export interface NativeTarget {
  /** The library's absolute path. */
  library: string;
  /** The addon every thread of a run loads, and native/load.mjs's URL. */
  addonPath: string;
  loader: string;
  info: NativeLibrary;
  capabilities: RuntimeCapabilities;
}

const kProbeTimeoutMs = 30_000;
const targets = new Map<string, NativeTarget>();

const sentence = (s: string): string => (/[.!?]$/.test(s) ? s : `${s}.`);

/** What a library can do, as the runtime contract names it. It pins in place: the only policy pinstress.h describes. */
export function capabilitiesOf(info: NativeLibrary): RuntimeCapabilities {
  const c = info.capabilities;
  return {
    refs: c.refs, largeObjects: c.largeObjects, nativeState: c.nativeState, globals: true, spaces: false, threadInfo: c.threadInfo,
    verifyHeap: c.verifyHeap, strategies: ['in-place'],
    // maxRetainedBytes: the most the run saw the library report (native/inspector.ts).
    stats: [...NATIVE_STATS, 'maxRetainedBytes'],
  };
}

/** The addon, built if it is not yet: no compiler, or a compiler that fails, is one sentence. */
async function addon(): Promise<string> {
  const build = (await import(pathToFileURL(nativeFile('build.mjs')).href)) as { buildAddon(): string };
  try {
    return build.buildAddon();
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'PS_NATIVE_UNAVAILABLE') throw new UsageError(sentence(err.message));
    if (err.code === 'PS_NATIVE_BUILD_FAILED') throw new UsageError(`the native addon pinstress loads libraries with does not build: ${err.message.split('\n').slice(0, 2).join(' ')}`);
    throw e;
  }
}

/** The library at `path` (as the user wrote it), checked once per file version. */
async function nativeTarget(path: string): Promise<NativeTarget> {
  const library = resolve(path);
  if (!existsSync(library) || !statSync(library).isFile()) throw new UsageError(`runtime library ${path} does not exist.`);
  const key = `${library}@${statSync(library).mtimeMs}`;
  const known = targets.get(key);
  if (known) return known;
  const addonPath = await addon();
  const loader = pathToFileURL(nativeFile('load.mjs')).href;
  const r = spawnSync(process.execPath, [nativeChildScript(), 'probe', loader, library, addonPath], { encoding: 'utf8', timeout: kProbeTimeoutMs });
  if (r.error || r.signal) throw new UsageError(`runtime library ${path} did not load in ${kProbeTimeoutMs / 1000} s (${r.signal ?? r.error?.message}): its initialisers may hang or crash.`);
  let answer: { library?: NativeLibrary; error?: string };
  try {
    answer = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new UsageError(`runtime library ${path} could not be loaded: ${(r.stderr.trim().split('\n').pop() ?? 'no word why').trim()}`);
  }
  if (answer.error || !answer.library) throw new UsageError(sentence(answer.error ?? `runtime library ${path} could not be loaded`));
  if (!answer.library.capabilities.heapRange) {
    throw new UsageError(`runtime library ${path} has no ps_heap_range: pinstress checks pinned addresses and payloads by reading the heap, so it cannot stress this library.`);
  }
  const target = { library, addonPath, loader, info: answer.library, capabilities: capabilitiesOf(answer.library) };
  targets.set(key, target);
  return target;
}

/** The library of a run, with the faults the run asks of it checked against the ones it has. */
export async function nativeTargetFor(config: RunConfig): Promise<NativeTarget> {
  const t = await nativeTarget(config.runtime!);
  const unknown = config.fault.find((f) => !t.info.faults.includes(f));
  if (unknown !== undefined) {
    throw new UsageError(`--fault "${unknown}" is not a fault of ${config.runtime} (its faults: ${t.info.faults.join(', ') || 'none'}).`);
  }
  return t;
}
