// A runtime library as the target (issue 15): the example runtime (examples/native-runtime, a C
// moving collector behind native/pinstress.h) is stressed by the same scenarios and oracles as the
// built-in runtime, each run in a child process. The regression scenarios pass; its move-pinned
// fault is caught as the built-in runtime's is (its nested-init hang, and a silent process, are in
// native-runtime-hangs.test.ts, which runs alone); a library that crashes is a crashed run; a
// library pinstress cannot use is one sentence, exit 2, before any run; a scenario the library
// cannot run is skipped, not failed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-io.ts';
import { runScenario } from '../index.ts';
import { available, build, processExists, stubLibrary } from './native-helpers.ts';

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

  it('a library that crashes its process is a crashed run that says how the process ended', async () => {
    let pid = 0;
    const r = await runScenario({ scenario: 'pin-gc-pressure', runtime: stubLibrary(dir, 'segv', 'raise(SIGSEGV);') }, { onProcess: (p) => { pid = p; } });
    expect(r.status).toBe('crashed');
    expect(r.diagnosis?.kind).toBe('crash');
    expect(r.diagnosis?.message).toMatch(/^the run's process \(pid \d+, running .*libsegv-\w+\.so\) was killed by SIGSEGV before it reported a result\.$/);
    expect(processExists(pid)).toBe(false);
  });

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
