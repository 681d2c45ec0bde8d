import { describe, expect, it } from "vitest";
import {
  Z_95,
  bootstrapCI,
  bootstrapMeanDifferenceCI,
  chiSquare1PValue,
  erfc,
  kaplanMeier,
  kaplanMeierOfCounts,
  logRankTest,
  mean,
  median,
  minimumDetectableDifference,
  mulberry32,
  shareLeftWithin,
  survivalQuantile,
  survivalQuantiles,
  wilsonInterval,
  type SurvivalObservation,
} from "~/lib/stats";

/**
 * Freireich et al. (1963) 6-MP leukaemia remission data (weeks), the worked
 * example in most survival textbooks (e.g. Kleinbaum & Klein; R's MASS::gehan).
 * A negative number here means censored.
 */
function obs(times: number[]): SurvivalObservation[] {
  return times.map((t) => ({ time: Math.abs(t), event: t >= 0 }));
}
const SIX_MP = obs([6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35]);
const PLACEBO = obs([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]);

function at(curve: ReturnType<typeof kaplanMeier>, time: number) {
  const step = curve.steps.find((s) => s.time === time);
  if (!step) throw new Error(`no step at ${time}`);
  return step;
}

describe("kaplanMeier", () => {
  it("reproduces the textbook 6-MP survival estimates", () => {
    const km = kaplanMeier(SIX_MP);
    expect(km.n).toBe(21);
    expect(km.events).toBe(9);
    // distinct times 6,7,9,10,11,13,16,17,19,20,22,23,25,32,34,35
    expect(km.steps.map((s) => s.time)).toEqual([6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35]);
    const expected: Array<[number, number]> = [
      [6, 0.857],
      [7, 0.807],
      [10, 0.753],
      [13, 0.69],
      [16, 0.627],
      [22, 0.538],
      [23, 0.448],
    ];
    for (const [t, s] of expected) expect(at(km, t).survival).toBeCloseTo(s, 3);
    // exact fractions: S(6) = 18/21, S(7) = 18/21 · 16/17
    expect(at(km, 6).survival).toBeCloseTo(18 / 21, 12);
    expect(at(km, 7).survival).toBeCloseTo((18 / 21) * (16 / 17), 12);
    // censor-only times carry the previous value
    expect(at(km, 9).survival).toBe(at(km, 7).survival);
    expect(at(km, 35).survival).toBe(at(km, 23).survival);
    // risk set and counts at the tied time 6 (3 events + 1 censored) and at 32 (2 censored)
    expect(at(km, 6)).toMatchObject({ atRisk: 21, events: 3, censored: 1 });
    expect(at(km, 7)).toMatchObject({ atRisk: 17, events: 1, censored: 0 });
    expect(at(km, 32)).toMatchObject({ atRisk: 4, events: 0, censored: 2 });
  });

  it("gives the Greenwood standard error and the log(-log) band", () => {
    const km = kaplanMeier(SIX_MP);
    // Greenwood at 6: S·√(Σ d/(n(n−d))) = 0.857143 · √(3/(21·18)) = 0.857143 · √0.0079365
    //   = 0.857143 · 0.089087 = 0.076360   (textbook: 0.0764)
    expect(at(km, 6).stdErr).toBeCloseTo(0.07636, 5);
    // Band at 6, z = 1.959964: ln S = ln 0.857143 = −0.1541507, se(log S) = 0.089087
    //   r = z·se/|ln S| = 1.959964 · 0.089087 / 0.1541507 = 1.132706, f = e^r = 3.104046
    //   lower = S^f = exp(−0.1541507 · 3.104046) = exp(−0.478491) = 0.619718
    //   upper = S^(1/f) = exp(−0.1541507 / 3.104046) = exp(−0.049661) = 0.951552
    //   (R survfit conf.type="log-log" prints 0.620, 0.952)
    expect(at(km, 6).lower).toBeCloseTo(0.619718, 5);
    expect(at(km, 6).upper).toBeCloseTo(0.951552, 5);
    // Band at 23: Σ = 3/378 + 1/272 + 1/210 + 1/132 + 1/110 + 1/42 + 1/30
    //   = 0.0079365 + 0.0036765 + 0.0047619 + 0.0075758 + 0.0090909 + 0.0238095 + 0.0333333 = 0.0901844
    //   se = 0.300307, ln S = ln 0.4481793 = −0.8025620, r = 1.959964 · 0.300307 / 0.802562 = 0.733390
    //   f = 2.082128; lower = exp(−0.802562 · 2.082128) = exp(−1.671037) = 0.188052
    //   upper = exp(−0.802562 / 2.082128) = exp(−0.385453) = 0.680143
    expect(at(km, 23).stdErr).toBeCloseTo(0.4481793 * 0.300307, 5);
    expect(at(km, 23).lower).toBeCloseTo(0.188052, 5);
    expect(at(km, 23).upper).toBeCloseTo(0.680143, 5);
    expect(km.z).toBe(Z_95);
  });

  it("groups ties: events at t precede censorings at t", () => {
    // given out of order on purpose
    const km = kaplanMeier([
      { time: 2, event: true },
      { time: 2, event: false },
      { time: 3, event: true },
      { time: 2, event: true },
      { time: 1, event: false },
    ]);
    expect(km.steps).toHaveLength(3);
    expect(km.steps[0]).toMatchObject({ time: 1, atRisk: 5, events: 0, censored: 1, survival: 1, stdErr: 0, lower: null, upper: null });
    // The household censored at 2 is still at risk at 2: S = 1 − 2/4 = 0.5 (not 1 − 2/3).
    expect(km.steps[1]).toMatchObject({ time: 2, atRisk: 4, events: 2, censored: 1 });
    expect(km.steps[1].survival).toBeCloseTo(0.5, 12);
    // Greenwood: Σ = 2/(4·2) = 0.25, se(log S) = 0.5, SE(S) = 0.5 · 0.5 = 0.25
    expect(km.steps[1].stdErr).toBeCloseTo(0.25, 12);
    // Band: ln 0.5 = −0.693147, r = 1.959964 · 0.5 / 0.693147 = 1.413815, f = e^r = 4.111612
    //   lower = exp(−0.693147 · 4.111612) = exp(−2.849952) = 0.057847
    //   upper = exp(−0.693147 / 4.111612) = exp(−0.168583) = 0.844861
    expect(km.steps[1].lower).toBeCloseTo(0.057847, 5);
    expect(km.steps[1].upper).toBeCloseTo(0.844861, 5);
    // Last one leaves: S = 0, Greenwood SE and the band are undefined there.
    expect(km.steps[2]).toMatchObject({ time: 3, atRisk: 1, events: 1, censored: 0, survival: 0, stdErr: null, lower: null, upper: null });
  });

  it("returns an empty curve for no data", () => {
    expect(kaplanMeier([])).toEqual({ n: 0, events: 0, z: Z_95, steps: [] });
  });

  it("keeps survival at 1 when everyone is still in TA", () => {
    const km = kaplanMeier(obs([-3, -5, -5, -8]));
    expect(km.events).toBe(0);
    expect(km.steps.map((s) => [s.time, s.atRisk, s.censored, s.survival])).toEqual([
      [3, 4, 1, 1],
      [5, 3, 2, 1],
      [8, 1, 1, 1],
    ]);
    expect(km.steps.every((s) => s.lower === null && s.upper === null && s.stdErr === 0)).toBe(true);
  });

  it("handles a single observation", () => {
    expect(kaplanMeier([{ time: 5, event: true }]).steps).toEqual([
      { time: 5, atRisk: 1, events: 1, censored: 0, survival: 0, stdErr: null, lower: null, upper: null },
    ]);
    expect(kaplanMeier([{ time: 5, event: false }]).steps).toEqual([
      { time: 5, atRisk: 1, events: 0, censored: 1, survival: 1, stdErr: 0, lower: null, upper: null },
    ]);
  });

  it("refuses negative or missing times rather than hide a data bug", () => {
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ time: Number.NaN, event: true }])).toThrow(RangeError);
  });
});

