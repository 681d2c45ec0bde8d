import { describe, expect, it } from "vitest";
import { SIX_WEEK_LIMIT_DAYS, SIX_WEEK_WARNING_FROM_DAY, sixWeekRule, type EpisodePlacement } from "~/features/placements/six-weeks";
import { assessUnitForHousehold, compareUnitSuitability, type HouseholdNeeds } from "~/features/placements/suitability";
import { isBnbUnderOrder } from "~/features/stock/bnb";
import { moveOnOverdue, s202Review, s208Notice } from "~/features/casework/rules";

describe("B&B under the 2003 Order", () => {
  const none = { sharedKitchen: false, sharedBathroom: false, sharedToilet: false };
  it("is B&B when any one facility is shared and the provider is private", () => {
    expect(isBnbUnderOrder({ ...none, sharedKitchen: true, providerType: "hotel" })).toBe(true);
    expect(isBnbUnderOrder({ ...none, sharedBathroom: true, providerType: "agent" })).toBe(true);
    expect(isBnbUnderOrder({ ...none, sharedToilet: true, providerType: "landlord" })).toBe(true);
  });
  it("is not B&B when self-contained", () => {
    expect(isBnbUnderOrder({ ...none, providerType: "hotel" })).toBe(false);
  });
  it("is not B&B when owned or managed by a council, housing association or charity", () => {
    const shared = { sharedKitchen: true, sharedBathroom: true, sharedToilet: true };
    expect(isBnbUnderOrder({ ...shared, providerType: "council" })).toBe(false);
    expect(isBnbUnderOrder({ ...shared, providerType: "housing_association" })).toBe(false);
    expect(isBnbUnderOrder({ ...shared, providerType: "charity" })).toBe(false);
  });
});

