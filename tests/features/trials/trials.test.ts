import { describe, expect, it } from "vitest";
import {
  compareOutcomes,
  leftWithin,
  makeUp,
  makeUpDifferences,
  trialWindows,
  weeklyCostValues,
  weeklySeries,
  formatP,
  describeMedian,
  type TrialEpisode,
} from "~/features/trials/trials";
import { logRankTest, kaplanMeier } from "~/lib/stats";

function ep(p: Partial<TrialEpisode>): TrialEpisode {
  return {
    group: "trial",
    householdId: 1,
    origin: "2026-01-05",
    days: 10,
    left: true,
    followUp: 100,
    destination: "social_housing",
    withChildren: false,
    taType: "bnb",
    bnbNights: 0,
    pricedNights: 0,
    grossPence: 0,
    breach: false,
    ...p,
  };
}

describe("trialWindows", () => {
  it("runs the change to today while it runs, and the before window the same length just before", () => {
    expect(trialWindows("2026-11-01", null, "2026-11-23")).toEqual({
      trial: { from: "2026-11-01", to: "2026-11-24" },
      before: { from: "2026-10-09", to: "2026-11-01" },
      days: 23,
    });
  });
  it("stops after the end date (inclusive) once the change has ended", () => {
    expect(trialWindows("2026-01-01", "2026-03-01", "2026-11-23").before).toEqual({ from: "2025-11-02", to: "2026-01-01" });
  });
  it("gives empty windows for a change that has not started", () => {
    expect(trialWindows("2026-12-01", null, "2026-11-23")).toMatchObject({ days: 0, trial: { from: "2026-12-01", to: "2026-12-01" } });
  });
});

describe("leftWithin", () => {
  it("counts only households watched long enough, whether or not they left", () => {
    const rows = [
      ep({ days: 20, left: true, followUp: 200 }), // left within 28
      ep({ days: 40, left: true, followUp: 200 }), // left, but after 28
      ep({ days: 100, left: false, followUp: 100 }), // still in TA, watched 100 days
      ep({ days: 5, left: true, followUp: 10 }), // arrived 10 days ago: not watched 28 days, not counted
      ep({ days: 10, left: false, followUp: 10 }), // arrived 10 days ago, still in: not counted
    ];
    const r = leftWithin(rows, 28);
    expect(r.interval).toMatchObject({ k: 1, n: 3 });
    expect(r.interval!.proportion).toBeCloseTo(1 / 3, 12);
    // Wilson 1/3: 0.0615 to 0.7923
    expect(r.interval!.lower).toBeCloseTo(0.0615, 4);
    expect(r.interval!.upper).toBeCloseTo(0.7923, 4);
    expect(leftWithin(rows, 28).interval!.n).toBe(3);
    expect(leftWithin([], 28).interval).toBeNull();
  });
  it("counts a stay of exactly N days as leaving within N", () => {
    expect(leftWithin([ep({ days: 28, followUp: 28 })], 28).interval).toMatchObject({ k: 1, n: 1 });
  });
});

describe("make-up", () => {
  it("flags shares that differ by more than the threshold, and only those", () => {
    const a = makeUp([
      ep({ withChildren: true, taType: "bnb" }),
      ep({ withChildren: true, taType: "hostel" }),
      ep({ taType: "bnb" }),
      ep({ taType: "bnb" }),
    ]);
    const b = makeUp([ep({ withChildren: true, taType: "bnb" }), ep({ taType: "bnb" }), ep({ taType: "bnb" }), ep({ taType: "hostel" })]);
    expect(a).toEqual({ n: 4, families: 2, taTypes: { bnb: 3, hostel: 1 } });
    // families 50% vs 25%: 25 points; TA types equal.
    expect(makeUpDifferences(a, b)).toEqual([{ what: "families", a: 50, b: 25, differencePp: 25 }]);
    expect(makeUpDifferences(a, b, 30)).toEqual([]);
    expect(makeUpDifferences(a, makeUp([]))).toEqual([]);
  });
});

describe("weekly cost", () => {
  it("is gross pence per priced night times 7, skipping households with no priced nights", () => {
    expect(
      weeklyCostValues([ep({ grossPence: 7000, pricedNights: 7 }), ep({ grossPence: 3000, pricedNights: 3 }), ep({ pricedNights: 0 })]),
    ).toEqual([7000, 7000]);
  });
});

describe("weeklySeries", () => {
  it("gives one point per Monday, with null where no household was watched long enough", () => {
    const rows = [
      ep({ origin: "2026-01-05", days: 10, followUp: 60 }),
      ep({ origin: "2026-01-07", days: 40, followUp: 58 }),
      ep({ origin: "2026-01-14", days: 3, followUp: 20 }),
    ];
    expect(weeklySeries(rows, "entries", "2026-01-06", "2026-01-20")).toEqual([
      { week: "2026-01-05", value: 2, n: 2 },
      { week: "2026-01-12", value: 1, n: 1 },
      { week: "2026-01-19", value: 0, n: 0 },
    ]);
    const left = weeklySeries(rows, "left_28", "2026-01-05", "2026-01-12");
    expect(left).toEqual([
      { week: "2026-01-05", value: 50, n: 2 },
      { week: "2026-01-12", value: null, n: 0 },
    ]);
  });
});