describe("survivalQuantiles", () => {
  it("gives the 6-MP median of 23 weeks with R's log-log interval (13, not reached)", () => {
    const q = survivalQuantiles(kaplanMeier(SIX_MP));
    // median: S first <= 0.5 at 23 (S(22) = 0.538, S(23) = 0.448)
    expect(q.median.time).toBe(23);
    // lower end: first time the LOWER band is <= 0.5.
    //   at 10: Σ = 0.0079365 + 0.0036765 + 0.0047619 = 0.0163749, se = 0.127964, ln S = −0.2837682
    //     r = 1.959964 · 0.127964 / 0.2837682 = 0.883840, f = 2.420175, lower = exp(−0.686769) = 0.503200 > 0.5
    //   at 13: Σ = 0.0163749 + 1/132 = 0.0239506, se = 0.154760, ln S = −0.3707796
    //     r = 0.818071, f = 2.266124, lower = exp(−0.840232) = 0.431610 <= 0.5  -> 13
    expect(q.median.lower).toBe(13);
    // upper end: the upper band's lowest value is 0.680 (at 23, above) > 0.5 -> never, null
    expect(q.median.upper).toBeNull();
    // 25th percentile: S first <= 0.75 at 13 (S(10) = 0.7529); lower band <= 0.75 already at 6 (0.6197);
    //   upper band <= 0.75 first at 22: Σ(22) = 0.0568511, se = 0.238434, ln S = −0.620203,
    //   r = 0.753490, f = 2.124430, upper = exp(−0.620203/2.124430) = exp(−0.291938) = 0.746791 <= 0.75
    //   (at 16 it is 0.804912 > 0.75)
    expect(q.q25).toEqual({ p: 0.25, time: 13, lower: 6, upper: 22 });
    // 75th percentile: S never <= 0.25 (ends at 0.448); lower band <= 0.25 at 23 (0.188052); upper never
    expect(q.q75).toEqual({ p: 0.75, time: null, lower: 23, upper: null });
  });

  it("gives the placebo median of 8 weeks with interval (4, 11)", () => {
    const q = survivalQuantiles(kaplanMeier(PLACEBO));
    expect(q.median.time).toBe(8); // S(5) = 12/21 = 0.571, S(8) = 8/21 = 0.381
    // lower band at 3: Σ = 2/399 + 2/323 + 1/272 = 0.0148810, se = 0.121988, ln S = ln(16/21) = −0.2719337
    //   r = 0.879226, f = 2.409034, lower = exp(−0.655098) = 0.519391 > 0.5
    // lower band at 4: Σ = 0.0148810 + 2/224 = 0.0238095, se = 0.154303, ln S = ln(14/21) = −0.4054651
    //   r = 0.745882, f = 2.108300, lower = exp(−0.854842) = 0.425350 <= 0.5  -> 4
    expect(q.median.lower).toBe(4);
    // upper band at 8: Σ = 0.0238095 + 2/168 + 4/96 = 0.0773810, se = 0.278174, ln S = ln(8/21) = −0.9650809
    //   r = 0.564939, f = 1.759340, upper = exp(−0.9650809/1.759340) = exp(−0.548547) = 0.577789 > 0.5
    // upper band at 11: Σ = 0.0773810 + 2/48 = 0.1190476, se = 0.345033, ln S = ln(6/21) = −1.2527630
    //   r = 0.539808, f = 1.715678, upper = exp(−0.730185) = 0.481820 <= 0.5  -> 11
    expect(q.median.upper).toBe(11);
  });

  it("takes the midpoint where the curve is flat at exactly 1 - p (R's quantile.survfit)", () => {
    const km = kaplanMeier(obs([1, 2, 3, 4])); // S = 0.75, 0.5, 0.25, 0
    expect(survivalQuantile(km, 0.5).time).toBe(2.5); // flat at 0.5 from 2 to 3
    expect(survivalQuantile(km, 0.25).time).toBe(1.5);
    expect(survivalQuantile(km, 0.75).time).toBe(3.5);
    expect(survivalQuantile(km, 1).time).toBe(4);
    // odd count: no flat, the plain first drop
    expect(survivalQuantile(kaplanMeier(obs([1, 2, 3])), 0.5).time).toBe(2);
  });

  it("takes the midpoint to the end of follow-up when the curve ends flat at 1 - p", () => {
    // one leaves at 1, the other is still in TA at 3: S = 0.5 from 1 to the end
    expect(survivalQuantile(kaplanMeier(obs([1, -3])), 0.5).time).toBe(2);
  });

  it("returns nulls, not errors, when the curve does not get there", () => {
    for (const data of [[], obs([-3, -5, -8])]) {
      expect(survivalQuantiles(kaplanMeier(data)).median).toEqual({ p: 0.5, time: null, lower: null, upper: null });
    }
    // one household, left at 5: median 5 but the band is undefined, so no interval
    expect(survivalQuantile(kaplanMeier(obs([5])), 0.5)).toEqual({ p: 0.5, time: 5, lower: null, upper: null });
  });

  it("refuses a probability outside (0, 1]", () => {
    expect(() => survivalQuantile(kaplanMeier(SIX_MP), 0)).toThrow(RangeError);
    expect(() => survivalQuantile(kaplanMeier(SIX_MP), 1.5)).toThrow(RangeError);
  });
});

