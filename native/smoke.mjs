#!/usr/bin/env node
// Smoke test of the native path: builds the addon and examples/native-runtime, then runs the pin
// protocol from worker_threads against the example, one child process per case:
//
//   clean        4 mutators x 5000 x (alloc 64 -> write magic -> pin -> safepoint, or a native
//                call -> check address and magic -> unpin), a chain of reference objects, the
//                driver thread forcing minor and major collections: nothing may move while pinned.
//   move-pinned  the same with the fault on: a pinned payload must move (caught by its address).
//   nested-init  the same with the fault on: the first minor collection self-deadlocks on
//                gc_mutex. The child's main thread sees progress stop, reads every thread's state
//                (the collecting thread blocked on the gc_mutex it owns), prints the diagnosis and
//                ends its own process with _exit, the only way out of a thread stuck in native code.
//
//   node native/smoke.mjs                          all three (about 3 s once built)
//   node native/smoke.mjs --runtime ./libmyrt.so   your runtime: clean, plus each fault case whose
//                                                  fault name the library lists
//   node native/smoke.mjs --case clean             one case, in this process (prints its JSON result)
//
// First, without --runtime, the example's own C test (examples/native-runtime/selftest.c).
// Not part of npm test; exit code 0 when every case behaved as expected.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { buildAddon, buildExample, buildExampleSelftest } from './build.mjs';
import { loadNative } from './load.mjs';

const self = fileURLToPath(import.meta.url);
const kHungExit = 3; // the child's exit code when its watchdog found the runtime hung

const CASES = {
  clean: { mutators: 4, iterations: 5000, faults: [] },
  'move-pinned': { mutators: 2, iterations: 2000, faults: ['move-pinned'] },
  'nested-init': { mutators: 4, iterations: 2000, faults: ['nested-init'] },
};
const kRuntimeConfig = { nurseryBytes: 64 * 1024, blockBytes: 4096, oldBytes: 4 << 20, largeThreshold: 3072, rootsPerThread: 64, globalRoots: 8 };

// ------------------------------------------------------------------ worker threads

function magic(tid, i, k) {
  return ((tid << 24) ^ Math.imul(i + 1, 0x9e3779b1) ^ k) | 0;
}

function worker({ role, tid, mutators, iterations, addonPath, libPath, progress }) {
  const ps = loadNative(libPath, { addonPath });
  const refs = ps.library.capabilities.refs;
  const beat = new Int32Array(progress);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  ps.attach(tid);
  if (role === 'driver') {
    let n = 0;
    while (Atomics.load(beat, mutators + 1) < mutators) {
      ps.collect(n % 8 === 7 ? 1 : 0);
      n++;
      Atomics.add(beat, tid, 1);
      Atomics.wait(nap, 0, 0, 0.2);
    }
    const verify = ps.library.capabilities.verifyHeap ? ps.verifyHeap() : null;
    ps.detach();
    parentPort.postMessage({ role, collectionsForced: n, verify });
    return;
  }
  const heap = new Int32Array(ps.heap().buffer);
  const r = { role, tid, iterations: 0, exercised: 0, moved: 0, corrupted: 0, nativeChecks: 0, chain: 'ok', first: null };
  let chain = -1;
  for (let i = 0; i < iterations; i++) {
    const h = ps.alloc(64, 0);
    if (h < 0) throw new Error(`alloc failed (${h}) at iteration ${i}`);
    const at = ps.payload(h) >> 2;
    for (let k = 0; k < 16; k++) heap[at + k] = magic(tid, i, k);
    const pinned = ps.pin(h);
    let ran;
    if (i % 16 === 15) {
      // A blocking foreign call: collections run without this thread, which reads its pinned
      // payload meanwhile, as native code would.
      ps.enterNative();
      Atomics.wait(nap, 0, 0, 0.05);
      if (heap[pinned >> 2] !== magic(tid, i, 0)) r.corrupted++;
      ran = ps.leaveNative();
      r.nativeChecks++;
    } else {
      ran = ps.safepoint();
    }
    if (ran) r.exercised++;
    const now = ps.payload(h);
    let bad = -1;
    for (let k = 0; k < 16 && bad < 0; k++) if (heap[(pinned >> 2) + k] !== magic(tid, i, k)) bad = k;
    if (now !== pinned) r.moved++;
    if (bad >= 0) r.corrupted++;
    if ((now !== pinned || bad >= 0) && !r.first)
      r.first = { iteration: i, pinnedAt: pinned, nowAt: now, word: bad, found: heap[(pinned >> 2) + Math.max(bad, 0)] >>> 0 };
    if (ps.unpin(h) !== 0) throw new Error('unpin refused a held pin');
    ps.release(h);
    if (refs && i % 50 === 0) {
      // A linked list of reference objects, newest first, payload = iteration: collections must
      // update the links as they move the nodes.
      const node = ps.alloc(8, 1);
      heap[ps.payload(node) >> 2] = i;
      if (chain >= 0) {
        ps.setRef(node, 0, chain);
        ps.release(chain);
      }
      chain = node;
    }
    r.iterations++;
    Atomics.add(beat, tid, 1);
  }
  for (let c = chain, want = Math.floor((iterations - 1) / 50) * 50; c >= 0; want -= 50) {
    if (heap[ps.payload(c) >> 2] !== want) {
      r.chain = `node ${want} reads ${heap[ps.payload(c) >> 2]}`;
      break;
    }
    const next = ps.getRef(c, 0);
    ps.release(c);
    c = next;
  }
  ps.detach();
  Atomics.add(beat, mutators + 1, 1);
  parentPort.postMessage(r);
}

