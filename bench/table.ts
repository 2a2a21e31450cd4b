// Terminal output: aligned tables and the number formats every bench part shares.

export function table(title: string, head: string[], rows: string[][], notes: string[] = []): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Numbers read best right-aligned; the first column is a label.
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [`\n== ${title}`, line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...notes.map((n) => `   ${n}`)].join('\n');
}

export function rate(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '-';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

/** A duration given in microseconds, in the unit that keeps it short. */
export function us(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} s`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} ms`;
  if (n >= 1) return `${n.toFixed(1)} us`;
  return `${(n * 1e3).toFixed(0)} ns`;
}

export const ms = (n: number): string => us(n * 1e3);
export const ns = (n: number): string => us(n / 1e3);

export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(n % (1 << 20) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} B`;
}

/** ours / theirs as "0.12x"; "-" when either side is missing. */
export function ratio(ours: number, theirs: number | null | undefined): string {
  if (theirs == null || !(theirs > 0) || !Number.isFinite(ours)) return '-';
  const r = ours / theirs;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}x`;
}

export function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