describe("compareOutcomes", () => {
  const fast = Array.from({ length: 30 }, (_, i) => ep({ days: 20 + (i % 10), left: true, followUp: 200, householdId: i }));
  const slow = Array.from({ length: 30 }, (_, i) =>
    ep({ group: "before", days: 80 + i * 3, left: i % 5 !== 0, followUp: 300, householdId: 100 + i }),
  );

  it("calls a large, consistent difference an effect and says which way", () => {
    const c = compareOutcomes(fast, slow, "before");
    expect(c.verdict).toBe("effect");
    expect(c.shows[0]).toMatch(/left TA sooner .*p < 0\.001/);
    expect(c.doesNotShow.join(" ")).toMatch(/does not show that the change caused/);
  });

  it("calls two samples from the same pattern no detectable effect, with the size it could miss", () => {
    const a = Array.from({ length: 40 }, (_, i) => ep({ days: 10 + ((i * 37) % 90), left: i % 4 !== 0, followUp: 200 }));
    const b = Array.from({ length: 40 }, (_, i) =>
      ep({ group: "before", days: 10 + ((i * 41 + 7) % 90), left: i % 4 !== 1, followUp: 200 }),
    );
    const c = compareOutcomes(a, b, "before");
    expect(c.verdict).toBe("no_detectable_effect");
    expect(c.detectable).not.toBeNull();
    expect(c.shows[1]).toBe(
      `Too few households yet to tell a change of less than ${Math.round(c.detectable!.days)} days in the median stay from noise.`,
    );
    expect(c.doesNotShow[0]).toMatch(/does not show that the change had no effect/);
  });

  it("says there is nothing to compare with an empty group, and does not throw", () => {
    const c = compareOutcomes(fast, [], "concurrent");
    expect(c.verdict).toBe("not_yet");
    expect(c.shows[0]).toMatch(/one of the groups has no households/);
    expect(c.comparison.grossCostPerWeek).toBeNull();
    expect(c.comparison.breachesPer100).toBeNull();
    expect(c.costDifference).toBeNull();
  });

  it("says so when the medians cannot be pinned down yet", () => {
    const a = Array.from({ length: 6 }, (_, i) => ep({ days: 5 + i, left: i === 0, followUp: 30 }));
    const b = Array.from({ length: 6 }, (_, i) => ep({ group: "before", days: 5 + i, left: i === 1, followUp: 30 }));
    const c = compareOutcomes(a, b, "before");
    expect(c.verdict).toBe("no_detectable_effect");
    expect(c.detectable).toBeNull();
    expect(c.shows[1]).toMatch(/Too few households have left TA yet to pin down the median stay/);
  });
});

describe("statistics gaps the trial page relies on", () => {
  it("log-rank: a tie across groups, with a censoring at the same time, counts the censored as at risk", () => {
    // A: exit at 5, censored at 5; B: exit at 5, exit at 8. At t=5: n=4 (2+2), d=2.
    const r = logRankTest(
      [
        { time: 5, event: true },
        { time: 5, event: false },
      ],
      [
        { time: 5, event: true },
        { time: 8, event: true },
      ],
    );
    // E_A = 2*2/4 = 1 at t=5; at t=8 only B at risk: E_A += 0. O_A = 1.
    expect(r.groupA).toEqual({ n: 2, observed: 1, expected: 1 });
    // V = d(n-d)nAnB / (n^2 (n-1)) = 2*2*2*2/(16*3) = 1/3
    expect(r.variance).toBeCloseTo(1 / 3, 12);
    expect(r.testable && r.chiSquare).toBe(0);
  });
  it("Kaplan-Meier of all-censored data has no median and no band", () => {
    const curve = kaplanMeier([
      { time: 3, event: false },
      { time: 9, event: false },
    ]);
    expect(curve.steps.every((s) => s.survival === 1 && s.lower === null)).toBe(true);
  });
});

describe("words", () => {
  it("formats p-values and medians", () => {
    expect(formatP(0.0004)).toBe("p < 0.001");
    expect(formatP(0.0042)).toBe("p = 0.004");
    expect(formatP(0.4234)).toBe("p = 0.42");
    expect(describeMedian({ p: 0.5, time: 30, lower: 21, upper: null })).toBe("30 days (95% CI 21 to not yet known)");
    expect(describeMedian({ p: 0.5, time: null, lower: null, upper: null })).toBe("not reached yet");
  });
});
