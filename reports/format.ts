// Number and label formatting shared by every report, so the same run reads the same everywhere.
import type { Distribution, RunResult } from '../harness/result.ts';

/** Rounds to `digits` decimals without exponent notation, and never prints `-0`. */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Microseconds with precision that shrinks as the value grows. */
export function fmtUs(us: number): string {
  if (us === 0) return '0';
  const a = Math.abs(us);
  return fixed(us, a < 10 ? 2 : a < 100 ? 1 : 0);
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${fixed(ms / 1000, 2)} s` : `${fixed(ms, ms < 10 ? 2 : 0)} ms`;
}

export function fmtBytes(b: number): string {
  if (Math.abs(b) < 1024) return `${fixed(b, 0)} B`;
  if (Math.abs(b) < 1024 * 1024) return `${fixed(b / 1024, 1)} KiB`;
  if (Math.abs(b) < 1024 * 1024 * 1024) return `${fixed(b / (1024 * 1024), 1)} MiB`;
  return `${fixed(b / (1024 * 1024 * 1024), 2)} GiB`;
}

export function fmtCount(n: number): string {
  return fixed(n, Number.isInteger(n) ? 0 : 1);
}

export function fmtDistribution(d: Distribution): string {
  return d.count === 0 ? '-' : `${fmtUs(d.p50)} / ${fmtUs(d.p99)} / ${fmtUs(d.max)}`;
}

/** Sum of the outcomes a correct runtime never produces. */
export { forbiddenCount } from '../harness/result.ts';

export function runLabel(run: RunResult): string {
  return `${run.scenario} seed=${run.seed}`;
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}
