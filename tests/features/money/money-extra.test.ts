/** What the managers' money area adds to the money rules: rate changes, forecasts, dates, invoice CSV. */
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { parsePercent, runRateForecast, type RatePeriod } from "~/features/money/money";
import { costOfStay, nightlyCosts, subsidyForStay, applyPercentChange } from "../../support/reference-money";
import { addDays, daysBetween, isIsoDate } from "~/lib/dates";
import { csvRows, parseInvoiceCsv } from "~/features/invoices/invoice-csv";
import { costByMonth } from "../../support/reference";

describe("percentage rate changes", () => {
  it("rounds half up to the penny", () => {
    expect(applyPercentChange(6500, 350)).toBe(6728); // 6727.5
    expect(applyPercentChange(6500, -200)).toBe(6370);
    expect(applyPercentChange(1, 5000)).toBe(2); // 1.5
    expect(applyPercentChange(0, 1000)).toBe(0);
  });
  it("reads percentages people type, and refuses the rest", () => {
    expect(parsePercent("3.5")).toEqual({ ok: true, basisPoints: 350 });
    expect(parsePercent("-2%")).toEqual({ ok: true, basisPoints: -200 });
    expect(parsePercent("+10.25")).toEqual({ ok: true, basisPoints: 1025 });
    expect(parsePercent("")).toMatchObject({ ok: false, reason: "Enter the percentage change" });
    expect(parsePercent("3.555")).toMatchObject({ ok: false });
    expect(parsePercent("abc")).toMatchObject({ ok: false });
    expect(parsePercent("150")).toMatchObject({ ok: false, reason: "The percentage change must be between -50 and 100" });
    expect(parsePercent("-60")).toMatchObject({ ok: false });
  });
});

describe("run-rate forecast", () => {
  it("spreads the recent figure evenly over the nights left", () => {
    expect(runRateForecast(28_000, 28, 100)).toBe(100_000);
    expect(runRateForecast(100, 28, 1)).toBe(4); // 3.57 -> 4
    expect(runRateForecast(-100, 28, 1)).toBe(-4);
    expect(runRateForecast(5000, 28, 0)).toBe(0);
  });
});

