// The one-line command that reproduces a run: the seed and sizes always, and every other setting
// that differs from the scenario's own defaults (so a re-run resolves to the same config). The
// reverse of the CLI's flags, derived from the same options table (run-options.ts).
import { fileURLToPath } from 'node:url';
import { formatSize } from './config.ts';
import type { RunConfig } from './result.ts';
import { optionRows } from './run-options.ts';

const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function reproCommand(c: RunConfig, d: RunConfig, scenarioFile?: string): string {
  const a = ['npx', 'pinstress', 'run', q(scenarioFile ? fileURLToPath(scenarioFile) : c.scenario)];
  for (const { key, inSchedule, row } of optionRows()) {
    const v = (inSchedule ? c.schedule : c)[key as never] as unknown;
    const dv = (inSchedule ? d.schedule : d)[key as never] as unknown;
    if (!row.always && same(v ?? null, dv ?? null)) continue;
    if (row.kind === 'switch') a.push(v ? row.flag : `--no-${row.flag.slice(2)}`);
    else if (row.kind === 'list') for (const x of v as string[]) a.push(row.flag, q(x));
    else a.push(row.flag, row.kind === 'size' ? formatSize(v as number) : q(String(v)));
  }
  return a.join(' ');
}