describe("shareLeftWithin", () => {
  it("gives 1 - S(N) with the interval from the band", () => {
    const share = shareLeftWithin(kaplanMeier(SIX_MP), 10);
    // S(10) = 0.7529412 -> 0.2470588; band at 10 (see above): lower 0.503200, upper 0.889362
    //   -> share interval [1 − 0.889362, 1 − 0.503200] = [0.110638, 0.496800]
    expect(share?.share).toBeCloseTo(0.2470588, 6);
    expect(share?.lower).toBeCloseTo(0.110638, 5);
    expect(share?.upper).toBeCloseTo(0.4968, 5);
    expect(share?.atRiskAfter).toBe(13); // at risk at 11
    // between steps the curve holds its value
    expect(shareLeftWithin(kaplanMeier(SIX_MP), 12.5)?.share).toBeCloseTo(0.2470588, 6);
  });

  it("says 0 with no interval before anyone has left", () => {
    expect(shareLeftWithin(kaplanMeier(SIX_MP), 5)).toEqual({ days: 5, share: 0, lower: null, upper: null, atRiskAfter: 21 });
  });

  it("refuses to extrapolate past follow-up while some are still in TA", () => {
    expect(shareLeftWithin(kaplanMeier(SIX_MP), 35)?.share).toBeCloseTo(1 - 0.4481793, 6);
    expect(shareLeftWithin(kaplanMeier(SIX_MP), 36)).toBeNull();
    expect(shareLeftWithin(kaplanMeier([]), 10)).toBeNull();
    // but when everyone has left, the share stays 1
    expect(shareLeftWithin(kaplanMeier(PLACEBO), 100)).toEqual({ days: 100, share: 1, lower: null, upper: null, atRiskAfter: 0 });
  });
});