// ------------------------------------------------------------------ one case, in a child process

async function child(name, runtime) {
  const spec = CASES[name];
  if (!spec) throw new Error(`unknown case ${name}`);
  const t0 = performance.now();
  const addonPath = buildAddon();
  const libPath = runtime ?? buildExample();
  const ps = loadNative(libPath, { addonPath });
  if (!ps.library.capabilities.heapRange) throw new Error(`${libPath} has no ps_heap_range; the smoke test reads payloads by address`);
  const { mutators, iterations, faults } = spec;
  ps.create({ mutators, ...kRuntimeConfig, faults });
  // Slots 0..mutators: each thread's heartbeat (the driver is tid == mutators); then finished mutators.
  const progress = new SharedArrayBuffer(4 * (mutators + 2));
  const beat = new Int32Array(progress);
  const common = { mutators, iterations, addonPath, libPath, progress };
  const threads = [];
  for (let tid = 0; tid < mutators; tid++) threads.push(new Worker(self, { workerData: { ...common, role: 'mutator', tid } }));
  threads.push(new Worker(self, { workerData: { ...common, role: 'driver', tid: mutators } }));
  const results = threads.map((w) => new Promise((ok, no) => (w.on('message', ok), w.on('error', no))));

  // The watchdog: never blocks this thread; when no heartbeat moved for a while, the runtime is hung.
  let last = -1;
  let still = 0;
  const watchdog = setInterval(() => {
    let sum = 0;
    for (let i = 0; i <= mutators; i++) sum += Atomics.load(beat, i);
    still = sum === last ? still + 1 : 0;
    last = sum;
    if (still < 10) return; // 1 s without progress
    const threads = [];
    for (let tid = 0; tid <= mutators; tid++) threads.push(ps.threadInfo(tid));
    const owner = threads[0].gcMutexOwner;
    const holder = threads.find((t) => t.tid === owner);
    const selfDeadlock = !!holder && holder.state === 'blocked' && holder.waitingOn === 'gc_mutex' && holder.waitArg === owner;
    const report = {
      case: name,
      outcome: 'hung',
      diagnosis: selfDeadlock
        ? `thread ${owner} (${owner === mutators ? 'driver' : 'mutator'}) is blocked in ${holder.activity} waiting for gc_mutex, which it owns itself: a self-deadlock`
        : 'no progress',
      gcMutexOwner: owner,
      selfDeadlock,
      threads,
      stats: ps.stats(),
      ms: Math.round(performance.now() - t0),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    ps.exitNow(kHungExit);
  }, 100);

  const done = await Promise.all(results);
  clearInterval(watchdog);
  const mut = done.filter((r) => r.role === 'mutator');
  const driver = done.find((r) => r.role === 'driver');
  const sum = (k) => mut.reduce((a, r) => a + r[k], 0);
  const report = {
    case: name,
    outcome: 'finished',
    iterations: sum('iterations'),
    exercised: sum('exercised'),
    nativeChecks: sum('nativeChecks'),
    moved: sum('moved'),
    corrupted: sum('corrupted'),
    chains: mut.map((r) => r.chain),
    first: mut.find((r) => r.first)?.first ?? null,
    collectionsForced: driver.collectionsForced,
    verify: driver.verify,
    stats: ps.stats(),
    ms: Math.round(performance.now() - t0),
  };
  ps.destroy();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// ------------------------------------------------------------------ the parent: build, run, judge

function runChild(name, runtime) {
  return new Promise((resolve) => {
    const args = [self, '--case', name, ...(runtime ? ['--runtime', runtime] : [])];
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    // A last resort for a child whose own watchdog failed: this process started it, so it ends it.
    const limit = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code, signal) => {
      clearTimeout(limit);
      let alive = true;
      try {
        process.kill(p.pid, 0);
      } catch {
        alive = false;
      }
      const line = out.trim().split('\n').pop();
      let result = null;
      try {
        result = JSON.parse(line);
      } catch {}
      resolve({ code, signal, result, stderr: err.trim(), alive, pid: p.pid });
    });
  });
}

