import { describe, expect, it } from "vitest";
import { kaplanMeier } from "~/lib/stats";
import {
  chiSquarePValue,
  countInterval,
  errorSummary,
  forecastError,
  logGamma,
  project,
  seasonalityTest,
  stillInTa,
  survivalTable,
  type MonthCount,
} from "~/lib/forecast";

// R: t <- c(5,8,8,12,15,20,20,25,30,40); e <- c(1,1,0,1,1,1,0,1,0,1); f <- survfit(Surv(t, e) ~ 1)
const times = [5, 8, 8, 12, 15, 20, 20, 25, 30, 40];
const events = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1];
const curve = kaplanMeier(times.map((time, i) => ({ time, event: events[i] === 1 })));
const s = survivalTable(curve, 60);

describe("chi-square and gamma", () => {
  it("matches R's pchisq(x, k, lower.tail = FALSE)", () => {
    expect(chiSquarePValue(19.675, 11)).toBeCloseTo(0.0500020618009, 9);
    expect(chiSquarePValue(5, 11)).toBeCloseTo(0.931166610471, 9);
    expect(chiSquarePValue(30, 11)).toBeCloseTo(0.00158459525731, 11);
    expect(chiSquarePValue(0.5, 1)).toBeCloseTo(0.479500122187, 9);
    expect(chiSquarePValue(100, 11) / 1.78583824488e-16).toBeCloseTo(1, 6);
    expect(chiSquarePValue(3.2, 2.5)).toBeCloseTo(0.279715151638, 9);
    expect(chiSquarePValue(0, 3)).toBe(1);
  });
  it("matches R's lgamma", () => {
    expect(logGamma(0.3)).toBeCloseTo(1.09579799482, 10);
    expect(logGamma(4.5)).toBeCloseTo(2.45373657084, 10);
    expect(logGamma(50)).toBeCloseTo(144.565743946, 8);
  });
});

describe("survival table and conditional exits", () => {
  it("is R's summary(f, times = ...) day by day, and flat past the last time", () => {
    const r = [1, 0.9, 0.8, 0.8, 0.685714285714, 0.457142857143, 0.304761904762, 0.304761904762, 0, 0];
    [0, 5, 8, 10, 12, 20, 25, 30, 40, 45].forEach((t, i) => expect(s[t]).toBeCloseTo(r[i], 10));
    expect(s[60]).toBe(0);
  });
  it("gives a household in TA 10 nights the chance S(25)/S(10) of being in TA 15 nights on", () => {
    expect(stillInTa(s, 10, 15)).toBeCloseTo(0.380952380952, 10);
  });
  it("stretches the curve from the change's day: 50% longer stays after day 5", () => {
    // S(10+5)/S(10) * S_f(10+15)/S_f(10+5) with S_f(x) = S(x/1.5): S(15)/S(10) * S(16.67)/S(10), S(15) = S(16.67) = 0.685714 * 5/6 (R: summary(f, times = 15))
    expect(stillInTa(s, 10, 15, { fromDay: 5, factor: 1.5 })).toBeCloseTo((0.571428571429 / 0.8) ** 2, 10);
    expect(stillInTa(s, 10, 4, { fromDay: 5, factor: 1.5 })).toBeCloseTo(stillInTa(s, 10, 4), 12);
  });
});

describe("project", () => {
  it("adds households already in TA and arrivals, as computed in R", () => {
    // Current households in TA 0, 10 and 20 nights; 0.5 arrivals a night; one group.
    const p = project({
      days: 30,
      survival: s,
      groups: 1,
      familyInBnb: [false],
      current: [0, 10, 20].map((duration) => ({ duration, group: 0, bnbNights: 0, n: 1 })),
      arrivalsPerDay: new Float64Array(30).fill(0.5),
      rateBasisCount: 0,
      arrivalMix: [[1]],
      bnbLimit: 42,
    });
    // R: S(29)/S(0) + S(39)/S(10) + S(49)/S(20) + sum(0.5 * S(0:29)) = 10.4976190476
    expect(p.present[0][29]).toBeCloseTo(10.4976190476, 8);
    // variance: sum p(1-p) + the arrivals' Poisson mean = 10.2596145125
    const i = countInterval(p, 29, () => true);
    expect(((i.upper - i.mean) / 1.959963984540054) ** 2).toBeCloseTo(10.2596145125, 8);
  });
  it("counts families in B&B past 42 nights: those in TA already and arrivals from their 43rd night", () => {
    const flat = new Float64Array(200).fill(1); // nobody leaves
    const p = project({
      days: 60,
      survival: flat,
      groups: 2,
      familyInBnb: [true, false],
      current: [{ duration: 30, group: 0, bnbNights: 30, n: 2 }],
      arrivalsPerDay: new Float64Array(60).fill(1),
      rateBasisCount: 100,
      arrivalMix: [[0.25, 0.75]],
      bnbLimit: 42,
    });
    expect(p.breaches[12]).toBe(0); // 42 nights: not yet
    expect(p.breaches[13]).toBe(2); // 43 nights
    // night 59: arrivals of nights 0..17 have 43+ nights; a quarter of them are families in B&B
    expect(p.breaches[59]).toBeCloseTo(2 + 18 * 0.25, 12);
    expect(p.present[1][59]).toBeCloseTo(60 * 0.75, 12);
    // the rate's uncertainty: variance 60 (Poisson) + 60^2/100
    const i = countInterval(p, 59, (g) => g === 0 || g === 1);
    expect(i.mean).toBeCloseTo(62, 12);
    expect((i.upper - i.mean) / 1.959963984540054).toBeCloseTo(Math.sqrt(60 + 36), 10);
  });
});

describe("seasonality", () => {
  const months = (f: (m: number) => number, years = 3): MonthCount[] =>
    Array.from({ length: 12 * years }, (_, i) => {
      const m = i % 12;
      return { month: `${2020 + Math.floor(i / 12)}-${String(m + 1).padStart(2, "0")}`, arrivals: f(m), days: 30 };
    });
  it("finds none in flat arrivals and keeps factors at 1", () => {
    const r = seasonalityTest(months((m) => 100 + ((m * 7) % 5) - 2));
    expect(r.seasonal).toBe(false);
    expect(r.factors.every((f) => f === 1)).toBe(true);
  });
  it("finds a winter peak and gives factors observed/expected", () => {
    const r = seasonalityTest(months((m) => (m === 0 || m === 11 ? 160 : 100)));
    expect(r.seasonal).toBe(true);
    // total 3*(10*100 + 2*160) = 3960 over 1080 days; January expected 3*30*3960/1080 = 330, observed 480
    expect(r.factors[0]).toBeCloseTo(480 / 330, 12);
  });
  it("needs two whole years", () => {
    expect(seasonalityTest(months(() => 100, 1)).reason).toMatch(/fewer than 24/);
  });
});

describe("backtest errors", () => {
  it("mean absolute percentage error and bias", () => {
    const e = [forecastError(110, 100), forecastError(90, 100), forecastError(5, 0)];
    expect(e[0].error).toBe(10);
    expect(errorSummary(e)).toEqual({ n: 2, mape: 0.1, bias: 0 });
  });
});
