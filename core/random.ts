/**
 * Seeded random numbers. mulberry32 is the generator of ../shared/bench/ref_numpy.py, reproduced bit
 * for bit: the k-th output is a 32-bit integer divided by 2^32, in [0, 1).
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box-Muller; 1 - u keeps the logarithm finite. */
export function gaussian(rng: Rng): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Derives the seed of restart r from the run's seed, so restarts are independent but reproducible. */
export function restartSeed(seed: number, restart: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(restart + 1, 0xc2b2ae35)) >>> 0;
}