const checks = {
  clean: (r) => [
    [r.code === 0 && r.result?.outcome === 'finished', 'finished'],
    [r.result?.iterations === 20000, `${r.result?.iterations} pin round trips (want 20000)`],
    [r.result?.moved === 0 && r.result?.corrupted === 0, `moved ${r.result?.moved}, corrupted ${r.result?.corrupted}`],
    [r.result?.exercised > 0, `${r.result?.exercised} pins exercised by a collection`],
    [r.result?.stats.minorCollections > 0 && r.result?.stats.majorCollections > 0, `${r.result?.stats.minorCollections} minor, ${r.result?.stats.majorCollections} major collections`],
    [r.result?.stats.pinnedSeen > 0, `${r.result?.stats.pinnedSeen} pinned objects left in place`],
    [r.result?.chains.every((c) => c === 'ok'), `reference chains: ${r.result?.chains.join(', ')}`],
    [r.result?.verify === null, `heap verifier: ${r.result?.verify ?? 'sound'}`],
  ],
  'move-pinned': (r) => [
    [r.code === 0 && r.result?.outcome === 'finished', 'finished'],
    [r.result?.moved > 0, `${r.result?.moved} pinned payloads moved (first: iteration ${r.result?.first?.iteration}, pinned at +${r.result?.first?.pinnedAt}, now at +${r.result?.first?.nowAt}, reads 0x${r.result?.first?.found?.toString(16)})`],
  ],
  'nested-init': (r) => [
    [r.code === kHungExit && r.result?.outcome === 'hung', `hung, ended by its watchdog (exit ${r.code ?? r.signal})`],
    [r.result?.selfDeadlock === true, r.result?.diagnosis],
    [r.result?.stats.minorCollections === 0, `${r.result?.stats.minorCollections} minor collections completed`],
    [!r.alive, `no process left (pid ${r.pid} gone)`],
  ],
};

async function parent(runtime) {
  const t0 = performance.now();
  const addon = buildAddon({ log: (m) => console.log(m) });
  const lib = runtime ?? buildExample({ log: (m) => console.log(m) });
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(2)} s: ${addon}\n  ${lib}`);
  const { faults } = loadNative(lib, { addonPath: addon }).library;
  let failed = 0;
  if (!runtime) {
    // The example's own C test: compaction around pinned old objects, large objects, adopt,
    // unpin below zero, out of memory; paths the JavaScript cases do not reach.
    const r = spawnSync(buildExampleSelftest({ log: (m) => console.log(m) }), { encoding: 'utf8', timeout: 60_000 });
    const ok = r.status === 0;
    if (!ok) failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} example selftest (C)`);
    console.log((r.stdout + r.stderr).trim().split('\n').map((l) => `  ${l.trim()}`).join('\n'));
  }
  for (const name of Object.keys(CASES)) {
    if (CASES[name].faults.some((f) => !faults.includes(f))) {
      console.log(`SKIP ${name}: ${lib} has no fault named ${CASES[name].faults.join(', ')}`);
      continue;
    }
    const r = await runChild(name, runtime);
    const list = checks[name](r);
    const ok = list.every(([pass]) => pass);
    if (!ok) failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name} (${r.result?.ms ?? '?'} ms)`);
    for (const [pass, what] of list) console.log(`  ${pass ? 'ok  ' : 'FAIL'} ${what}`);
    if (name === 'nested-init' && r.result?.threads)
      for (const t of r.result.threads) console.log(`       tid ${t.tid}: ${t.state}, waiting on ${t.waitingOn}${t.waitArg >= 0 ? ` (${t.waitArg})` : ''}, in ${t.activity}`);
    if (!ok && r.stderr) console.log(r.stderr.split('\n').map((l) => `  | ${l}`).join('\n'));
  }
  console.log(failed ? `${failed} case(s) failed` : 'all cases behaved as expected');
  return failed ? 1 : 0;
}

if (!isMainThread) worker(workerData);
else {
  const arg = (flag) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
  const runtime = arg('--runtime') && resolve(arg('--runtime'));
  if (arg('--case')) await child(arg('--case'), runtime);
  else {
    try {
      process.exitCode = await parent(runtime);
    } catch (e) {
      // A library pinstress cannot use, or no compiler: one sentence, not a stack trace.
      if (!String(e.code).startsWith('PS_NATIVE')) throw e;
      console.error(e.message);
      process.exitCode = e.code === 'PS_NATIVE_UNAVAILABLE' ? 3 : 2;
    }
  }
}
