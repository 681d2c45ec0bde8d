/**
 * The fast log-rank test (typed-array sorts) and the fast bootstrap of the mean (inlined generator, resamples started from their place
 * in the stream, lists of one length summed together) against the plain loop it replaced,
 * kept here as the reference: the same intervals to the last bit on varied data, lengths,
 * seeds, resample counts and levels.
 */
import { describe, expect, it } from "vitest";
import {
  bootstrapCI,
  bootstrapMeanCIs,
  bootstrapMeanDifferenceCI,
  logRankTest,
  mean,
  mulberry32,
  type BootstrapInterval,
  type SurvivalObservation,
} from "~/lib/stats";

// ---- the reference: the code before the fast path, verbatim in its arithmetic
function refResampledMean(values: readonly number[], random: () => number): number {
  const n = values.length;
  const shift = values[Math.floor(random() * n)];
  let sum = 0;
  sum += shift - shift;
  for (let j = 1; j < n; j++) sum += values[Math.floor(random() * n)] - shift;
  return shift + sum / n;
}
function refQuantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
function refInterval(estimate: number, reps: number[], resamples: number, seed: number, level: number): BootstrapInterval {
  reps.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { estimate, lower: refQuantile(reps, tail), upper: refQuantile(reps, 1 - tail), level, resamples, seed };
}
function refCI(values: readonly number[], resamples: number, seed: number, level: number): BootstrapInterval | null {
  if (values.length === 0) return null;
  const random = mulberry32(seed);
  const reps: number[] = [];
  for (let r = 0; r < resamples; r++) reps.push(refResampledMean(values, random));
  return refInterval(mean(values), reps, resamples, seed, level);
}
function refDiff(a: readonly number[], b: readonly number[], resamples: number, seed: number, level: number): BootstrapInterval | null {
  if (a.length === 0 || b.length === 0) return null;
  const random = mulberry32(seed);
  const reps: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const x = refResampledMean(a, random);
    reps.push(refResampledMean(b, random) - x);
  }
  return refInterval(mean(b) - mean(a), reps, resamples, seed, level);
}

// ---- varied data: costs in fractional pence, whole B&B nights (mostly 0), tiny and constant lists
function data(seed: number, n: number, kind: number): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => {
    if (kind === 0) return (Math.round(rnd() * 200000) / (1 + Math.floor(rnd() * 90))) * 7;
    if (kind === 1) return rnd() < 0.8 ? 0 : Math.floor(rnd() * 120) * 100;
    if (kind === 2) return rnd() * 1e9 - 5e8;
    return 0.1;
  });
}

function same(a: BootstrapInterval | null, b: BootstrapInterval | null) {
  expect(a === null).toBe(b === null);
  if (a && b) {
    expect(Object.is(a.estimate, b.estimate)).toBe(true);
    expect(Object.is(a.lower, b.lower)).toBe(true);
    expect(Object.is(a.upper, b.upper)).toBe(true);
    expect(a).toEqual(b);
  }
}

const SEEDS = [20261125, 1, 0, 7, -3, 2 ** 32 + 5, 4294967295, 12.75];
const LENGTHS = [0, 1, 2, 3, 17, 100, 999];

