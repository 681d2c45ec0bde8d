import { describe, expect, it } from "vitest";
import {
  flowBuckets,
  losSummary,
  occupancyMeasures,
  quarterEnds,
  survivalOnGrid,
  ta1Problems,
  TA1_LINES,
  formatRate,
} from "~/features/reports/reports";
import { episodeObservation, losBand } from "../../support/reference";

describe("occupancy measures", () => {
  it("derives voids and the rate from available and occupied nights, once", () => {
    expect(occupancyMeasures({ available: 200, occupied: 150 })).toEqual({ available: 200, occupied: 150, voids: 50, rate: 0.75 });
    expect(occupancyMeasures({ available: 0, occupied: 0 }).rate).toBeNull();
    expect(formatRate(0.75)).toBe("0.7500");
    expect(formatRate(null)).toBe("");
  });
});

describe("length of stay", () => {
  it("censors an episode still open on the night of D at D, and counts one that ended by D", () => {
    expect(episodeObservation("2026-01-01", "2026-01-11", "2026-03-31")).toEqual({ time: 10, event: true });
    expect(episodeObservation("2026-01-01", "2026-04-05", "2026-03-31")).toEqual({ time: 89, event: false });
    expect(episodeObservation("2026-01-01", null, "2026-03-31")).toEqual({ time: 89, event: false });
    expect(episodeObservation("2026-01-01", "2026-03-31", "2026-03-31")).toEqual({ time: 89, event: true });
  });

  it("gives the hand-computed Kaplan-Meier median with ties and censoring from SQL-tied rows", () => {
    // Stays 2, 2, 3 (ended), 3 (still in TA), 5, 8 (ended), 9 (still in TA).
    // n=7. t=2: 2 events of 7 -> S = 5/7 = 0.714. t=3: 1 event of 5 (the censored 3 is at risk) -> S = 5/7 * 4/5 = 4/7 = 0.571.
    // t=5: 1 of 3 -> S = 4/7 * 2/3 = 8/21 = 0.381. t=8: 1 of 2 -> S = 4/21. Median: first t with S <= 0.5 = 5.
    // 25th percentile: first S <= 0.75 = 2. 75th: first S <= 0.25 = 8.
    const s = losSummary([
      { time: 2, event: true, n: 2 },
      { time: 3, event: true, n: 1 },
      { time: 3, event: false, n: 1 },
      { time: 5, event: true, n: 1 },
      { time: 8, event: true, n: 1 },
      { time: 9, event: false, n: 1 },
    ]);
    expect(s).toMatchObject({ episodes: 7, ended: 5, stillInTa: 2, median: 5, p25: 2, p75: 8 });
    expect(s.curve.steps.find((x) => x.time === 3)!.survival).toBeCloseTo(4 / 7, 12);
    // Greenwood at t=3: S^2 * (2/(7*5) + 1/(5*4)) = (16/49) * (0.057143 + 0.05) = 0.034985 -> se 0.187044
    expect(s.curve.steps.find((x) => x.time === 3)!.stdErr).toBeCloseTo(0.187044, 5);
    const grid = survivalOnGrid(s.curve, [0, 2, 4, 9, 10]);
    [1, 5 / 7, 4 / 7, 4 / 21].forEach((v, i) => expect(grid[i]).toBeCloseTo(v, 12));
    expect(grid[4]).toBeNull();
  });

  it("puts a stay in the MHCLG band by calendar months", () => {
    expect(losBand("2026-03-01", "2026-08-31")).toBe("under_6_months");
    expect(losBand("2026-02-28", "2026-08-31")).toBe("6_to_12_months"); // exactly six months
    expect(losBand("2025-09-01", "2026-08-31")).toBe("6_to_12_months");
    expect(losBand("2025-08-31", "2026-08-31")).toBe("1_to_2_years");
    expect(losBand("2024-09-01", "2026-08-31")).toBe("1_to_2_years");
    expect(losBand("2021-09-01", "2026-08-31")).toBe("2_to_5_years");
    expect(losBand("2021-08-31", "2026-08-31")).toBe("5_years_or_more");
  });
});

describe("flow buckets and quarter ends", () => {
  it("cuts a period into Monday weeks and calendar months, clipped to the period", () => {
    expect(flowBuckets("2026-11-04", "2026-11-20", "week")).toEqual([
      { start: "2026-11-04", end: "2026-11-08" },
      { start: "2026-11-09", end: "2026-11-15" },
      { start: "2026-11-16", end: "2026-11-20" },
    ]);
    expect(flowBuckets("2026-01-15", "2026-03-10", "month")).toEqual([
      { start: "2026-01-15", end: "2026-01-31" },
      { start: "2026-02-01", end: "2026-02-28" },
      { start: "2026-03-01", end: "2026-03-10" },
    ]);
  });
  it("lists quarter ends newest first", () => {
    expect(quarterEnds("2026-11-23", 3)).toEqual(["2026-09-30", "2026-06-30", "2026-03-31"]);
    expect(quarterEnds("2026-12-31", 1)).toEqual(["2026-12-31"]);
  });
});

describe("TA1 reconciliation check", () => {
  it("reports a table whose categories do not add up to the total", () => {
    const c = Object.fromEntries(TA1_LINES.map((l) => [l, 0])) as Record<(typeof TA1_LINES)[number], number>;
    expect(ta1Problems({ ...c, total: 3, bnb: 1, hostel: 2 })).toEqual([]);
    expect(ta1Problems({ ...c, total: 4, bnb: 1, hostel: 2 })).toEqual(["The six categories add up to 3, not the total 4"]);
  });
});
