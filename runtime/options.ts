// Runtime options: one declarative table with defaults and docs. The harness validates user input
// against its own schema (harness/config.ts) and passes a complete RuntimeOptions here.
import type { FaultName } from './faults.ts';
import type { MutexMode, Strategy } from './layout.ts';

export interface RuntimeOptions {
  mutators: number;
  nurseryBytes: number;
  blockBytes: number;
  oldBytes: number;
  losBytes: number;
  losThreshold: number;
  pinSpaceBytes: number;
  rootsPerThread: number;
  globalRoots: number;
  mutex: MutexMode;
  faults: FaultName[];
  strategy: Strategy;
  verifyEvery: number;
  poisonFreed: boolean;
}

interface OptionDoc<K extends keyof RuntimeOptions> {
  key: K;
  default: RuntimeOptions[K];
  doc: string;
}

export const RUNTIME_OPTIONS: { [K in keyof RuntimeOptions]: OptionDoc<K> } = {
  mutators: { key: 'mutators', default: 4, doc: 'mutator threads; the collector is one more' },
  nurseryBytes: { key: 'nurseryBytes', default: 256 * 1024, doc: 'nursery size; a multiple of blockBytes, at least 4 blocks' },
  blockBytes: { key: 'blockBytes', default: 4096, doc: 'nursery block (TLAB) size; must hold the largest nursery object' },
  oldBytes: { key: 'oldBytes', default: 16 * 1024 * 1024, doc: 'old space: promotion target, mark-compacted around pins' },
  losBytes: { key: 'losBytes', default: 2 * 1024 * 1024, doc: 'non-moving large-object space' },
  losThreshold: { key: 'losThreshold', default: 3072, doc: 'objects with a payload above this go to the large-object space (implicitly pinned)' },
  pinSpaceBytes: { key: 'pinSpaceBytes', default: 1024 * 1024, doc: 'non-moving space that copy-on-pin moves pinned objects into' },
  rootsPerThread: { key: 'rootsPerThread', default: 256, doc: 'shadow-stack root slots per thread' },
  globalRoots: { key: 'globalRoots', default: 256, doc: 'global root slots shared by all threads' },
  mutex: { key: 'mutex', default: 'normal', doc: 'gc_mutex mode: normal (a re-lock hangs) or errorcheck (a re-lock throws)' },
  faults: { key: 'faults', default: [], doc: 'faults switched on by name (runtime/faults.ts)' },
  strategy: { key: 'strategy', default: 'in-place', doc: 'pin strategy: in-place, copy-on-pin, gc-locker' },
  verifyEvery: { key: 'verifyEvery', default: 4, doc: 'run the heap verifier after every Nth collection (0 = never)' },
  poisonFreed: { key: 'poisonFreed', default: true, doc: 'fill freed memory with 0xdeadbeef so stale reads show' },
};

export function defaultRuntimeOptions(): RuntimeOptions {
  const o = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(RUNTIME_OPTIONS)) o[k] = Array.isArray(v.default) ? [...v.default] : v.default;
  return o as unknown as RuntimeOptions;
}
