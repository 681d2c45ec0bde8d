import { describe, expect, it } from "vitest";
import { formatPence, mulDivRoundHalfUp, parsePounds, penceToPounds2dp, type LhaTable, type RatePeriod } from "~/features/money/money";
import {
  rateOnNight,
  validateRatePeriods,
  costOfStay,
  netCostPence,
  nightlyCosts,
  segmentPence,
  subsidyForStay,
  weeklySubsidyCap,
  type SubsidyAccommodation,
} from "../../support/reference-money";
import { costByMonth } from "../../support/reference";

const nightly = (effectiveFrom: string, amountPence: number): RatePeriod => ({ effectiveFrom, amountPence, basis: "night" });
const weekly = (effectiveFrom: string, amountPence: number): RatePeriod => ({ effectiveFrom, amountPence, basis: "week" });

describe("formatting pence", () => {
  it("formats pounds with a £ sign, thousands separators and a leading minus", () => {
    expect(formatPence(12345)).toBe("£123.45");
    expect(formatPence(123450)).toBe("£1,234.50");
    expect(formatPence(-150)).toBe("-£1.50");
    expect(formatPence(5)).toBe("£0.05");
    expect(formatPence(0)).toBe("£0.00");
    expect(formatPence(100000000)).toBe("£1,000,000.00");
    expect(formatPence(-123456789)).toBe("-£1,234,567.89");
  });

  it("writes plain pounds for CSV", () => {
    expect(penceToPounds2dp(12345)).toBe("123.45");
    expect(penceToPounds2dp(123450)).toBe("1234.50");
    expect(penceToPounds2dp(-150)).toBe("-1.50");
    expect(penceToPounds2dp(7)).toBe("0.07");
  });

  it("refuses fractions of a penny", () => {
    expect(() => formatPence(1.5)).toThrow(RangeError);
    expect(() => penceToPounds2dp(Number.NaN)).toThrow(RangeError);
  });
});

describe("parsing pounds", () => {
  const ok = (text: string) => parsePounds(text);
  it("accepts pounds, pounds and pence, a £ sign and correctly grouped commas", () => {
    expect(ok("57")).toEqual({ ok: true, pence: 5700 });
    expect(ok("57.00")).toEqual({ ok: true, pence: 5700 });
    expect(ok("£57")).toEqual({ ok: true, pence: 5700 });
    expect(ok(" £57.05 ")).toEqual({ ok: true, pence: 5705 });
    expect(ok("1,234.50")).toEqual({ ok: true, pence: 123450 });
    expect(ok("£1,234,567.89")).toEqual({ ok: true, pence: 123456789 });
    expect(ok("1234.50")).toEqual({ ok: true, pence: 123450 });
    expect(ok("0.99")).toEqual({ ok: true, pence: 99 });
  });

  it("rejects one or three decimal places, bad comma groups and non-numbers", () => {
    const format = { ok: false, reason: "Enter an amount in pounds and pence, like 57.00" };
    for (const bad of [
      "£57.5",
      "£1,234.5",
      "57.",
      "57.001",
      "1,2345",
      "12,34.00",
      ",123",
      "1e3",
      "NaN",
      "Infinity",
      "£",
      "57p",
      "fifty",
      "0x10",
      "1 234",
      "£ 57",
      "--1",
      ".50",
    ]) {
      expect(parsePounds(bad), bad).toEqual(format);
    }
  });

  it("asks for an amount when empty", () => {
    expect(parsePounds("")).toEqual({ ok: false, reason: "Enter an amount" });
    expect(parsePounds("   ")).toEqual({ ok: false, reason: "Enter an amount" });
    expect(parsePounds(null)).toEqual({ ok: false, reason: "Enter an amount" });
  });

  it("rejects negatives unless allowed", () => {
    expect(parsePounds("-1.50")).toEqual({ ok: false, reason: "Amount must be £0.00 or more" });
    expect(parsePounds("-£1.50")).toEqual({ ok: false, reason: "Amount must be £0.00 or more" });
    expect(parsePounds("-1.50", { allowNegative: true })).toEqual({ ok: true, pence: -150 });
    expect(parsePounds("-£1,234.50", { allowNegative: true })).toEqual({ ok: true, pence: -123450 });
    expect(parsePounds("£-1.50", { allowNegative: true })).toEqual({ ok: true, pence: -150 });
  });

  it("rejects amounts beyond Number.MAX_SAFE_INTEGER pence", () => {
    // MAX_SAFE_INTEGER = 9,007,199,254,740,991 pence = £90,071,992,547,409.91
    expect(parsePounds("90071992547409.91")).toEqual({ ok: true, pence: Number.MAX_SAFE_INTEGER });
    const tooBig = { ok: false, reason: "Amount must be £90,071,992,547,409.91 or less" };
    expect(parsePounds("90071992547409.92")).toEqual(tooBig);
    expect(parsePounds("999999999999999999999")).toEqual(tooBig);
  });
});

