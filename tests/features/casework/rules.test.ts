import { describe, expect, it } from "vitest";
import { moveOnOverdue, s202Review } from "~/features/casework/rules";

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