describe("calendar days", () => {
  it("agree with luxon for every day across ten years, including the clock changes", () => {
    let d = "2019-12-25";
    for (let i = 0; i < 3700; i++) {
      const next = addDays(d, 1);
      expect(next).toBe(DateTime.fromISO(d, { zone: "utc" }).plus({ days: 1 }).toISODate());
      d = next;
    }
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // clocks go forward on 29 March 2026
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2); // and back on 25 October 2026
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("nightly costing across clock changes and year ends", () => {
  const rates: RatePeriod[] = [
    { effectiveFrom: "2026-01-01", amountPence: 6000, basis: "night" },
    { effectiveFrom: "2026-03-29", amountPence: 35000, basis: "week" },
  ];
  it("prices the night the clocks go forward at the new weekly rate, every night exactly once", () => {
    const nights = nightlyCosts(rates, "2026-03-27", "2026-04-05", { from: "2026-03-27", to: "2026-04-05" });
    expect(nights.map((n) => n.night)).toEqual([
      "2026-03-27",
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
      "2026-03-31",
      "2026-04-01",
      "2026-04-02",
      "2026-04-03",
      "2026-04-04",
    ]);
    expect(nights.slice(0, 2).map((n) => n.pence)).toEqual([6000, 6000]);
    expect(nights.slice(2).reduce((s, n) => s + (n.pence ?? 0), 0)).toBe(35000); // seven nights = one week
  });
  it("adds up across a year end, month by month", () => {
    const r: RatePeriod[] = [{ effectiveFrom: "2025-06-01", amountPence: 25000, basis: "week" }];
    const whole = costOfStay(r, "2025-12-20", "2026-01-13", { from: "2025-12-20", to: "2026-01-13" });
    const months = costByMonth(r, "2025-12-20", "2026-01-13", { from: "2025-12-20", to: "2026-01-13" });
    expect(months.map((m) => m.month)).toEqual(["2025-12", "2026-01"]);
    expect(months.reduce((s, m) => s + m.pence, 0)).toBe(whole.pence);
    expect(whole.nights).toBe(24);
  });
});

describe("subsidy for each kind of accommodation", () => {
  const lha = {
    Area: { shared: 5500, "1bed": 9000, "2bed": 10500, "3bed": 11800, "4bed": 16000 },
    London: { "1bed": 30000, "2bed": 60000 },
  };
  const week = {
    rates: [{ effectiveFrom: "2026-01-01", amountPence: 7000, basis: "night" as const }],
    start: "2026-02-02",
    end: "2026-02-09",
    window: { from: "2026-02-02", to: "2026-02-09" },
    lha,
  };
  it("B&B, hostels and other shared accommodation: the one-bedroom rate, whatever the size", () => {
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: false, bedrooms: 3, brma: "Area", inLondon: false } }).subsidyPence,
    ).toBe(9000);
  });
  it("nightly-paid or leased self-contained: 90% of the size rate", () => {
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: true, bedrooms: 2, brma: "Area", inLondon: false } }).subsidyPence,
    ).toBe(9450);
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: true, bedrooms: 6, brma: "Area", inLondon: false } }).subsidyPence,
    ).toBe(14400);
  });
  it("self-contained in London: at most £500 a week; elsewhere £375", () => {
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: true, bedrooms: 2, brma: "London", inLondon: true } }).subsidyPence,
    ).toBe(49000); // capped by the council's cost, £490
    expect(
      subsidyForStay({
        ...week,
        rates: [{ effectiveFrom: "2026-01-01", amountPence: 9000, basis: "night" }],
        accommodation: { selfContained: true, bedrooms: 2, brma: "London", inLondon: true },
      }).subsidyPence,
    ).toBe(50000);
    expect(
      subsidyForStay({
        ...week,
        rates: [{ effectiveFrom: "2026-01-01", amountPence: 9000, basis: "night" }],
        accommodation: { selfContained: true, bedrooms: 2, brma: "London", inLondon: false },
      }).subsidyPence,
    ).toBe(37500);
  });
  it("unknown, not zero, when the area or the size is missing", () => {
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: true, bedrooms: 3, brma: "London", inLondon: true } }).subsidyPence,
    ).toBeNull();
    expect(
      subsidyForStay({ ...week, accommodation: { selfContained: false, bedrooms: 1, brma: null, inLondon: false } }).subsidyPence,
    ).toBeNull();
  });
});

describe("invoice lines CSV", () => {
  it("reads quoted cells and both line endings", () => {
    expect(csvRows('a,b\r\n"x, y","say ""hi"""\nz,\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["z", ""],
    ]);
  });
  it("turns first and last nights into [from, to) and amounts into pence", () => {
    const r = parseInvoiceCsv(
      'unit_ref,household_ref,first_night,last_night,amount\nNP-1,HL-1,2026-10-01,2026-10-31,"£2,170.00"\nBB-7,,01/10/2026,01/10/2026,63\n',
    );
    expect(r).toEqual({
      ok: true,
      lines: [
        { lineNo: 1, unitRef: "NP-1", householdRef: "HL-1", from: "2026-10-01", to: "2026-11-01", amountPence: 217000 },
        { lineNo: 2, unitRef: "BB-7", householdRef: null, from: "2026-10-01", to: "2026-10-02", amountPence: 6300 },
      ],
    });
  });
  it("reports every bad row with its number and reason, and saves nothing", () => {
    const r = parseInvoiceCsv(
      'unit_ref,first_night,last_night,amount\n,2026-10-01,2026-10-02,10\nU1,2026-02-30,2026-03-01,10\nU2,2026-10-05,2026-10-01,10\nU3,2026-10-01,2026-10-02,"£1,234.5"\nU4,2026-10-01,2026-10-02,-5\n',
    );
    expect(r.ok).toBe(false);
    const problems = (r as { problems: { row: number; column: string | null }[] }).problems.map((p) => `${p.row}:${p.column}`);
    expect(problems).toEqual(["2:unit_ref", "3:first_night", "4:last_night", "5:amount", "6:amount"]);
  });
  it("refuses wrong columns", () => {
    const r = parseInvoiceCsv("unit,from,to,amount\nU1,2026-10-01,2026-10-02,10\n");
    expect(r).toMatchObject({
      ok: false,
      problems: [{ row: 1, message: expect.stringContaining("missing unit_ref, first_night, last_night") }],
    });
  });
});
