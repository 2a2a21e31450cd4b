// Human-readable figures for the gate and baseline summaries: 3.86M/s, 640us, -12.3%.

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  if (us >= 1000) return `${(us / 1000).toFixed(2)}ms`;
  return us < 10 ? `${us.toFixed(1)}us` : `${us.toFixed(0)}us`;
}

/** Signed, one decimal; never "-0.0%". */
export function formatPct(pct: number): string {
  if (!Number.isFinite(pct)) return pct > 0 ? '+inf%' : '-inf%';
  const s = pct.toFixed(1);
  return s === '-0.0' || s === '0.0' ? '+0.0%' : pct > 0 ? `+${s}%` : `${s}%`;
}

/** Percentage change from `base` to `value`. */
export function changePct(value: number, base: number): number {
  if (base === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (value / base - 1) * 100;
}
