// What every bench part hands back, and the one bench.json they are collected into.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { labelledTable } from '../reports/table.ts';
import { textTable } from '../reports/text-table.ts';

/** A target from the brief, with what was measured against it. Never asserted: machines are noisy. */
export interface Target {
  name: string;
  target: string;
  measured: string;
  holds: boolean | null; // null: could not be measured
}

export interface PartResult {
  figures: Record<string, unknown>;
  text: string;
  targets: Target[];
}

export interface BenchOptions {
  quick: boolean;
}

/** A bench part's table: a title line, rows labelled by their first cell, notes below. */
export function benchTable(title: string, headers: string[], rows: string[][], notes: string[] = []): string {
  return `\n${textTable(labelledTable(headers, rows), { title, notes })}`;
}

/** Quantile as the C++ peer computes it (v[round(p * (n - 1))]), so pooled pauses compare like for like. */
export function quantile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const s = Float64Array.from(samples).sort();
  return s[Math.round(p * (s.length - 1))];
}

export function writeBenchJson(path: string, quick: boolean, parts: Record<string, PartResult>, wallMs: number, loadAtStart: number[]): void {
  const doc = {
    createdAt: new Date().toISOString(),
    host: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memBytes: totalmem() },
    quick,
    wallMs: Math.round(wallMs),
    // Other work on the machine shows here before it shows as noise in the figures.
    loadavg: { atStart: loadAtStart, atEnd: loadavg() },
    targets: Object.values(parts).flatMap((p) => p.targets),
    parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.figures])),
  };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}
