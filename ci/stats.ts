// Robust statistics for baselines: the median and the median absolute deviation (MAD).
// Repeated benchmark runs have outliers (a cold first repetition, a noisy neighbour), so the
// gate reasons with medians, which one bad sample cannot drag, rather than means.

import { median } from '../harness/distribution.ts';

/** 1.4826 * MAD estimates the standard deviation when the samples are roughly normal. */
export const kMadToSigma = 1.4826;

export function medianAbsoluteDeviation(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** Spread relative to the median, in sigma units: 0 when the samples agree. */
export function relativeSigma(med: number, mad: number): number {
  if (mad === 0) return 0;
  return med > 0 ? (kMadToSigma * mad) / med : Number.POSITIVE_INFINITY;
}

/** Percentage change from `base` to `value`. */
export function changePct(value: number, base: number): number {
  if (base === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (value / base - 1) * 100;
}