describe("fast bootstrap of the mean", () => {
  it("gives bootstrapCI's old intervals bit for bit", () => {
    let i = 0;
    for (const n of LENGTHS) {
      for (const kind of [0, 1, 2, 3]) {
        const seed = SEEDS[i % SEEDS.length];
        const resamples = [1, 2, 57, 400][i % 4];
        const level = [0.95, 0.5, 0.8, 0.99][(i >> 2) % 4];
        const values = data(1000 + i, n, kind);
        same(bootstrapCI(values, { seed, resamples, level }), refCI(values, resamples, seed, level));
        i++;
      }
    }
  });

  it("gives the same intervals for several lists at once, of one length or of several", () => {
    for (const [k, lengths] of [
      [1, [50, 50, 50]],
      [2, [50, 49, 50, 50, 50]],
      [3, [0, 10, 10]],
      [4, [7]],
      [5, [300, 300]],
      [6, [1, 1, 2, 2, 2, 2, 2, 3]],
    ] as const) {
      const lists = lengths.map((n, j) => data(50 * k + j, n, j % 4));
      for (const seed of [20261125, 99]) {
        const got = bootstrapMeanCIs(lists, { seed, resamples: 300 });
        lists.forEach((l, j) => same(got[j], refCI(l, 300, seed, 0.95)));
      }
    }
  });

  it("gives bootstrapMeanDifferenceCI's old intervals bit for bit", () => {
    const pairs: [number, number][] = [
      [1, 1],
      [1, 5],
      [5, 1],
      [2, 3],
      [40, 17],
      [17, 40],
      [100, 100],
      [333, 120],
      [0, 3],
      [3, 0],
    ];
    pairs.forEach(([na, nb], i) => {
      const a = data(7000 + i, na, i % 4);
      const b = data(8000 + i, nb, (i + 1) % 4);
      const seed = SEEDS[i % SEEDS.length];
      const resamples = [1, 3, 250, 500][i % 4];
      const level = [0.95, 0.9][i % 2];
      same(bootstrapMeanDifferenceCI(a, b, { seed, resamples, level }), refDiff(a, b, resamples, seed, level));
    });
  });

  it("keeps the old intervals where the generator's state wraps past 2^32", () => {
    const values = data(42, 5000, 0);
    same(bootstrapCI(values, { seed: 4294967295, resamples: 40 }), refCI(values, 40, 4294967295, 0.95));
  });
});

// ---- the log-rank sums as they were (a sort of the pooled observations)
function refLogRankSums(groupA: readonly SurvivalObservation[], groupB: readonly SurvivalObservation[]) {
  const pooled = [...groupA.map((o) => ({ ...o, inA: true })), ...groupB.map((o) => ({ ...o, inA: false }))].sort(
    (a, b) => a.time - b.time,
  );
  let atRiskA = groupA.length;
  let atRiskB = groupB.length;
  let observedA = 0,
    observedB = 0,
    expectedA = 0,
    expectedB = 0,
    variance = 0;
  let i = 0;
  while (i < pooled.length) {
    const time = pooled[i].time;
    let dA = 0,
      dB = 0,
      leavingA = 0,
      leavingB = 0;
    while (i < pooled.length && pooled[i].time === time) {
      const o = pooled[i];
      if (o.inA) {
        leavingA++;
        if (o.event) dA++;
      } else {
        leavingB++;
        if (o.event) dB++;
      }
      i++;
    }
    const d = dA + dB;
    if (d > 0) {
      const n = atRiskA + atRiskB;
      observedA += dA;
      observedB += dB;
      expectedA += (d * atRiskA) / n;
      expectedB += (d * atRiskB) / n;
      if (n > 1) variance += (d * (n - d) * atRiskA * atRiskB) / (n * n * (n - 1));
    }
    atRiskA -= leavingA;
    atRiskB -= leavingB;
  }
  return { observedA, observedB, expectedA, expectedB, variance };
}

describe("fast log-rank test", () => {
  it("gives the old sums bit for bit on varied groups (ties, censoring, fractional and zero times)", () => {
    for (let i = 0; i < 60; i++) {
      const rnd = mulberry32(500 + i);
      const gen = (n: number) =>
        Array.from({ length: n }, () => ({
          time: i % 3 === 0 ? rnd() * 50 : Math.floor(rnd() * (i % 2 ? 10 : 400)),
          event: rnd() < [0, 0.3, 0.7, 1][i % 4],
        }));
      const a = gen([0, 1, 2, 30, 500][i % 5]);
      const b = gen([1, 0, 7, 300, 45][(i >> 1) % 5]);
      const got = logRankTest(a, b);
      const ref = refLogRankSums(a, b);
      expect(Object.is(got.groupA.observed, ref.observedA)).toBe(true);
      expect(Object.is(got.groupB.observed, ref.observedB)).toBe(true);
      expect(Object.is(got.groupA.expected, ref.expectedA)).toBe(true);
      expect(Object.is(got.groupB.expected, ref.expectedB)).toBe(true);
      expect(Object.is(got.variance, ref.variance)).toBe(true);
      expect(got.groupA.n).toBe(a.length);
      expect(got.groupB.n).toBe(b.length);
    }
  });
});
