// The one-line command that reproduces a run: the seed and sizes always, and every other setting
// that differs from the scenario's own defaults (so a re-run resolves to the same config).
import { fileURLToPath } from 'node:url';
import { formatSize } from './config.ts';
import type { RunConfig } from './result.ts';

const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function reproCommand(c: RunConfig, d: RunConfig, scenarioFile?: string): string {
  const a = ['npx', 'pinstress', 'run', q(scenarioFile ? fileURLToPath(scenarioFile) : c.scenario), '--seed', String(c.seed), '--mutators', String(c.mutators),
    '--iterations', String(c.iterations), '--nursery', formatSize(c.nurseryBytes)];
  if (c.blockBytes !== d.blockBytes) a.push('--block', formatSize(c.blockBytes));
  if (c.oldBytes !== d.oldBytes) a.push('--old', formatSize(c.oldBytes));
  if (c.fault.join() !== d.fault.join()) for (const f of c.fault) a.push('--fault', f);
  if (c.mutex !== d.mutex) a.push('--mutex', c.mutex);
  if (c.strategy !== d.strategy) a.push('--strategy', c.strategy);
  if (c.perturb !== d.perturb) a.push('--perturb', c.perturb);
  if (c.watchdogMs !== d.watchdogMs) a.push('--watchdog', String(c.watchdogMs));
  if (c.schedule.everyAllocs !== d.schedule.everyAllocs) a.push('--gc-every-allocs', String(c.schedule.everyAllocs));
  if (c.schedule.everyUs !== d.schedule.everyUs) a.push('--gc-every-us', String(c.schedule.everyUs));
  if (c.schedule.everySafepoint !== d.schedule.everySafepoint) a.push(c.schedule.everySafepoint ? '--gc-every-safepoint' : '--no-gc-every-safepoint');
  if (c.verifyEvery !== d.verifyEvery) a.push('--verify-every', String(c.verifyEvery));
  return a.join(' ');
}
