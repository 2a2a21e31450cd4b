// pinstress selftest: prove the harness catches every fault of the catalog, with the right class.
import type { Command } from 'commander';
import { parseCount } from '../../harness/config.ts';
import { kExitFailed, kExitOk } from '../../harness/result.ts';
import { selftest, type SelftestRow } from '../../harness/selftest.ts';
import { FAULT_CATALOG } from '../../scenarios/fault-catalog.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';

function table(rows: SelftestRow[]): string {
  const head = ['fault', 'scenario', 'detected', 'class', 'expected', 'time to detection', 'seeds tried'];
  const cells = rows.map((r) => [r.fault, r.scenario, r.detected ? 'yes' : 'NO', r.got, r.rightClass ? 'ok' : `WRONG (want ${r.expected})`, `${r.timeToDetectionMs} ms`, String(r.seedsTried)]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(w[i])).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...cells.map(line)].join('\n');
}

export function registerSelftest(program: Command, io: CommandIo): void {
  program.command('selftest')
    .description('switch every known pinning bug on, one at a time, and check the harness catches it')
    .option('--seeds <n>', 'seeds to try per fault before calling it undetected', '3')
    .option('--seed <n>', 'first seed', '1')
    .option('--watchdog <ms>', 'watchdog budget for the hang faults', '2000')
    .option('--json', 'print the rows as JSON')
    .action(async (f: { seeds: string; seed: string; watchdog: string; json?: boolean }) => {
      const rows = await selftest(SCENARIOS, FAULT_CATALOG, {
        seeds: parseCount(f.seeds, '--seeds'), firstSeed: parseCount(f.seed, '--seed', 0),
        overrides: { watchdogMs: parseCount(f.watchdog, '--watchdog', 20) },
        onRow: (r) => io.stderr(`${r.detected && r.rightClass ? 'caught' : 'MISSED'}  ${r.fault} (${r.got})\n`),
      });
      io.stdout(f.json ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n`);
      const bad = rows.filter((r) => !r.detected || !r.rightClass);
      if (!f.json) io.stdout(bad.length ? `${bad.length} of ${rows.length} faults not caught as expected\n` : `all ${rows.length} faults caught with the right class\n`);
      io.setExitCode(bad.length ? kExitFailed : kExitOk);
    });
}
