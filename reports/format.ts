// Every figure a person reads, formatted one way for every output: the CLI, the CI commands,
// summary.md, report.html, junit.xml and the benchmarks. A 1234.5 us pause is "1.23 ms"
// everywhere. Function names carry the unit of their argument (formatDurationUs takes
// microseconds), as tinybench names its fields.
import type { Distribution, ResultsDocument, RunResult } from '../harness/result.ts';

/** Rounds to `digits` decimals without exponent notation, and never prints `-0`. */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Three significant digits, trailing decimal zeros dropped: 1.23, 12.3, 123, 1.5. */
function sig3(x: number): string {
  const a = Math.abs(x);
  const s = fixed(x, a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** `x` in the first unit of `units` (each `step` times the previous) that keeps it below `step`. */
function scaled(x: number, units: readonly string[], step: number): string {
  let v = x;
  let i = 0;
  while (i < units.length - 1 && Math.abs(Number(sig3(v))) >= step) {
    v /= step;
    i++;
  }
  return `${sig3(v)} ${units[i]}`;
}

const kDurationUnits = ['ns', 'us', 'ms', 's'] as const;

/** A duration given in microseconds: "850 ns", "42.5 us", "1.23 ms", "2.5 s". */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '-';
  if (us === 0) return '0 us';
  return scaled(us * 1000, kDurationUnits, 1000);
}

export function formatDurationMs(ms: number): string {
  return formatDurationUs(ms * 1000);
}

/** Binary units, as sizes are given on the command line: "512 B", "64 KiB", "1.5 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  if (Math.abs(bytes) < 1024) return `${fixed(bytes, 0)} B`;
  return scaled(bytes / 1024, ['KiB', 'MiB', 'GiB', 'TiB'], 1024);
}

/** A count: whole numbers as they are; a median of counts may end in .5. */
export function formatCount(n: number): string {
  return fixed(n, Number.isInteger(n) ? 0 : 1);
}

/** Events per second, compact: "950/s", "38.8k/s", "1.93M/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '-';
  return `${scaled(perSecond, ['', 'k', 'M', 'G'], 1000).replace(' ', '')}/s`;
}

/** A change in percent, signed, one decimal, never "-0.0%": "+12.3%", "-4.0%". */
export function formatChangePct(pct: number): string {
  if (!Number.isFinite(pct)) return pct > 0 ? '+inf%' : '-inf%';
  const s = fixed(pct, 1);
  return s.startsWith('-') ? `${s}%` : `+${s}%`;
}

/** ours / theirs as "0.55x"; "-" when either side is missing. */
export function formatRatio(ours: number, theirs: number | null | undefined): string {
  if (theirs == null || !(theirs > 0) || !Number.isFinite(ours)) return '-';
  const r = ours / theirs;
  return `${fixed(r, r >= 10 ? 0 : r >= 1 ? 1 : 2)}x`;
}

/**
 * A 32-bit word (an address, a magic value, the poison pattern, a lock word) in hex, unsigned and
 * padded to six digits as the runtime prints addresses: -559038737 is 0xdeadbeef.
 */
export function formatHex(word: number): string {
  return `0x${(word >>> 0).toString(16).padStart(6, '0')}`;
}

export function formatDistributionUs(d: Distribution): string {
  return d.count === 0 ? '-' : `${formatDurationUs(d.p50)} / ${formatDurationUs(d.p99)} / ${formatDurationUs(d.max)}`;
}

/** "9 runs: 8 passed, 1 failed, 0 hung, 0 crashed", from a document's summary. */
export function formatSummary(s: ResultsDocument['summary']): string {
  // Interrupted runs are named only when there are some: most summaries never have one.
  return `${s.total} run${s.total === 1 ? '' : 's'}: ${s.passed} passed, ${s.failed} failed, ${s.hung} hung, ${s.crashed} crashed${s.interrupted ? `, ${s.interrupted} interrupted` : ''}`;
}

/** Sum of the outcomes a correct runtime never produces. */
export { forbiddenCount } from '../harness/result.ts';

export function runLabel(run: RunResult): string {
  return `${run.scenario} seed=${run.seed}`;
}