describe("erfc and the chi-square(1) p-value", () => {
  it("is within the Numerical Recipes error bound of reference values", () => {
    // reference values of erfc (Abramowitz & Stegun table 7.1 / scipy.special.erfc)
    const reference: Array<[number, number]> = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028516],
      [2, 0.004677734981047266],
      [3, 2.2090496998585445e-5],
      [-1, 1.8427007929497148],
    ];
    for (const [x, want] of reference) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1.2e-7);
  });

  it("gives p = 0.05 at the 95% critical value 3.841459", () => {
    expect(chiSquare1PValue(Z_95 * Z_95)).toBeCloseTo(0.05, 7);
    expect(chiSquare1PValue(0)).toBe(1);
  });
});

describe("logRankTest", () => {
  it("reproduces survdiff for 6-MP vs placebo (chi-square 16.79, p 4.2e-5)", () => {
    const r = logRankTest(SIX_MP, PLACEBO);
    // Σ over the 17 exit times of d·n₁/n for 6-MP = 19.2505 (R prints 19.3), placebo 10.7495 (R: 10.7)
    expect(r.groupA).toEqual({ n: 21, observed: 9, expected: expect.closeTo(19.2505, 4) });
    expect(r.groupB).toEqual({ n: 21, observed: 21, expected: expect.closeTo(10.7495, 4) });
    // V = Σ d(n−d)n₁n₂/(n²(n−1)) = 6.25696; chi² = (9 − 19.2505)² / 6.25696 = 105.0728 / 6.25696 = 16.7929
    expect(r.variance).toBeCloseTo(6.25696, 4);
    expect(r.testable).toBe(true);
    expect(r.chiSquare).toBeCloseTo(16.7929, 3);
    // p = erfc(√(16.7929/2)) = 4.1688e-5
    expect(r.pValue).toBeCloseTo(4.1688e-5, 8);
    // the test does not depend on which group is called A
    expect(logRankTest(PLACEBO, SIX_MP).chiSquare).toBeCloseTo(16.7929, 3);
  });

  it("matches a small example worked by hand", () => {
    // A leaves at 1, 2; B at 3, 4.
    //   t=1: n=4 (2+2), d=1: E_A = 1·2/4 = 0.5,  V = 1·3·2·2/(16·3) = 0.25
    //   t=2: n=3 (1+2), d=1: E_A = 1·1/3,        V = 1·2·1·2/(9·2) = 2/9
    //   t=3, t=4: nobody from A at risk: E_A += 0, V += 0
    //   O_A = 2, E_A = 5/6, V = 17/36; chi² = (7/6)² / (17/36) = 49/17 = 2.882353
    //   p = erfc(√(49/34)) = erfc(1.200490) = 0.089555
    const r = logRankTest(obs([1, 2]), obs([3, 4]));
    expect(r.groupA.expected).toBeCloseTo(5 / 6, 12);
    expect(r.groupB.expected).toBeCloseTo(4 - 5 / 6, 12);
    expect(r.variance).toBeCloseTo(17 / 36, 12);
    expect(r.chiSquare).toBeCloseTo(49 / 17, 10);
    expect(r.pValue).toBeCloseTo(0.089555, 6);
  });

  it("does not test with an empty group, and says why", () => {
    const r = logRankTest([], PLACEBO);
    expect(r).toMatchObject({ testable: false, reason: "empty-group", chiSquare: null, pValue: null });
    expect(r.groupB).toEqual({ n: 21, observed: 21, expected: 21 });
    expect(logRankTest(SIX_MP, [])).toMatchObject({ testable: false, reason: "empty-group" });
    expect(logRankTest([], [])).toMatchObject({ testable: false, reason: "empty-group", pValue: null });
  });

  it("does not test when no exit happened while both groups were at risk", () => {
    expect(logRankTest(obs([-5, -6]), obs([-7]))).toMatchObject({ testable: false, reason: "no-shared-risk", pValue: null });
    // B's only household left follow-up at 1, before A's exits
    expect(logRankTest(obs([3, 4]), obs([-1]))).toMatchObject({ testable: false, reason: "no-shared-risk" });
  });
});

