// The peers (shared/peer): the same pin protocol, lean, in C++ (ref.cpp: what native code does on
// this machine) and in Node.js (ref.mjs: what Node itself can reach with the same design). The
// yardsticks for protocol throughput and pauses, run in the same script as our rounds, because only
// the ratio means anything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeerFigures {
  median: number; // warm iterations/s
  min: number;
  max: number;
  n: number;
  cold: number;
  collections_per_round: number;
  pause_median_ns: number;
  pause_p99_ns: number;
  errors: number;
}

export type PeerResult = { ok: true; figures: PeerFigures; ms: number } | { ok: false; reason: string };

function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

export type PeerName = 'cpp' | 'js';

/** `../shared/peer/run-peer.sh` (or `run-peer-js.sh`) from the repository root, unless PINSTRESS_PEER names another script. */
export function peerScript(which: PeerName = 'cpp'): string {
  if (which === 'cpp' && process.env.PINSTRESS_PEER) return process.env.PINSTRESS_PEER;
  return resolve(repoRoot(), which === 'cpp' ? '../shared/peer/run-peer.sh' : '../shared/peer/run-peer-js.sh');
}

export function runPeer(iterations: number, rounds: number, which: PeerName = 'cpp'): PeerResult {
  const script = peerScript(which);
  if (!existsSync(script)) return { ok: false, reason: `${script} not found` };
  const t0 = performance.now();
  const r = spawnSync(script, [String(iterations), String(rounds)], { encoding: 'utf8', timeout: 300_000 });
  const ms = performance.now() - t0;
  if (r.error) return { ok: false, reason: `${script}: ${r.error.message}` };
  const line = r.stdout.split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ');
    return { ok: false, reason: `${script} exited ${r.status ?? r.signal}${why ? `: ${why}` : ''}` };
  }
  try {
    return { ok: true, figures: JSON.parse(line) as PeerFigures, ms };
  } catch {
    return { ok: false, reason: `${script} printed no JSON: ${line.slice(0, 120)}` };
  }
}