describe("six-week rule", () => {
  it("exports the statutory limit and the default warning day", () => {
    expect(SIX_WEEK_LIMIT_DAYS).toBe(42);
    expect(SIX_WEEK_WARNING_FROM_DAY).toBe(35);
  });

  // One B&B placement from 1 January 2026: night D is day (D - 1 Jan + 1).
  const single: EpisodePlacement[] = [{ start: "2026-01-01", end: null, isBnb: true }];
  const at = (asOf: string) => sixWeekRule({ placements: single, family: true, asOf });

  it("counts the first night as day 1", () => {
    expect(at("2026-01-01")).toMatchObject({ status: "ok", bnbDaysUsed: 1, daysRemaining: 41, day42On: "2026-02-11" });
    expect(at("2025-12-31")).toMatchObject({ status: "not_applicable", bnbDaysUsed: 0, inBnbTonight: false });
  });

  it("is ok on day 34, warns on days 35 to 42 and is in breach from day 43", () => {
    expect(at("2026-02-03")).toMatchObject({ status: "ok", bnbDaysUsed: 34, daysRemaining: 8, day42On: "2026-02-11" });
    expect(at("2026-02-04")).toMatchObject({ status: "warning", bnbDaysUsed: 35, daysRemaining: 7 });
    expect(at("2026-02-11")).toMatchObject({
      status: "warning",
      bnbDaysUsed: 42,
      daysRemaining: 0,
      day42On: "2026-02-11",
      breachPeriods: [],
    });
    expect(at("2026-02-12")).toMatchObject({
      status: "breach",
      bnbDaysUsed: 43,
      daysRemaining: 0,
      day42On: null,
      breachPeriods: [{ start: "2026-02-12", end: null, nights: 1 }],
    });
  });

  it("lets the warning day be configured", () => {
    const run = (asOf: string) => sixWeekRule({ placements: single, family: true, asOf }, { warningFromDay: 28 }).status;
    expect(run("2026-01-27")).toBe("ok"); // day 27
    expect(run("2026-01-28")).toBe("warning"); // day 28
    expect(() => sixWeekRule({ placements: single, family: true, asOf: "2026-01-01" }, { warningFromDay: 43 })).toThrow(RangeError);
  });

  // 20 B&B nights (1-20 Jan), self-contained 21 Jan - 9 Feb, back in B&B from 10 Feb.
  const transfer: EpisodePlacement[] = [
    { start: "2026-01-21", end: "2026-02-10", isBnb: false },
    { start: "2026-01-01", end: "2026-01-21", isBnb: true },
    { start: "2026-02-10", end: null, isBnb: true },
  ];

  it("keeps counting across a transfer out of B&B and back", () => {
    expect(sixWeekRule({ placements: transfer, family: true, asOf: "2026-02-09" })).toMatchObject({
      status: "not_applicable",
      inBnbTonight: false,
      bnbDaysUsed: 20,
      daysRemaining: 22,
      day42On: null,
    });
    // 10 Feb is the 21st B&B night; 22 more nights from 10 Feb reach day 42 on 3 March.
    expect(sixWeekRule({ placements: transfer, family: true, asOf: "2026-02-10" })).toMatchObject({
      status: "ok",
      bnbDaysUsed: 21,
      day42On: "2026-03-03",
    });
    expect(sixWeekRule({ placements: transfer, family: true, asOf: "2026-03-03" })).toMatchObject({
      status: "warning",
      bnbDaysUsed: 42,
    });
    expect(sixWeekRule({ placements: transfer, family: true, asOf: "2026-03-04" })).toMatchObject({
      status: "breach",
      bnbDaysUsed: 43,
      breachPeriods: [{ start: "2026-03-04", end: null, nights: 1 }],
    });
  });

  it("keeps a past breach on the record after the household leaves B&B", () => {
    const placements: EpisodePlacement[] = [
      { start: "2026-01-01", end: "2026-01-21", isBnb: true },
      { start: "2026-01-21", end: "2026-02-10", isBnb: false },
      { start: "2026-02-10", end: "2026-03-10", isBnb: true }, // 28 nights: 48 in all
      { start: "2026-03-10", end: null, isBnb: false },
    ];
    expect(sixWeekRule({ placements, family: true, asOf: "2026-03-20" })).toMatchObject({
      status: "breach",
      inBnbTonight: false,
      bnbDaysUsed: 48,
      daysRemaining: 0,
      day42On: null,
      breachPeriods: [{ start: "2026-03-04", end: "2026-03-10", nights: 6 }],
    });
  });

  it("lists each separate breach period", () => {
    const placements: EpisodePlacement[] = [
      { start: "2026-01-01", end: "2026-02-15", isBnb: true }, // 45 nights: breach 12-14 Feb
      { start: "2026-02-15", end: "2026-03-01", isBnb: false },
      { start: "2026-03-01", end: null, isBnb: true },
    ];
    expect(sixWeekRule({ placements, family: true, asOf: "2026-03-02" }).breachPeriods).toEqual([
      { start: "2026-02-12", end: "2026-02-15", nights: 3 },
      { start: "2026-03-01", end: null, nights: 2 },
    ]);
  });

  it("counts overlapping B&B nights once and ignores placements after D", () => {
    const placements: EpisodePlacement[] = [
      { start: "2026-01-01", end: "2026-01-11", isBnb: true },
      { start: "2026-01-06", end: "2026-01-16", isBnb: true },
      { start: "2026-02-01", end: null, isBnb: true },
    ];
    expect(sixWeekRule({ placements, family: true, asOf: "2026-01-20" }).bnbDaysUsed).toBe(15);
  });

  it("does not apply to a household that is not a family", () => {
    const r = sixWeekRule({ placements: single, family: false, asOf: "2026-03-01" });
    expect(r).toMatchObject({ status: "not_applicable", bnbDaysUsed: 60, breachPeriods: [], day42On: null });
  });

  it("finds B&B unsuitable for a 16 or 17 year old applicant from the first night", () => {
    expect(sixWeekRule({ placements: single, family: false, lead16or17: true, asOf: "2026-01-01" })).toMatchObject({
      status: "unsuitable_16_17",
      lead16or17InBnb: true,
      bnbDaysUsed: 1,
    });
    expect(sixWeekRule({ placements: single, family: false, lead16or17: true, asOf: "2025-12-31" }).status).toBe("not_applicable");
    // A 17-year-old mother: unsuitable from night 1, a breach from day 43.
    expect(sixWeekRule({ placements: single, family: true, lead16or17: true, asOf: "2026-01-10" }).status).toBe("unsuitable_16_17");
    expect(sixWeekRule({ placements: single, family: true, lead16or17: true, asOf: "2026-02-12" })).toMatchObject({
      status: "breach",
      lead16or17InBnb: true,
    });
  });

  it("refuses a placement that ends before it starts", () => {
    expect(() =>
      sixWeekRule({ placements: [{ start: "2026-01-10", end: "2026-01-09", isBnb: true }], family: true, asOf: "2026-01-10" }),
    ).toThrow(RangeError);
  });
});