describe("wilsonInterval", () => {
  it("matches the worked values", () => {
    // 5/10: z² = 3.841459, denom = 1 + z²/10 = 1.3841459, centre = (0.5 + 0.1920729)/1.3841459 = 0.5
    //   half = (1.959964/1.3841459) · √(0.025 + 3.841459/400) = 1.416009 · √0.0346036 = 1.416009 · 0.186020 = 0.263407
    expect(wilsonInterval(5, 10)).toEqual({
      k: 5,
      n: 10,
      proportion: 0.5,
      lower: expect.closeTo(0.236593, 5),
      upper: expect.closeTo(0.763407, 5),
    });
  });

  it("is not zero-width at 0/n and n/n", () => {
    // 0/10: upper = 0.1920729/1.3841459 + 1.416009 · √(3.841459/400) = 0.138768 + 1.416009 · 0.0979982 = 0.277533
    const none = wilsonInterval(0, 10);
    expect(none?.lower).toBe(0);
    expect(none?.upper).toBeCloseTo(0.277533, 5);
    const all = wilsonInterval(10, 10);
    expect(all?.upper).toBe(1);
    expect(all?.lower).toBeCloseTo(1 - 0.277533, 5);
    // the formula alone drifts by ~1e-17 (0/7 gives 2.8e-17, 0/27 gives −6.9e-18, 16/16 gives 1 + 2e-16)
    for (let n = 1; n <= 40; n++) {
      expect(wilsonInterval(0, n)?.lower).toBe(0);
      expect(wilsonInterval(n, n)?.upper).toBe(1);
    }
  });

  it("takes another z", () => {
    // z = 1, 1/4: denom = 1.25, centre = (0.25 + 0.125)/1.25 = 0.3
    //   half = (1/1.25) · √(0.1875/4 + 1/64) = 0.8 · √0.0625 = 0.2  -> [0.1, 0.5]
    const w = wilsonInterval(1, 4, { z: 1 });
    expect(w?.lower).toBeCloseTo(0.1, 12);
    expect(w?.upper).toBeCloseTo(0.5, 12);
  });

  it("returns null for n = 0 and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});

describe("bootstrap", () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

  it("has a seeded PRNG in [0, 1) that repeats with its seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mean(xs)).toBeGreaterThan(0.49);
    expect(mean(xs)).toBeLessThan(0.51);
  });

  it("is reproducible with the same seed and differs with another", () => {
    const first = bootstrapCI(oneToTwenty, { seed: 7 });
    expect(bootstrapCI(oneToTwenty, { seed: 7 })).toEqual(first);
    const other = bootstrapCI(oneToTwenty, { seed: 8 });
    expect(other?.estimate).toBe(first?.estimate);
    expect([other?.lower, other?.upper]).not.toEqual([first?.lower, first?.upper]);
  });

  it("gives an interval of about the normal-theory width for the mean", () => {
    // mean 10.5; population variance (n²−1)/12 = 33.25, SE = √(33.25/20) = 1.2894
    //   normal 95%: 10.5 ± 1.96 · 1.2894 = [7.973, 13.027]
    const ci = bootstrapCI(oneToTwenty);
    expect(ci).toMatchObject({ estimate: 10.5, level: 0.95, resamples: 2000, seed: 1 });
    expect(ci!.lower).toBeGreaterThan(7.6);
    expect(ci!.lower).toBeLessThan(8.4);
    expect(ci!.upper).toBeGreaterThan(12.6);
    expect(ci!.upper).toBeLessThan(13.4);
    // a lower level gives a narrower interval
    const narrow = bootstrapCI(oneToTwenty, { level: 0.5 });
    expect(narrow!.upper - narrow!.lower).toBeLessThan(ci!.upper - ci!.lower);
  });

  it("gives the constant itself for a constant sample", () => {
    expect(bootstrapCI([7, 7, 7, 7])).toMatchObject({ estimate: 7, lower: 7, upper: 7 });
    expect(bootstrapCI([0.1, 0.1, 0.1])).toMatchObject({ estimate: 0.1, lower: 0.1, upper: 0.1 });
  });

  it("takes another statistic", () => {
    const ci = bootstrapCI([1, 2, 3, 100], { statistic: median, resamples: 500 });
    expect(ci?.estimate).toBe(2.5);
    expect(ci!.lower).toBeGreaterThanOrEqual(1);
    expect(ci!.upper).toBeLessThanOrEqual(100);
  });

  it("returns null for empty input", () => {
    expect(bootstrapCI([])).toBeNull();
    expect(bootstrapMeanDifferenceCI([], [1])).toBeNull();
    expect(bootstrapMeanDifferenceCI([1], [])).toBeNull();
  });

  it("refuses nonsense settings", () => {
    expect(() => bootstrapCI([1, 2], { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapCI([1, 2], { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapCI([1, Number.NaN])).toThrow(RangeError);
  });

  it("bootstraps the difference of means as B minus A", () => {
    const a = oneToTwenty;
    const b = oneToTwenty.map((x) => x + 5);
    // difference 5; SE = √(2 · 1.6625) = 1.8235; normal 95%: 5 ± 3.574 = [1.426, 8.574]
    const ci = bootstrapMeanDifferenceCI(a, b);
    expect(ci?.estimate).toBe(5);
    expect(ci!.lower).toBeGreaterThan(0.9);
    expect(ci!.lower).toBeLessThan(1.9);
    expect(ci!.upper).toBeGreaterThan(8.1);
    expect(ci!.upper).toBeLessThan(9.1);
    expect(bootstrapMeanDifferenceCI(b, a)?.estimate).toBe(-5);
    expect(bootstrapMeanDifferenceCI([3, 3, 3], [5, 5])).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
    expect(bootstrapMeanDifferenceCI(a, b, { seed: 3 })).toEqual(bootstrapMeanDifferenceCI(a, b, { seed: 3 }));
    expect(bootstrapMeanDifferenceCI(a, b, { seed: 3 })?.lower).not.toBe(ci?.lower);
  });
});

describe("mean and median", () => {
  it("computes them", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe("minimumDetectableDifference", () => {
  it("combines standard errors", () => {
    // 1.959964 · √(3² + 4²) = 1.959964 · 5 = 9.799820
    expect(minimumDetectableDifference({ se: 3 }, { se: 4 })).toEqual({ days: expect.closeTo(9.79982, 5), seA: 3, seB: 4 });
    expect(minimumDetectableDifference({ se: 3 }, { se: 4 }, { z: 2.8 })?.days).toBeCloseTo(14, 10);
  });

  it("derives each SE from a 95% CI width", () => {
    // placebo median CI (4, 11): se = 7 / (2 · 1.959964) = 1.785747; other (10, 24): se = 14 / 3.919928 = 3.571494
    //   1.959964 · √(1.785747² + 3.571494²) = √(7² + 14²)/2 = √245 / 2 = 7.826238
    const placebo = survivalQuantiles(kaplanMeier(PLACEBO)).median;
    const r = minimumDetectableDifference(placebo, { lower: 10, upper: 24 });
    expect(r?.seA).toBeCloseTo(1.785747, 5);
    expect(r?.seB).toBeCloseTo(3.571494, 5);
    expect(r?.days).toBeCloseTo(7.826238, 5);
  });

  it("gives null when a median's interval is open-ended", () => {
    const sixMp = survivalQuantiles(kaplanMeier(SIX_MP)).median; // (13, not reached)
    expect(minimumDetectableDifference(sixMp, { se: 2 })).toBeNull();
  });
});

describe("kaplanMeierOfCounts", () => {
  it("gives kaplanMeier's curve over the expanded observations, to the last bit", () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 50; trial++) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 40) }, () => ({
        time: Math.floor(random() * 30),
        event: random() < 0.6,
        n: Math.floor(random() * 5),
      }));
      const expanded = rows.flatMap((r) => Array.from({ length: r.n }, () => ({ time: r.time, event: r.event })));
      expect(kaplanMeierOfCounts(rows)).toEqual(kaplanMeier(expanded));
    }
  });

  it("refuses a count that is not a whole number", () => {
    expect(() => kaplanMeierOfCounts([{ time: 1, event: true, n: 1.5 }])).toThrow(RangeError);
  });
});
