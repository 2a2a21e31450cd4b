// pinstress selftest: prove the harness catches every fault of the catalog, with the right class.
import type { Command } from 'commander';
import { parseCount } from '../../harness/config.ts';
import { kExitFailed, kExitOk } from '../../harness/result.ts';
import { selftest, type SelftestRow } from '../../harness/selftest.ts';
import { FAULT_CATALOG } from '../../scenarios/fault-catalog.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { formatDurationMs } from '../../reports/format.ts';
import { textTable } from '../../reports/text-table.ts';
import type { CommandIo } from '../program.ts';

function table(rows: SelftestRow[]): string {
  return textTable({
    headers: ['fault', 'scenario', 'detected', 'class', 'expected', 'time to detection', 'seeds tried'],
    numeric: [false, false, false, false, false, true, true],
    rows: rows.map((r) => [r.fault, r.scenario, r.detected ? 'yes' : 'NO', r.got, r.rightClass ? 'ok' : `WRONG (want ${r.expected})`, formatDurationMs(r.timeToDetectionMs), String(r.seedsTried)]),
  });
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