describe("s208 out-of-district notice", () => {
  // Made available on 2 March 2026: 16 March is the 14th day after it.
  const base = { councilGss: "E09000025", unitGss: "E07000072", madeAvailableOn: "2026-03-02" };

  it("is due up to the 14th day after the placement starts and overdue on the 15th", () => {
    expect(s208Notice({ ...base, asOf: "2026-03-16" })).toEqual({
      required: true,
      dueDate: "2026-03-16",
      status: "due",
      daysOverdue: 0,
    });
    expect(s208Notice({ ...base, asOf: "2026-03-17" })).toEqual({
      required: true,
      dueDate: "2026-03-16",
      status: "overdue",
      daysOverdue: 1,
    });
  });

  it("is sent on time on the 14th day and late on the 15th", () => {
    expect(s208Notice({ ...base, sentOn: "2026-03-16", asOf: "2026-04-01" }).status).toBe("sent");
    expect(s208Notice({ ...base, sentOn: "2026-03-17", asOf: "2026-04-01" })).toMatchObject({
      status: "sent_late",
      daysOverdue: 1,
    });
  });

  it("is not required inside the council's own district", () => {
    expect(s208Notice({ ...base, unitGss: " e09000025 ", asOf: "2026-04-01" })).toEqual({
      required: false,
      dueDate: null,
      status: "not_required",
      daysOverdue: 0,
    });
  });
});

describe("s202 suitability review", () => {
  // Offer on 1 April 2026: the 21 days beginning with that day end on 21 April.
  it("flags a request made after the 21 days", () => {
    expect(s202Review({ offeredOn: "2026-04-01", requestedOn: "2026-04-21", asOf: "2026-04-21" })).toMatchObject({
      requestDeadline: "2026-04-21",
      requestedLate: false,
    });
    expect(s202Review({ offeredOn: "2026-04-01", requestedOn: "2026-04-22", asOf: "2026-04-22" }).requestedLate).toBe(true);
  });

  // Request on 21 April: 8 weeks beginning with that day end on 15 June.
  const req = { offeredOn: "2026-04-01", requestedOn: "2026-04-21" };
  it("is pending up to the last day of the 8 weeks and overdue after", () => {
    expect(s202Review({ ...req, asOf: "2026-06-15" })).toMatchObject({
      decisionDueDate: "2026-06-15",
      status: "pending",
      daysOverdue: 0,
    });
    expect(s202Review({ ...req, asOf: "2026-06-16" })).toMatchObject({ status: "overdue", daysOverdue: 1 });
  });

  it("records a decision, on time or late, once it has been made", () => {
    expect(s202Review({ ...req, decidedOn: "2026-06-15", asOf: "2026-06-20" })).toMatchObject({
      status: "decided",
      decidedLate: false,
      daysOverdue: 0,
    });
    expect(s202Review({ ...req, decidedOn: "2026-06-17", asOf: "2026-06-20" })).toMatchObject({
      status: "decided",
      decidedLate: true,
      daysOverdue: 2,
    });
    // A decision dated after D is not yet made on D.
    expect(s202Review({ ...req, decidedOn: "2026-06-17", asOf: "2026-06-12" }).status).toBe("pending");
  });

  it("uses a longer period agreed in writing", () => {
    expect(s202Review({ ...req, extendedTo: "2026-07-01", asOf: "2026-06-20" })).toMatchObject({
      decisionDueDate: "2026-07-01",
      status: "pending",
    });
  });
});

