import { describe, expect, it } from "vitest";
import {
  bnbNightsWithin,
  breachObservations,
  breachTime,
  currentLook,
  designResult,
  fractionOn,
  horizonRow,
  measureResult,
  powerFor,
  HAYBITTLE_PETO_Z,
} from "~/features/trials/design";
import type { TrialEpisode } from "~/features/trials/trials";
import { sequentialBoundaries } from "~/lib/stats-design";
import { addDays } from "~/lib/dates";

function ep(p: Partial<TrialEpisode>): TrialEpisode {
  return {
    group: "trial",
    householdId: 1,
    origin: "2026-01-05",
    days: 10,
    left: true,
    followUp: 300,
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

describe("B&B nights and breaches within a horizon", () => {
  it("counts B&B nights inside the first h nights only, across spells", () => {
    const e = ep({
      bnbSpells: [
        [0, 20],
        [30, 60],
      ],
      bnbNights: 50,
    });
    expect(bnbNightsWithin(e, 28)).toBe(20);
    expect(bnbNightsWithin(e, 56)).toBe(46);
    expect(bnbNightsWithin(e, 90)).toBe(50);
  });
  it("dates a family's breach at the end of its 43rd B&B night, nights added up across spells", () => {
    // 20 nights, a gap, then night 21 at day 30: night 43 is day 30 + 22 = 52, so the breach is by day 53
    expect(
      breachTime(
        ep({
          family: true,
          bnbSpells: [
            [0, 20],
            [30, 60],
          ],
        }),
      ),
    ).toBe(53);
    expect(breachTime(ep({ family: true, bnbSpells: [[0, 42]] }))).toBeNull(); // exactly six weeks: no breach
    expect(breachTime(ep({ family: true, bnbSpells: [[0, 43]] }))).toBe(43);
    expect(breachTime(ep({ family: false, bnbSpells: [[0, 80]] }))).toBeNull(); // not a family
  });
  it("makes leaving TA compete with a breach, and censors those still in TA", () => {
    const rows = [
      ep({ family: true, bnbSpells: [[0, 60]], days: 70, left: true }),
      ep({ family: true, bnbSpells: [[0, 10]], days: 30, left: true }),
      ep({ family: true, bnbSpells: [[0, 30]], days: 30, left: false }),
    ];
    expect(breachObservations(rows)).toEqual([
      { time: 43, cause: 1 },
      { time: 30, cause: 2 },
      { time: 30, cause: 0 },
    ]);
    // Aalen-Johansen: at day 30 one of three leaves (S = 2/3); at day 43 the one at risk breaches: 2/3 × 1/1
    const r = horizonRow(rows, 56);
    expect(r.breachesPer100!.estimate).toBeCloseTo(200 / 3, 10);
  });
});

describe("measures at a horizon", () => {
  const fast = Array.from({ length: 40 }, (_, i) => ep({ days: 20 + (i % 15), householdId: i, bnbSpells: [[0, 10]], bnbNights: 10 }));
  const slow = Array.from({ length: 40 }, (_, i) =>
    ep({ group: "before", days: 60 + i * 4, left: i % 5 !== 0, householdId: 100 + i, bnbSpells: [[0, 40]], bnbNights: 40 }),
  );
  it("length of stay: restricted mean difference with the log-rank z to the horizon, negative when the change leaves sooner", () => {
    const r = measureResult("length_of_stay", 56, fast, slow);
    expect(r.trial).toBeCloseTo(fast.reduce((s, e) => s + e.days, 0) / 40, 10);
    expect(r.comparison).toBe(56); // nobody in the slow group leaves within 56 days
    expect(r.difference!).toBeLessThan(0);
    expect(r.z!).toBeLessThan(-5);
    expect(r.method).toMatch(/^log-rank test on stays counted to day 56/);
    expect(measureResult("length_of_stay", 56, fast, slow, true).method).toMatch(/^stratified log-rank test \(1 strata/);
  });
  it("B&B nights per 100 counts only households watched that long", () => {
    const some = [...fast.slice(0, 10), ep({ followUp: 20, bnbSpells: [[0, 20]], bnbNights: 20 })];
    const r = measureResult("bnb", 28, some, slow);
    expect(r.trial).toBe(1000);
    expect(r.comparison).toBe(2800);
  });
  it("says so when no household has been watched for the horizon", () => {
    const recent = [ep({ days: 10, left: false, followUp: 10 })];
    const r = measureResult("length_of_stay", 90, recent, slow);
    expect(r.z).toBeNull();
    expect(r.reason).toMatch(/watched 90 days yet/);
  });
  it("destinations: Fisher's exact test for small counts", () => {
    const a = [ep({ destination: "social_housing" }), ep({ destination: "social_housing" }), ep({ destination: "lost_contact" })];
    const b = [ep({ destination: "lost_contact" }), ep({ destination: "lost_contact" }), ep({ destination: "private_rented" })];
    const r = measureResult("exits", 28, a, b);
    expect(r.table!.method).toBe("fisher");
    expect(r.pValue!).toBeGreaterThan(0.05);
  });
});

describe("the look and its boundary", () => {
  const rows = Array.from({ length: 100 }, (_, i) => ep({ origin: addDays("2026-01-01", i), householdId: i }));
  it("by planned end: (days since start − horizon) / (planned days − horizon)", () => {
    const plan = { start: "2026-01-01", end: "2026-04-10", plannedSize: null, horizon: 28 }; // 100 days
    expect(fractionOn(plan, rows, "2026-01-20")).toBe(0);
    expect(fractionOn(plan, rows, addDays("2026-01-01", 64))).toBeCloseTo(36 / 72, 12);
    expect(fractionOn(plan, rows, "2026-06-01")).toBe(1);
    // a horizon as long as the intake: nothing can be watched that long by the end
    expect(fractionOn({ ...plan, horizon: 100 }, rows, "2026-06-01")).toBeNull();
  });
  it("by planned size: households watched to the horizon over the plan", () => {
    const plan = { start: "2026-01-01", end: null, plannedSize: 50, horizon: 28 };
    // on 2026-03-01 the households that entered by 2026-02-01 (32 of them) have been watched 28 days
    expect(fractionOn(plan, rows, "2026-03-01")).toBeCloseTo(32 / 50, 12);
  });
  it("uses the O'Brien-Fleming boundary of the four-weekly looks so far, and is final at the plan's end", () => {
    const plan = { start: "2026-01-01", end: "2026-04-10", plannedSize: null, horizon: 28 };
    const look = currentLook(plan, rows, "2026-03-10");
    // looks on 29 Jan (fraction 0: none), 26 Feb (28/72) and today 10 Mar (40/72)
    expect(look.fractions.map((f) => f * 72)).toEqual([expect.closeTo(28, 9), expect.closeTo(40, 9)]);
    expect(look.boundary).toBeCloseTo(sequentialBoundaries([28 / 72, 40 / 72])[1], 9);
    expect(look.final).toBe(false);
    const end = currentLook(plan, rows, "2026-05-01");
    expect(end.final).toBe(true);
    expect(end.boundary).toBeGreaterThan(1.96);
    expect(end.boundary).toBeLessThan(2.05);
  });
  it("with no plan, every look is interim at Haybittle-Peto's 3.29", () => {
    const look = currentLook({ start: "2026-01-01", end: null, plannedSize: null, horizon: 28 }, rows, "2026-06-01");
    expect(look).toMatchObject({ kind: "none", final: false, boundary: HAYBITTLE_PETO_Z });
    expect(look.nominalP).toBeCloseTo(0.001, 9);
  });
});

describe("the verdict", () => {
  const fast = Array.from({ length: 60 }, (_, i) => ep({ days: 20 + (i % 15), householdId: i, origin: addDays("2026-01-01", i) }));
  const slow = Array.from({ length: 60 }, (_, i) => ep({ group: "before", days: 60 + i * 4, left: i % 5 !== 0, householdId: 100 + i }));
  const base = {
    primary: "length_of_stay" as const,
    secondaries: ["length_of_stay", "left_within", "bnb"] as const,
    trial: fast,
    comparison: slow,
    stratify: false,
  };
  it("is interim before the planned end, even for a large difference, and says the boundary was crossed", () => {
    const d = designResult({
      ...base,
      secondaries: [...base.secondaries],
      plan: { start: "2026-01-01", end: "2026-12-31", plannedSize: null, horizon: 90 },
      asOf: "2026-07-01",
    });
    expect(d.verdict).toBe("interim_effect");
    expect(d.interval!.level).toMatch(/^repeated/);
    expect(d.secondaries.map((s) => s.measure)).toEqual(["left_within", "bnb"]);
    expect(d.secondaries[0].adjustedP).toBeGreaterThanOrEqual(d.secondaries[0].pValue!);
  });
  it("is final after the planned end", () => {
    const d = designResult({
      ...base,
      secondaries: [],
      plan: { start: "2026-01-01", end: "2026-03-31", plannedSize: null, horizon: 56 },
      asOf: "2026-09-01",
    });
    expect(d.verdict).toBe("effect");
  });
  it("is not yet when nothing can be compared", () => {
    const d = designResult({
      ...base,
      secondaries: [],
      comparison: [],
      plan: { start: "2026-01-01", end: null, plannedSize: 10, horizon: 28 },
      asOf: "2026-09-01",
    });
    expect(d.verdict).toBe("not_yet");
  });
  it("difference-in-differences subtracts the untouched households' change", () => {
    const d = designResult({
      ...base,
      secondaries: [],
      plan: { start: "2026-01-01", end: "2026-03-31", plannedSize: null, horizon: 56 },
      asOf: "2026-09-01",
      untouched: { now: fast, before: fast },
    });
    expect(d.didResult!.estimate).toBeCloseTo(d.primary.difference!, 10);
  });
});

describe("power from recent data", () => {
  it("plans a share on a 10-point change, as power.prop.test", () => {
    // 40 of 100 households left within 56 days: p0 = 0.4, p1 = 0.5
    const recent = Array.from({ length: 100 }, (_, i) => ep({ days: i < 40 ? 20 : 100, left: i < 40, followUp: 300 }));
    const p = powerFor("left_within", { start: "2026-01-01", end: null, plannedSize: 200, horizon: 56 }, recent)!;
    // R: power.prop.test(p1 = 0.4, p2 = 0.5, power = 0.8)$n = 387.3385
    expect(p.perGroup).toBe(388);
    // R: power.prop.test(p1 = 0.4, p2 = 0.5, n = 200)$power = 0.5200
    expect(p.power!).toBeCloseTo(0.52, 2);
  });
});
