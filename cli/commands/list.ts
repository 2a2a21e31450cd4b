// pinstress list: scenarios, faults, strategies and perturbation modes.
import type { Command } from 'commander';
import { PERTURB_MODES } from '../../harness/config.ts';
import { FAULTS } from '../../runtime/faults.ts';
import { STRATEGIES } from '../../runtime/layout.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';

export function registerList(program: Command, io: CommandIo): void {
  program.command('list').description('list scenarios, faults, strategies and perturbation modes').action(() => {
    const w = Math.max(...[...SCENARIOS.keys(), ...FAULTS.map((f) => f.name)].map((s) => s.length));
    const lines = ['scenarios:'];
    for (const s of SCENARIOS.values()) lines.push(`  ${s.name.padEnd(w)}  ${s.summary}`);
    lines.push('', 'faults (off by default; --fault NAME):');
    for (const f of FAULTS) lines.push(`  ${f.name.padEnd(w)}  ${f.summary}`);
    lines.push('', `strategies (--strategy): ${STRATEGIES.join(', ')}`, `perturbation modes (--perturb): ${PERTURB_MODES.join(', ')}`);
    io.stdout(`${lines.join('\n')}\n`);
  });
}
