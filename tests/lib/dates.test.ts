import { describe, expect, it } from "vitest";
import {
  addDays,
  ageOn,
  dateFromParts,
  daysBetween,
  financialYearStart,
  londonDate,
  overlapNights,
  quarterEndOnOrBefore,
} from "~/lib/dates";

describe("dates", () => {
  it("takes today from Europe/London, not UTC", () => {
    // 23:30 UTC on 30 June 2026 is 00:30 on 1 July in London (BST)
    expect(londonDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    // in winter London is on UTC
    expect(londonDate(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });

  it("counts nights across the clocks going forward", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
  });

  it("counts nights a stay shares with a window, half-open at both ends", () => {
    expect(overlapNights("2026-01-01", "2026-01-11", "2026-01-05", "2026-01-20")).toBe(6);
    expect(overlapNights("2026-01-01", null, "2026-01-05", "2026-01-20")).toBe(15);
    expect(overlapNights("2026-01-01", "2026-01-05", "2026-01-05", "2026-01-20")).toBe(0);
  });

  it("refuses dates that are not real", () => {
    expect(dateFromParts("31", "2", "2026")).toBeNull();
    expect(dateFromParts("29", "2", "2028")).toBe("2028-02-29");
    expect(dateFromParts("1", "13", "2026")).toBeNull();
    expect(dateFromParts("1", "1", "26")).toBeNull();
    expect(dateFromParts("", "1", "2026")).toBeNull();
  });

  it("takes digits only in each part: no exponents, hexadecimal, signs or decimals", () => {
    expect(dateFromParts("1e1", "1", "2026")).toBeNull();
    expect(dateFromParts("0x1", "1", "2026")).toBeNull();
    expect(dateFromParts("1", "0x1", "2026")).toBeNull();
    expect(dateFromParts("1", "1", "2e3")).toBeNull();
    expect(dateFromParts("+1", "1", "2026")).toBeNull();
    expect(dateFromParts("1.0", "1", "2026")).toBeNull();
    expect(dateFromParts(" 05 ", "01", "2026")).toBe("2026-01-05");
  });

  it("gives ages on a date, the birthday counting", () => {
    expect(ageOn("2010-05-10", "2026-05-09")).toBe(15);
    expect(ageOn("2010-05-10", "2026-05-10")).toBe(16);
  });

  it("finds the quarter end and financial year", () => {
    expect(quarterEndOnOrBefore("2026-06-30")).toBe("2026-06-30");
    expect(quarterEndOnOrBefore("2026-06-29")).toBe("2026-03-31");
    expect(financialYearStart("2026-03-31")).toBe("2025-04-01");
    expect(financialYearStart("2026-04-01")).toBe("2026-04-01");
  });
});

describe("day arithmetic without a clock", () => {
  it("adds and counts days across month, leap-day, year and clock-change boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30"); // clocks go forward on 29 March 2026
    expect(addDays("2026-10-24", 2)).toBe("2026-10-26"); // and back on 25 October
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2026-11-23", "2026-11-01")).toBe(-22);
  });
  it("refuses a date that is not real, and a part of a day", () => {
    expect(() => addDays("2025-02-29", 1)).toThrow(RangeError);
    expect(() => daysBetween("2026-13-01", "2026-01-01")).toThrow(RangeError);
    expect(() => addDays("26-1-1", 1)).toThrow(RangeError);
    expect(() => addDays("2026-01-01", 0.5)).toThrow(RangeError);
  });
});
