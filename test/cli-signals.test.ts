// Ctrl-C during `pinstress run`: the first SIGINT stops the run under way (marked interrupted),
// writes the reports for every run made and exits 130; no temp file and no process is left. A
// second SIGINT quits at once. Runs the built CLI as a user's terminal would, in its own process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '..', 'bin', 'pinstress.js');

function start(args: string[]): { child: ChildProcess; err: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  child.stdout!.resume();
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, err: () => err, done };
}

async function until(pred: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('signals', () => {
  it('the first SIGINT stops the current run, writes the reports of every run made, exits 130, leaves nothing behind', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pinstress-sigint-'));
    // Runs of a few seconds, one after another over fresh seeds: the first ends, the second is interrupted.
    const p = start(['run', 'pin-gc-pressure', '--iterations', '100000', '--mutators', '2', '--duration', '10m', '--out', out]);
    await until(() => /\[run 2[^\]]*\] pin-gc-pressure/.test(p.err()));
    p.child.kill('SIGINT');
    expect(await p.done).toBe(130);
    expect(p.err()).toMatch(/SIGINT: stopping: the current run ends now and is marked interrupted/);
    expect(p.err()).toMatch(/SIGINT: stopped after 2 run\(s\); reports are in /);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.runs.map((r: { status: string }) => r.status)).toEqual(['passed', 'interrupted']);
    expect(doc.summary.interrupted).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['gc.log', 'junit.xml', 'report.html', 'results.json', 'summary.md', 'trace.json']);
  }, 60_000);

  it('a second SIGINT quits at once', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pinstress-sigint2-'));
    const p = start(['run', 'pin-concurrent', '--iterations', '1000000', '--mutators', '2', '--watchdog', '600000', '--out', out]);
    await until(() => /pin-concurrent/.test(p.err()));
    p.child.kill('SIGINT');
    await until(() => /SIGINT: stopping/.test(p.err()));
    p.child.kill('SIGINT');
    expect(await p.done).toBe(130);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