describe("the rounding primitive", () => {
  it("rounds half up, exactly, even for large numbers", () => {
    expect(mulDivRoundHalfUp(25000, 1, 7)).toBe(3571); // 3571.43
    expect(mulDivRoundHalfUp(25000, 2, 7)).toBe(7143); // 7142.86
    expect(mulDivRoundHalfUp(26535, 9, 10)).toBe(23882); // 23881.5 -> up
    expect(mulDivRoundHalfUp(26534, 9, 10)).toBe(23881); // 23880.6
    expect(mulDivRoundHalfUp(1, 1, 2)).toBe(1);
    // 9007199254740991 * 3 / 3 is exact only with integer arithmetic
    expect(mulDivRoundHalfUp(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => mulDivRoundHalfUp(-1, 1, 7)).toThrow(RangeError);
  });
});

describe("rate periods", () => {
  const rates = [nightly("2026-04-01", 7500), nightly("2026-01-01", 7000)]; // out of order on purpose

  it("finds the rate in force on a night", () => {
    expect(rateOnNight(rates, "2025-12-31")).toBeNull();
    expect(rateOnNight(rates, "2026-01-01")?.amountPence).toBe(7000);
    expect(rateOnNight(rates, "2026-03-31")?.amountPence).toBe(7000);
    expect(rateOnNight(rates, "2026-04-01")?.amountPence).toBe(7500);
    expect(rateOnNight(rates, "2030-01-01")?.amountPence).toBe(7500);
  });

  it("reports negative amounts, missing dates and overlapping periods", () => {
    expect(validateRatePeriods(rates)).toEqual([]);
    const problems = validateRatePeriods([
      nightly("2026-01-01", 7000),
      nightly("", 7000),
      nightly("2026-02-01", -100),
      weekly("2026-01-01", 40000),
      nightly("2026-02-30", 100),
      nightly("2026-03-01", 12.5),
      { effectiveFrom: "2026-05-01", amountPence: 100, basis: "month" as unknown as "night" },
    ]);
    expect(problems.map((p) => [p.index, p.code])).toEqual([
      [1, "missing_date"],
      [2, "negative_amount"],
      [3, "overlapping_periods"],
      [4, "not_a_date"],
      [5, "not_whole_pence"],
      [6, "bad_basis"],
    ]);
    expect(problems[2].message).toBe("Rate periods overlap: more than one rate starts on 1 January 2026");
  });

  it("refuses to price with invalid rates rather than guess", () => {
    expect(() =>
      costOfStay([nightly("2026-01-01", 1), nightly("2026-01-01", 2)], "2026-01-01", null, { from: "2026-01-01", to: "2026-02-01" }),
    ).toThrow(/overlap/);
  });
});

describe("cost of a stay", () => {
  const jan = { from: "2026-01-01", to: "2026-02-01" };

  it("prices nightly rates night by night, exactly", () => {
    // 10 nights (10th to 19th) at £65.00 = £650.00
    const c = costOfStay([nightly("2026-01-01", 6500)], "2026-01-10", "2026-01-20", jan);
    expect(c).toMatchObject({ nights: 10, pricedNights: 10, pence: 65000, unpricedNights: 0, unpriced: [] });
  });

  it("splits at a rate change and reports each segment", () => {
    // 10th-14th: 5 nights × £65 = £325.00; 15th-19th: 5 nights × £70 = £350.00; total £675.00
    const rates = [nightly("2026-01-01", 6500), nightly("2026-01-15", 7000)];
    const c = costOfStay(rates, "2026-01-10", "2026-01-20", jan);
    expect(c.pence).toBe(67500);
    expect(c.segments.map((s) => [s.from, s.to, s.nights, s.rate.amountPence, s.pence])).toEqual([
      ["2026-01-10", "2026-01-15", 5, 6500, 32500],
      ["2026-01-15", "2026-01-20", 5, 7000, 35000],
    ]);
  });

  it("counts only the nights inside the window; an open stay runs to the window's end", () => {
    // open stay from 25 Jan, window is January: 25th..31st = 7 nights × £70 = £490
    expect(costOfStay([nightly("2025-01-01", 7000)], "2026-01-25", null, jan).pence).toBe(49000);
    // stay entirely before the window
    expect(costOfStay([nightly("2025-01-01", 7000)], "2025-12-01", "2026-01-01", jan).nights).toBe(0);
  });

  it("reports unpriced nights instead of pricing them at zero", () => {
    // rate only from 15 Jan; stay 10th-19th: 10th-14th unpriced (5 nights), 15th-19th 5 × £70
    const c = costOfStay([nightly("2026-01-15", 7000)], "2026-01-10", "2026-01-20", jan);
    expect(c).toMatchObject({ nights: 10, pricedNights: 5, pence: 35000, unpricedNights: 5 });
    expect(c.unpriced).toEqual([{ from: "2026-01-10", to: "2026-01-15", nights: 5 }]);
    const none = costOfStay([], "2026-01-10", "2026-01-12", jan);
    expect(none).toMatchObject({ pence: 0, pricedNights: 0, unpricedNights: 2 });
  });

  it("prices a weekly rate as round_half_up(n × weekly / 7) over the run", () => {
    // £250.00 a week; 10 nights: 10 × 25000 / 7 = 35714.29 -> 35714
    const rates = [weekly("2026-01-01", 25000)];
    expect(costOfStay(rates, "2026-01-10", "2026-01-20", jan).pence).toBe(35714);
    // 3 nights: 75000 / 7 = 10714.29 -> 10714
    expect(costOfStay(rates, "2026-01-10", "2026-01-13", jan).pence).toBe(10714);
    // exactly 2 weeks = £500.00
    expect(costOfStay(rates, "2026-01-10", "2026-01-24", jan).pence).toBe(50000);
  });

  it("anchors the weekly rounding at the stay, so a window cut does not change the total", () => {
    const rates = [weekly("2026-01-01", 25000)];
    // stay 10th-19th; window 13th-19th: nights 3..10 of the run -> W(10) - W(3) = 35714 - 10714 = 25000:
    // any 7 consecutive nights cost exactly one week
    const later = costOfStay(rates, "2026-01-10", "2026-01-20", { from: "2026-01-13", to: "2026-02-01" });
    expect(later.pence).toBe(25000);
    expect(later.segments[0].anchor).toBe("2026-01-10");
    const earlier = costOfStay(rates, "2026-01-10", "2026-01-20", { from: "2026-01-01", to: "2026-01-13" });
    expect(earlier.pence).toBe(10714);
    expect(earlier.pence + later.pence).toBe(35714);
  });

  it("re-anchors at a weekly rate change", () => {
    // £250/wk from 1 Jan, £280/wk from 15 Jan; stay 10th-22nd (12 nights)
    // 10th-14th: 5 nights, W = 5 × 25000 / 7 = 17857.14 -> 17857
    // 15th-21st: 7 nights anchored at 15th, = 28000 exactly
    const c = costOfStay([weekly("2026-01-01", 25000), weekly("2026-01-15", 28000)], "2026-01-10", "2026-01-22", jan);
    expect(c.segments.map((s) => [s.anchor, s.pence])).toEqual([
      ["2026-01-10", 17857],
      ["2026-01-15", 28000],
    ]);
    expect(c.pence).toBe(45857);
  });

  it("gives each night's cost; they add up to the stay's cost", () => {
    // £250/wk, 3 nights from the anchor: W(1)=3571, W(2)=7143, W(3)=10714 -> 3571, 3572, 3571
    const n = nightlyCosts([weekly("2026-01-01", 25000)], "2026-01-10", "2026-01-13", jan);
    expect(n.map((x) => [x.night, x.pence])).toEqual([
      ["2026-01-10", 3571],
      ["2026-01-11", 3572],
      ["2026-01-12", 3571],
    ]);
    const withGap = nightlyCosts([nightly("2026-01-11", 7000)], "2026-01-10", "2026-01-12", jan);
    expect(withGap.map((x) => x.pence)).toEqual([null, 7000]);
    expect(segmentPence(nightly("2026-01-01", 7000), "2026-01-01", "2026-01-05", "2026-01-08")).toBe(21000);
  });
});

describe("cost by calendar month", () => {
  it("splits by month and the months add up to the unsplit total, even where per-piece rounding would not", () => {
    // £250.00 a week, stay 31 Jan - 2 Feb (2 nights).
    // Rounding each month piece separately would give round(25000/7) + round(25000/7) = 3571 + 3571 = 7142,
    // but 2 nights are round(50000/7) = round(7142.86) = 7143. The anchored rule gives
    // January W(1) = 3571 and February W(2) - W(1) = 7143 - 3571 = 3572: total 7143.
    const rates = [weekly("2026-01-01", 25000)];
    const window = { from: "2026-01-01", to: "2026-03-01" };
    const months = costByMonth(rates, "2026-01-31", "2026-02-02", window);
    expect(months.map((m) => [m.month, m.nights, m.pence])).toEqual([
      ["2026-01", 1, 3571],
      ["2026-02", 1, 3572],
    ]);
    expect(costOfStay(rates, "2026-01-31", "2026-02-02", window).pence).toBe(7143);
  });

  it("splits a long open stay across months with a rate change inside a month", () => {
    // £70/night to 14 Feb, £75/night from 15 Feb; open stay from 20 Jan; window 1 Jan - 1 Apr
    // Jan: 20th-31st = 12 nights × 7000 = 84000
    // Feb: 1st-14th 14 × 7000 = 98000, 15th-28th 14 × 7500 = 105000 -> 203000
    // Mar: 31 × 7500 = 232500
    const rates = [nightly("2026-01-01", 7000), nightly("2026-02-15", 7500)];
    const months = costByMonth(rates, "2026-01-20", null, { from: "2026-01-01", to: "2026-04-01" });
    expect(months.map((m) => [m.month, m.from, m.to, m.nights, m.pence])).toEqual([
      ["2026-01", "2026-01-20", "2026-02-01", 12, 84000],
      ["2026-02", "2026-02-01", "2026-03-01", 28, 203000],
      ["2026-03", "2026-03-01", "2026-04-01", 31, 232500],
    ]);
  });

  it("agrees with the unsplit total for weekly rates over many awkward stays", () => {
    // property check, not a fixed figure: sum of months must equal the unsplit cost
    const rates = [weekly("2025-11-03", 31999), weekly("2026-02-10", 45001), weekly("2026-03-31", 123)];
    const window = { from: "2025-12-15", to: "2026-05-03" };
    for (const [start, end] of [
      ["2025-11-20", "2026-04-19"],
      ["2025-12-31", "2026-01-02"],
      ["2026-02-27", null],
      ["2026-01-31", "2026-03-02"],
    ] as const) {
      const total = costOfStay(rates, start, end, window).pence;
      const sum = costByMonth(rates, start, end, window).reduce((s, m) => s + m.pence, 0);
      expect(sum, `${start}..${end}`).toBe(total);
    }
  });
});

describe("housing benefit subsidy", () => {
  // Illustrative January 2011 LHA weekly rates in pence (not the published figures).
  const lha: LhaTable = {
    "Inner North London": { shared: 9500, "1bed": 25000, "2bed": 30000, "3bed": 36000, "4bed": 45000 },
    "Central London": { "1bed": 35000, "2bed": 48000, "3bed": 70000, "4bed": 110000 },
    Luton: { shared: 6000, "1bed": 11000, "2bed": 15000, "3bed": 19000, "4bed": 25000 },
    "Thames Valley": { "1bed": 20000, "2bed": 26535, "3bed": 30000, "4bed": 45000 },
  };
  const acc = (a: Partial<SubsidyAccommodation>): SubsidyAccommodation => ({
    selfContained: true,
    bedrooms: 2,
    brma: "Inner North London",
    inLondon: true,
    ...a,
  });

  describe("weekly cap", () => {
    it("is the 1-bed rate in full for B&B and hostels, whatever their size", () => {
      const cap = weeklySubsidyCap(acc({ selfContained: false, bedrooms: 3 }), lha);
      expect(cap).toMatchObject({ ok: true, weeklyCapPence: 25000, category: "1bed" });
    });

    it("is 90% of the size's rate for self-contained units, under the London/elsewhere limits", () => {
      // 90% of £300.00 = £270.00, below £500
      expect(weeklySubsidyCap(acc({}), lha)).toMatchObject({ ok: true, weeklyCapPence: 27000, category: "2bed" });
      // 90% of 26535 = 23881.5 -> 23882 (half up)
      expect(weeklySubsidyCap(acc({ brma: "Thames Valley", inLondon: false }), lha)).toMatchObject({ weeklyCapPence: 23882 });
      // studio counts as 1-bed: 90% of 25000 = 22500
      expect(weeklySubsidyCap(acc({ bedrooms: 0 }), lha)).toMatchObject({ weeklyCapPence: 22500, category: "1bed" });
    });

    it("caps the size at 4 bedrooms and applies the £500 London limit", () => {
      // 6 bedrooms -> 4-bed rate £1,100.00; 90% = £990.00 > £500.00 -> £500.00
      const cap = weeklySubsidyCap(acc({ brma: "Central London", bedrooms: 6 }), lha);
      expect(cap).toMatchObject({ ok: true, weeklyCapPence: 50000, category: "4bed" });
      if (cap.ok) expect(cap.explanation).toContain("£500.00 a week limit in London");
    });

    it("applies the £375 limit outside London", () => {
      // Thames Valley 4-bed £450.00; 90% = £405.00 > £375.00 -> £375.00; same unit in London: £405.00
      expect(weeklySubsidyCap(acc({ brma: "Thames Valley", bedrooms: 4, inLondon: false }), lha)).toMatchObject({ weeklyCapPence: 37500 });
      expect(weeklySubsidyCap(acc({ brma: "Thames Valley", bedrooms: 4, inLondon: true }), lha)).toMatchObject({ weeklyCapPence: 40500 });
    });

    it("is unknown, not zero, without an LHA rate", () => {
      expect(weeklySubsidyCap(acc({ brma: "Nowhere" }), lha)).toEqual({ ok: false, reason: "No LHA rate for Nowhere" });
      expect(weeklySubsidyCap(acc({ brma: "Central London", selfContained: true, bedrooms: 0 }), lha)).toMatchObject({ ok: true });
      expect(weeklySubsidyCap(acc({ brma: "Luton", bedrooms: 5 }), { Luton: { "1bed": 11000 } })).toEqual({
        ok: false,
        reason: "No LHA rate for Luton (4-bedroom)",
      });
      expect(weeklySubsidyCap(acc({ brma: null }), lha)).toMatchObject({ ok: false });
    });
  });

  describe("for a stay", () => {
    const feb = { from: "2026-02-01", to: "2026-03-01" };

    it("B&B: 1-bed rate in full", () => {
      // £45.00 a night = £315.00 a week > 1-bed £250.00 -> £250.00 a week
      // 14 nights: gross 14 × 4500 = 63000; subsidy W(14) = 2 × 25000 = 50000; net 13000
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 4500)],
        start: "2026-02-01",
        end: "2026-02-15",
        window: feb,
        accommodation: acc({ selfContained: false, bedrooms: 1 }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 63000, subsidyPence: 50000, netPence: 13000, reason: null });
    });

    it("hostel with a recorded charge below the cap: the charge is the eligible rent", () => {
      // council pays £40.00/night (£280.00/wk); household charged £200.00/wk < 1-bed £250 -> £200.00/wk
      // 7 nights: gross 28000, subsidy 20000, net 8000
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 4000)],
        charges: [weekly("2026-01-01", 20000)],
        start: "2026-02-01",
        end: "2026-02-08",
        window: feb,
        accommodation: acc({ selfContained: false, bedrooms: 1 }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 28000, subsidyPence: 20000, netPence: 8000 });
      expect(s.segments[0]).toMatchObject({ eligibleWeeklyRentPence: 20000, weeklySubsidyPence: 20000, limitedToCouncilCost: false });
    });

    it("nightly-paid self-contained in London: min(£490, 90% × £300, £500) = £270 a week", () => {
      // £70.00/night -> £490.00/wk; 2-bed cap 27000.
      // 7 nights: gross 49000, subsidy 27000, net 22000.
      // 10 nights: gross 70000, subsidy 10 × 27000 / 7 = 38571.43 -> 38571, net 31429.
      const input = {
        rates: [nightly("2026-01-01", 7000)],
        start: "2026-02-01",
        window: feb,
        accommodation: acc({ bedrooms: 2 }),
        lha,
      };
      expect(subsidyForStay({ ...input, end: "2026-02-08" })).toMatchObject({ grossPence: 49000, subsidyPence: 27000, netPence: 22000 });
      expect(subsidyForStay({ ...input, end: "2026-02-11" })).toMatchObject({ grossPence: 70000, subsidyPence: 38571, netPence: 31429 });
    });

    it("nightly-paid self-contained outside London", () => {
      // Luton 2-bed £150.00 -> 90% = £135.00 (< £375); £60.00/night = £420.00/wk -> £135.00/wk
      // 3 nights: gross 18000; subsidy 3 × 13500 / 7 = 5785.71 -> 5786; net 12214
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 6000)],
        start: "2026-02-01",
        end: "2026-02-04",
        window: feb,
        accommodation: acc({ brma: "Luton", inLondon: false, bedrooms: 2 }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 18000, subsidyPence: 5786, netPence: 12214 });
    });

    it("leased 3-bed outside London on a weekly rate", () => {
      // council pays £280.00/wk; Luton 3-bed £190.00 -> 90% = £171.00 -> min(280, 171, 375) = £171.00/wk
      // 30 nights: gross 30 × 28000 / 7 = 120000; subsidy 30 × 17100 / 7 = 73285.71 -> 73286; net 46714
      const s = subsidyForStay({
        rates: [weekly("2025-06-01", 28000)],
        start: "2026-02-01",
        end: "2026-03-03",
        window: { from: "2026-01-01", to: "2026-04-01" },
        accommodation: acc({ brma: "Luton", inLondon: false, bedrooms: 3 }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 120000, subsidyPence: 73286, netPence: 46714 });
    });

    it("splits at a change of the household's charge, keeping the stay's anchor", () => {
      // leased 2-bed in London (cap 27000); council pays £300.00/wk throughout;
      // household charged £150.00/wk, then £400.00/wk from 15 Feb. Stay 8-22 Feb (14 nights), anchor 8 Feb.
      // 8th-14th: min(150, 270, 300) = £150/wk; W(7) - W(0) = 15000
      // 15th-21st: min(400, 270, 300) = £270/wk; W(14) - W(7) = 54000 - 27000 = 27000
      // gross = 14 × 30000 / 7 = 60000; subsidy 42000; net 18000
      const s = subsidyForStay({
        rates: [weekly("2026-01-01", 30000)],
        charges: [weekly("2026-01-01", 15000), weekly("2026-02-15", 40000)],
        start: "2026-02-08",
        end: "2026-02-22",
        window: feb,
        accommodation: acc({}),
        lha,
      });
      expect(s.segments.map((x) => [x.from, x.to, x.weeklySubsidyPence, x.subsidyPence])).toEqual([
        ["2026-02-08", "2026-02-15", 15000, 15000],
        ["2026-02-15", "2026-02-22", 27000, 27000],
      ]);
      expect(s).toMatchObject({ grossPence: 60000, subsidyPence: 42000, netPence: 18000 });
    });

    it("uses the council's cost as eligible rent on nights before any charge is recorded", () => {
      // council £70/night (£490/wk), charge recorded only from 4 Feb at £100/wk; stay 1-8 Feb, cap 27000
      // 1st-3rd: eligible £490 -> £270/wk: W(3) = 3 × 27000 / 7 = 11571.43 -> 11571
      // 4th-7th: £100/wk with the same anchor (1 Feb): W(7) - W(3) = 10000 - round(30000/7 = 4285.71) = 10000 - 4286 = 5714
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 7000)],
        charges: [weekly("2026-02-04", 10000)],
        start: "2026-02-01",
        end: "2026-02-08",
        window: feb,
        accommodation: acc({}),
        lha,
      });
      expect(s.segments.map((x) => [x.eligibleWeeklyRentPence, x.subsidyPence])).toEqual([
        [49000, 11571],
        [10000, 5714],
      ]);
      expect(s.subsidyPence).toBe(17285);
    });

    it("clamps the subsidy to the council's own cost", () => {
      // cheap hostel: council pays £20.00/night (£140.00/wk); household charged £180.00/wk;
      // min(180, 1-bed 250) = £180 > £140 -> subsidy limited to £140/wk; 7 nights gross 14000, subsidy 14000, net 0
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 2000)],
        charges: [weekly("2026-01-01", 18000)],
        start: "2026-02-01",
        end: "2026-02-08",
        window: feb,
        accommodation: acc({ selfContained: false }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 14000, subsidyPence: 14000, netPence: 0 });
      expect(s.segments[0]).toMatchObject({ eligibleWeeklyRentPence: 18000, weeklySubsidyPence: 14000, limitedToCouncilCost: true });
    });

    it("returns an unknown subsidy, not zero, when the BRMA has no LHA rate", () => {
      const s = subsidyForStay({
        rates: [nightly("2026-01-01", 7000)],
        start: "2026-02-01",
        end: "2026-02-08",
        window: feb,
        accommodation: acc({ brma: "Nowhere" }),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 49000, subsidyPence: null, netPence: null, reason: "No LHA rate for Nowhere" });
    });

    it("gives no subsidy for unpriced nights and reports them", () => {
      // rate starts 4 Feb; stay 1-8 Feb: 3 unpriced nights, 4 priced × 7000 = 28000;
      // subsidy 4 × 27000 / 7 = 15428.57 -> 15429
      const s = subsidyForStay({
        rates: [nightly("2026-02-04", 7000)],
        start: "2026-02-01",
        end: "2026-02-08",
        window: feb,
        accommodation: acc({}),
        lha,
      });
      expect(s).toMatchObject({ grossPence: 28000, subsidyPence: 15429, netPence: 12571 });
      expect(s.cost.unpricedNights).toBe(3);
    });

    it("net cost is gross minus subsidy, unknown when the subsidy is unknown", () => {
      expect(netCostPence(49000, 27000)).toBe(22000);
      expect(netCostPence(49000, null)).toBeNull();
    });
  });
});
