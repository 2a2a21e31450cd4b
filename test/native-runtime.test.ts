// A runtime library as the target (issue 15): the example runtime (examples/native-runtime, a C
// moving collector behind native/pinstress.h) is stressed by the same scenarios and oracles as the
// built-in runtime, each run in a child process. The regression scenarios pass; its two faults are
// caught as the built-in runtime's are (a self-deadlock on its own gc_mutex, naming the owner; a
// pinned object moved); a hung run leaves no process behind; a library pinstress cannot use is one
// sentence, exit 2, before any run; a scenario the library cannot run is skipped, not failed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-io.ts';
import { runScenario } from '../index.ts';

interface NativeBuild {
  nativeAvailability(): { ok: boolean; reason?: string };
  buildAddon(): string;
  buildExample(): string;
  buildRuntime(sources: string[], o: { name: string }): string;
}
// native/build.mjs is plain JavaScript, shipped as it is; imported by a path TypeScript does not resolve.
const build = (await import('../native/build.mjs' as string)) as NativeBuild;
const available = build.nativeAvailability();

/** Whether a process with this pid exists (a zombie counts): signal 0 checks without sending anything. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

describe.skipIf(!available.ok)(`a native runtime: examples/native-runtime${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  let lib = '';
  // Sources of the libraries the cases write (their builds go to native/build/, as any runtime's).
  const dir = mkdtempSync(join(tmpdir(), 'pinstress-native-'));
  beforeAll(() => {
    build.buildAddon();
    lib = build.buildExample();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const scenario of ['pin-concurrent', 'pin-gc-pressure', 'deadlock-regression']) {
    it(`${scenario} passes, with the regression test's own sizes`, async () => {
      const r = await runScenario({ scenario, runtime: lib });
      expect(r.status, r.diagnosis?.message).toBe('passed');
      expect(r.config.runtime).toBe(lib);
      expect(r.stats.minorCollections).toBeGreaterThan(0);
      expect(r.outcomes.pinExercised).toBeGreaterThan(0);
      expect(r.stats.pins).toBe(r.config.mutators * r.config.iterations);
      expect(r.repro).toContain(`--runtime ${lib}`);
    });
  }

  it('--fault nested-init hangs in native code, is diagnosed as a self-deadlock on the library\'s gc_mutex naming its owner, and leaves no process', async () => {
    let pid = 0;
    const r = await runScenario({ scenario: 'deadlock-regression', runtime: lib, fault: ['nested-init'], watchdogMs: 1000 }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('hung');
    const d = r.diagnosis!;
    expect(d.kind).toBe('self-deadlock');
    const owner = d.lock!.owner;
    expect(owner).toMatch(/^(mutator-\d|driver)$/);
    expect(d.lock).toMatchObject({ name: 'gc_mutex', owner });
    expect(d.waitForCycle).toEqual([owner, owner]);
    expect(d.message).toContain(`self-deadlock: ${owner} waits for gc_mutex, which it already owns`);
    // The harness's own record of the call it is stuck in, and the library's innermost function.
    expect(d.path?.[0]).toMatch(/^ps_(alloc|collect) for \d+\.\d s$/);
    expect(d.path?.at(-1)).toBe('gc_init');
    expect(d.threadDump.find((t) => t.name === owner)).toMatchObject({ state: 'blocked', waitingOn: 'gc_mutex' });
    expect(r.stats.minorCollections).toBe(0);
    // The child process that held the stuck threads is gone, reaped before the run returned.
    expect(pid).toBeGreaterThan(0);
    expect(processExists(pid)).toBe(false);
  });

  it('--fault move-pinned fails as movedWhilePinned', async () => {
    const r = await runScenario({ scenario: 'pin-concurrent', runtime: lib, fault: ['move-pinned'], iterations: 2000 });
    expect(r.status).toBe('failed');
    expect(r.diagnosis?.kind).toBe('forbidden-outcome');
    expect(r.diagnosis?.firstFailure).toMatchObject({ outcome: 'movedWhilePinned', detail: 'root-no-longer-at-pinned-address' });
    expect(r.outcomes.movedWhilePinned).toBeGreaterThan(0);
  });

  it('the CLI runs a scenario against the library and skips, with a sentence, one it cannot run', async () => {
    const r = await cli('run', 'pin-gc-pressure', 'large-objects', '--runtime', lib, '--no-reports', '--quiet', '--iterations', '500');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pin-gc-pressure\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
    expect(r.out).toContain(`skipped large-objects seed=1: large-objects needs space() (which space an object is in), which ${lib} does not have.`);
  });

  it('--fault takes the library\'s own fault names, and refuses others in one sentence', async () => {
    const r = await cli('run', 'pin-concurrent', '--runtime', lib, '--fault', 'pin-bit', '--no-reports', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`pinstress: --fault "pin-bit" is not a fault of ${lib} (its faults: nested-init, move-pinned).\n`);
  });

  // A library that passes every check before the run and then takes its process down with it.
  const stub = (create: string): string => `#include <signal.h>
#include <unistd.h>
#include "pinstress.h"
int ps_abi_version(void) { return PS_ABI_VERSION; }
uint32_t ps_capabilities(void) { return PS_CAP_HEAP_RANGE; }
static const char *const names[] = {0};
const char *const *ps_fault_names(void) { return names; }
ps_runtime *ps_create(const ps_config *c) { (void)c; ${create} return 0; }
void ps_destroy(ps_runtime *r) { (void)r; }
ps_thread *ps_thread_attach(ps_runtime *r, int t) { (void)r; (void)t; return 0; }
void ps_thread_detach(ps_thread *t) { (void)t; }
int32_t ps_alloc(ps_thread *t, uint32_t b, uint32_t n) { (void)t; (void)b; (void)n; return -1; }
void ps_release(ps_thread *t, int32_t h) { (void)t; (void)h; }
int32_t ps_dup(ps_thread *t, int32_t h) { (void)t; return h; }
void *ps_payload(ps_thread *t, int32_t h, uint32_t *b) { (void)t; (void)h; (void)b; return 0; }
void ps_set_ref(ps_thread *t, int32_t h, uint32_t f, int32_t v) { (void)t; (void)h; (void)f; (void)v; }
int32_t ps_get_ref(ps_thread *t, int32_t h, uint32_t f) { (void)t; (void)h; (void)f; return -1; }
void ps_set_global(ps_thread *t, uint32_t i, int32_t h) { (void)t; (void)i; (void)h; }
int32_t ps_get_global(ps_thread *t, uint32_t i) { (void)t; (void)i; return -1; }
void *ps_pin(ps_thread *t, int32_t h) { (void)t; (void)h; return 0; }
int ps_unpin(ps_thread *t, int32_t h) { (void)t; (void)h; return 0; }
int32_t ps_adopt(ps_thread *t, void *p) { (void)t; (void)p; return -1; }
int ps_safepoint(ps_thread *t) { (void)t; return 0; }
void ps_enter_native(ps_thread *t) { (void)t; }
int ps_leave_native(ps_thread *t) { (void)t; return 0; }
void ps_collect(ps_thread *t, int k) { (void)t; (void)k; }
void ps_stats(ps_runtime *r, ps_counters *o) { (void)r; (void)o; }
int ps_heap_range(ps_runtime *r, void **b, size_t *n) { (void)r; (void)b; (void)n; return -1; }
`;
  const stubLibrary = (name: string, create: string): string => {
    const src = join(dir, `${name}.c`);
    writeFileSync(src, stub(create));
    return build.buildRuntime([src], { name });
  };

  it('a library that crashes its process is a crashed run that says how the process ended', async () => {
    let pid = 0;
    const r = await runScenario({ scenario: 'pin-gc-pressure', runtime: stubLibrary('segv', 'raise(SIGSEGV);') }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.kind).toBe('crash');
    expect(r.diagnosis?.message).toMatch(/^the run's process \(pid \d+, running .*libsegv-\w+\.so\) was killed by SIGSEGV before it reported a result\.$/);
    expect(processExists(pid)).toBe(false);
  });

  it('a process that falls silent (its main thread stuck in the library) is killed after the watchdog budget and a margin, and is gone', async () => {
    let pid = 0;
    const t0 = performance.now();
    const r = await runScenario({ scenario: 'pin-gc-pressure', runtime: stubLibrary('stuck', 'for (;;) pause();'), watchdogMs: 100 }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.message).toMatch(/^the run's process \(pid \d+, running .*libstuck-\w+\.so\) said nothing for 5100 ms and was killed before it reported a result\.$/);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(processExists(pid)).toBe(false);
  }, 30_000);

  describe('a library pinstress cannot use is one sentence, exit 2, before any run', () => {
    const notElf = join(dir, 'libnot-elf.so');
    writeFileSync(notElf, 'not a shared library\n');
    const cases: [string, () => string, RegExp][] = [
      ['a missing file', () => './no-such-lib.so', /^pinstress: runtime library \.\/no-such-lib\.so does not exist\.\n$/],
      ['a file that is no library', () => notElf, /^pinstress: cannot load runtime library: .*libnot-elf\.so: .*\.\n$/],
      ['a library without a required function', () => {
        const src = join(dir, 'partial.c');
        writeFileSync(src, '#include "pinstress.h"\nint ps_abi_version(void) { return PS_ABI_VERSION; }\n');
        return build.buildRuntime([src], { name: 'partial' });
      }, /^pinstress: .*libpartial-\w+\.so does not export ps_capabilities, which pinstress\.h requires\.\n$/],
    ];
    for (const [what, path, message] of cases) {
      it(what, async () => {
        const r = await cli('run', 'pin-concurrent', 'pin-gc-pressure', '--runtime', path(), '--no-reports', '--quiet');
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.out).toBe(''); // no run started
      });
    }
  });
});
