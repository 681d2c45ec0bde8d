import { describe, expect, it } from "vitest";
import { moveOnOverdue, s202Review } from "~/features/casework/rules";
import { sixWeekRule, type EpisodePlacement } from "~/features/placements/six-weeks";

describe("six-week rule across a transfer, at the boundaries", () => {
  // B&B 1-30 Jan (30 nights), self-contained 31 Jan - 9 Feb, B&B again from 10 Feb:
  // 10 Feb is day 31, 14 Feb day 35, 21 Feb day 42, 22 Feb day 43.
  const episode: EpisodePlacement[] = [
    { start: "2026-01-01", end: "2026-01-31", isBnb: true },
    { start: "2026-01-31", end: "2026-02-10", isBnb: false },
    { start: "2026-02-10", end: null, isBnb: true },
  ];
  const at = (asOf: string) => sixWeekRule({ placements: episode, family: true, asOf });

  it("does not count the self-contained nights", () => {
    expect(at("2026-02-05")).toMatchObject({ status: "not_applicable", bnbDaysUsed: 30, inBnbTonight: false });
  });
  it("is ok on day 34, warns on day 35 and day 42, breaches on day 43", () => {
    expect(at("2026-02-13")).toMatchObject({ status: "ok", bnbDaysUsed: 34 });
    expect(at("2026-02-14")).toMatchObject({ status: "warning", bnbDaysUsed: 35, day42On: "2026-02-21" });
    expect(at("2026-02-21")).toMatchObject({ status: "warning", bnbDaysUsed: 42, daysRemaining: 0 });
    expect(at("2026-02-22")).toMatchObject({
      status: "breach",
      bnbDaysUsed: 43,
      breachPeriods: [{ start: "2026-02-22", end: null, nights: 1 }],
    });
  });
  it("breaches on the first night back when 42 were used before the move", () => {
    const full: EpisodePlacement[] = [
      { start: "2026-01-01", end: "2026-02-12", isBnb: true }, // 42 nights
      { start: "2026-02-12", end: "2026-02-20", isBnb: false },
      { start: "2026-02-20", end: null, isBnb: true },
    ];
    expect(sixWeekRule({ placements: full, family: true, asOf: "2026-02-19" })).toMatchObject({
      status: "not_applicable",
      bnbDaysUsed: 42,
    });
    expect(sixWeekRule({ placements: full, family: true, asOf: "2026-02-20" })).toMatchObject({
      status: "breach",
      bnbDaysUsed: 43,
      breachPeriods: [{ start: "2026-02-20", nights: 1 }],
    });
  });
});

describe("s202 request window and decision, at the boundaries", () => {
  it("accepts a request on the 21st day beginning with the offer and flags the 22nd", () => {
    expect(s202Review({ offeredOn: "2026-03-01", requestedOn: "2026-03-21", asOf: "2026-03-21" }).requestedLate).toBe(false);
    expect(s202Review({ offeredOn: "2026-03-01", requestedOn: "2026-03-22", asOf: "2026-03-22" }).requestedLate).toBe(true);
  });
});

describe("move-on target", () => {
  it("is overdue from the day after the target, counted in days", () => {
    expect(moveOnOverdue({ targetDate: "2026-11-22", episodeEnd: null, asOf: "2026-11-22" }).overdue).toBe(false);
    expect(moveOnOverdue({ targetDate: "2026-11-22", episodeEnd: null, asOf: "2026-11-25" })).toEqual({ overdue: true, daysOverdue: 3 });
  });
});