describe("move-on plan overdue", () => {
  it("is overdue from the day after the target date while the episode is open", () => {
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: null, asOf: "2026-03-01" })).toEqual({ overdue: false, daysOverdue: 0 });
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: null, asOf: "2026-03-02" })).toEqual({ overdue: true, daysOverdue: 1 });
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: "2026-03-05", asOf: "2026-03-02" }).overdue).toBe(true);
  });
  it("is not overdue once the episode has ended, or with no target", () => {
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: "2026-03-02", asOf: "2026-03-02" }).overdue).toBe(false);
    expect(moveOnOverdue({ targetDate: null, episodeEnd: null, asOf: "2026-03-02" }).overdue).toBe(false);
  });
});

describe("unit suitability", () => {
  const family: HouseholdNeeds = {
    familyForBnbRule: true,
    leadAged16or17: false,
    bedroomNeed: 3,
    occupants: 5,
    stepFreeNeeded: true,
  };

  it("gives every reason, split into hard and warnings", () => {
    const r = assessUnitForHousehold(family, { isBnb: true, bedrooms: 2, maxOccupants: 4, stepFree: false });
    expect(r.hard).toEqual([{ code: "too_many_occupants", message: "Too many people: 5 people, unit takes 4" }]);
    expect(r.warnings).toEqual([
      { code: "bnb_family", message: "B&B is unsuitable for a family except in an emergency, and then for no more than 6 weeks" },
      { code: "too_few_bedrooms", message: "Too few bedrooms: needs 3, unit has 2" },
      { code: "not_step_free", message: "Not step-free" },
    ]);
    expect(r.placeable).toBe(false);
    expect(r.score).toBe(1301);
  });

  it("allows a unit that takes exactly the household", () => {
    const r = assessUnitForHousehold(family, { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: true });
    expect(r).toEqual({ hard: [], warnings: [], placeable: true, score: 0 });
  });

  it("warns about B&B for a 16 or 17 year old and counts a studio as one bedroom", () => {
    const young: HouseholdNeeds = {
      familyForBnbRule: false,
      leadAged16or17: true,
      bedroomNeed: 1,
      occupants: 1,
      stepFreeNeeded: false,
    };
    const r = assessUnitForHousehold(young, { isBnb: true, bedrooms: 0, maxOccupants: 1, stepFree: false });
    expect(r.warnings).toEqual([{ code: "bnb_16_17", message: "B&B is unsuitable for a 16 or 17 year old applicant" }]);
    expect(r.score).toBe(100);
  });

  it("orders fewer problems first, then the closer bedroom fit", () => {
    const units = {
      tooSmall: { isBnb: false, bedrooms: 3, maxOccupants: 4, stepFree: true },
      fourBed: { isBnb: false, bedrooms: 4, maxOccupants: 6, stepFree: true },
      exact: { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: true },
      stairs: { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: false },
    };
    const ranked = Object.entries(units)
      .map(([name, unit]) => ({ name, result: assessUnitForHousehold(family, unit) }))
      .sort((a, b) => compareUnitSuitability(a.result, b.result))
      .map((x) => x.name);
    expect(ranked).toEqual(["exact", "fourBed", "stairs", "tooSmall"]);
  });
});
