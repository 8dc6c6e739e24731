// Seeded randomness for the synthetic dataset: the same --seed gives the same rows, so a benchmark
// can be repeated on identical data.

export type Random = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG (uniform in [0, 1)); plenty for test data, not for secrets. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits: a stable hash of a short string (the same on every machine and run). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Draws index i with probability weights[i] / sum, in constant time from one uniform number
 * (Walker's alias method), so picking among 36 states costs the same as among 2.
 */
export class WeightedPicker {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    const total = weights.reduce((a, b) => a + b, 0);
    if (n === 0 || !(total > 0) || weights.some((w) => !(w >= 0))) throw new RangeError('weights must be non-negative with a positive sum');
    this.size = n;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Left-overs are 1 up to rounding.
    for (const i of [...small, ...large]) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  /** u uniform in [0, 1). */
  pick(u: number): number {
    const x = u * this.size;
    const i = x | 0;
    return x - i < this.probability[i]! ? i : this.alias[i]!;
  }
}

/** A picker over labelled choices: { label: weight }. */
export class LabelPicker<T extends string> {
  private readonly picker: WeightedPicker;
  readonly labels: readonly T[];

  constructor(weights: Readonly<Record<T, number>>) {
    this.labels = Object.keys(weights) as T[];
    this.picker = new WeightedPicker(this.labels.map((l) => weights[l]));
  }

  pick(u: number): T {
    return this.labels[this.picker.pick(u)]!;
  }
}
