// One seed drives everything: per-thread seeds derive from the run's seed, and every random
// choice in a thread comes from its own seeded generator (pure-rand's xoroshiro128+).
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

export class Rng {
  private readonly g: RandomGenerator;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return unsafeUniformIntDistribution(lo, hi, this.g);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.int(0, 1_000_000 - 1) < p * 1_000_000;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

/** splitmix32 step: well-spread per-thread seeds from one run seed. */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed + Math.imul(stream + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
