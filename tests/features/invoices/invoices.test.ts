import { describe, expect, it } from "vitest";
import {
  checkInvoice,
  totalsByProvider,
  toRanges,
  type BilledNight,
  type InvoiceCheckInput,
  type InvoiceLine,
  type InvoicePlacement,
  type InvoiceUnit,
  type LineCheck,
  type LineOutcome,
  type OutcomeKind,
} from "~/features/invoices/invoices";
import type { RatePeriod } from "~/features/money/money";
import { nightlyCosts } from "../../support/reference-money";
import { addDays } from "~/lib/dates";

/**
 * A unit whose nights are priced by the reference of the costing rules (the server prices
 * them with SQL's night_costs; tests/features/money/money.db.test.ts checks that path).
 */
function priced(unitRef: string, rates: RatePeriod[], extra: Partial<InvoiceUnit> = {}): InvoiceUnit {
  return {
    unitRef,
    price: (start, night) => nightlyCosts(rates, start, null, { from: night, to: addDays(night, 1) })[0]?.pence ?? null,
    ...extra,
  };
}

const nightly = (effectiveFrom: string, amountPence: number): RatePeriod => ({ effectiveFrom, amountPence, basis: "night" });
const weekly = (effectiveFrom: string, amountPence: number): RatePeriod => ({ effectiveFrom, amountPence, basis: "week" });

// U1: £70.00 a night in January, £75.00 from 1 February. U2: leased, £250.00 a week. U3: £60.00 a night, never placed.
const UNITS: InvoiceUnit[] = [
  priced("U1", [nightly("2026-01-01", 7000), nightly("2026-02-01", 7500)]),
  priced("U2", [weekly("2026-01-01", 25000)]),
  priced("U3", [nightly("2026-01-01", 6000)]),
];
// HH-001 in U1 from 5 Jan, checked out 25 Jan (last night 24 Jan). HH-010 in U2 since 1 Jan, still there.
const PLACEMENTS: InvoicePlacement[] = [
  { id: 1, unitRef: "U1", caseRef: "HH-001", start: "2026-01-05", end: "2026-01-25" },
  { id: 2, unitRef: "U2", caseRef: "HH-010", start: "2026-01-01", end: null },
];

let lineNo = 0;
function line(unitRef: string, from: string, to: string, amountPence: number, extra: Partial<InvoiceLine> = {}): InvoiceLine {
  lineNo += 1;
  return { lineNo, unitRef, from, to, amountPence, householdRef: null, ...extra };
}

function check(lines: InvoiceLine[], over: Partial<InvoiceCheckInput> = {}) {
  return checkInvoice({
    invoice: { invoiceRef: "INV-1", providerRef: "PRV-A", lines },
    units: UNITS,
    placements: PLACEMENTS,
    billedElsewhere: [],
    ...over,
  });
}

function outcome<K extends OutcomeKind>(l: LineCheck, kind: K, pred: (o: Extract<LineOutcome, { kind: K }>) => boolean = () => true) {
  const found = l.outcomes.filter(
    (o): o is Extract<LineOutcome, { kind: K }> => o.kind === kind && pred(o as Extract<LineOutcome, { kind: K }>),
  );
  expect(found, `${kind} outcomes on line ${l.line.lineNo}`).toHaveLength(1);
  return found[0];
}

function kinds(l: LineCheck) {
  return l.outcomes.map((o) => (o.kind === "void_billed" ? `void_billed:${o.reason}` : o.kind)).sort();
}

/** billed = accepted + over-billed + unverified, on every line. */
function expectReconciles(l: LineCheck) {
  const m = l.money;
  expect(m.acceptedPence + m.duplicatePence + m.voidPence + m.rateExcessPence + m.unverifiedPence, `line ${l.line.lineNo}`).toBe(
    m.billedPence,
  );
  expect(m.overBilledPence).toBe(m.duplicatePence + m.voidPence + m.rateExcessPence);
}

describe("checking an invoice line", () => {
  it("matches occupied nights billed at the agreed rate", () => {
    // 5-11 Jan: 7 nights × £70 = £490.00
    const r = check([line("U1", "2026-01-05", "2026-01-12", 49000, { householdRef: "HH-001" })]);
    const l = r.lines[0];
    expect(kinds(l)).toEqual(["matched"]);
    expect(outcome(l, "matched")).toMatchObject({ nights: 7, pence: 49000, ranges: [{ from: "2026-01-05", to: "2026-01-12", nights: 7 }] });
    expect(l.money).toMatchObject({ billedPence: 49000, acceptedPence: 49000, overBilledPence: 0, rateShortfallPence: 0 });
    expect(r.totals).toMatchObject({ overBilledPence: 0, underBilledPence: 0 });
    expect(r.unbilled).toEqual([]);
  });

  it("flags void nights after check-out on a line spanning the check-out", () => {
    // 20-29 Jan at £70 = £700.00; HH-001 left on 25 Jan: 20-24 occupied (5 × 7000 = 35000), 25-29 void (35000)
    const l = check([line("U1", "2026-01-20", "2026-01-30", 70000)]).lines[0];
    expect(kinds(l)).toEqual(["matched", "void_billed:after_checkout"]);
    expect(outcome(l, "matched")).toMatchObject({ nights: 5, pence: 35000 });
    expect(outcome(l, "void_billed")).toMatchObject({
      reason: "after_checkout",
      nights: 5,
      pence: 35000,
      ranges: [{ from: "2026-01-25", to: "2026-01-30", nights: 5 }],
    });
    expect(l.money).toMatchObject({ acceptedPence: 35000, voidPence: 35000, overBilledPence: 35000 });
    expectReconciles(l);
  });

  it("flags void nights before check-in and in a unit nobody was placed in", () => {
    // U1 1-6 Jan (6 × 7000 = 42000): 1-4 Jan before HH-001 arrived (4 nights, 28000), 5-6 Jan occupied (14000)
    const [before, empty] = check([
      line("U1", "2026-01-01", "2026-01-07", 42000),
      line("U3", "2026-01-01", "2026-01-04", 18000), // 3 × £60
    ]).lines;
    expect(outcome(before, "void_billed")).toMatchObject({ reason: "before_checkin", nights: 4, pence: 28000 });
    expect(outcome(before, "matched")).toMatchObject({ nights: 2, pence: 14000 });
    expect(kinds(empty)).toEqual(["void_billed:no_placement"]);
    expect(outcome(empty, "void_billed")).toMatchObject({ nights: 3, pence: 18000 });
    expectReconciles(before);
    expectReconciles(empty);
  });

  it("reports a rate above the agreed one as over-billing", () => {
    // 7 nights billed at £80 = 56000; agreed 7 × 7000 = 49000; excess 7000
    const l = check([line("U1", "2026-01-05", "2026-01-12", 56000)]).lines[0];
    expect(kinds(l)).toEqual(["rate_mismatch"]);
    expect(outcome(l, "rate_mismatch")).toMatchObject({
      nights: 7,
      billedPence: 56000,
      expectedPence: 49000,
      differencePence: 7000,
      pence: 7000,
    });
    expect(l.money).toMatchObject({ acceptedPence: 49000, rateExcessPence: 7000, overBilledPence: 7000, rateShortfallPence: 0 });
    expectReconciles(l);
  });

  it("reports a rate below the agreed one as under-billing", () => {
    // 7 nights billed at £65 = 45500; agreed 49000; shortfall 3500
    const r = check([line("U1", "2026-01-05", "2026-01-12", 45500)]);
    expect(outcome(r.lines[0], "rate_mismatch")).toMatchObject({ differencePence: -3500, expectedPence: 49000, billedPence: 45500 });
    expect(r.lines[0].money).toMatchObject({ acceptedPence: 45500, rateShortfallPence: 3500, overBilledPence: 0 });
    expect(r.totals).toMatchObject({ underBilledPence: 3500, rateShortfallPence: 3500, overBilledPence: 0 });
    expectReconciles(r.lines[0]);
  });

  it("accepts a difference within the tolerance", () => {
    const r = check([line("U1", "2026-01-05", "2026-01-12", 49001)], { tolerancePence: 1 });
    expect(kinds(r.lines[0])).toEqual(["matched"]);
    expect(r.lines[0].money.acceptedPence).toBe(49001);
    expect(kinds(check([line("U1", "2026-01-05", "2026-01-12", 49002)], { tolerancePence: 1 }).lines[0])).toEqual(["rate_mismatch"]);
  });

  it("prices a line spanning a rate change night by night", () => {
    // HH-003 in U1 from 28 Jan. 28-31 Jan: 4 × 7000 = 28000; 1-3 Feb: 3 × 7500 = 22500; agreed 50500
    const placements: InvoicePlacement[] = [{ id: 3, unitRef: "U1", caseRef: "HH-003", start: "2026-01-28", end: null }];
    const right = check([line("U1", "2026-01-28", "2026-02-04", 50500)], { placements }).lines[0];
    expect(kinds(right)).toEqual(["matched"]);
    // billed at the old rate for all 7 nights: 49000, 1500 short
    const old = check([line("U1", "2026-01-28", "2026-02-04", 49000)], { placements }).lines[0];
    expect(outcome(old, "rate_mismatch")).toMatchObject({ expectedPence: 50500, billedPence: 49000, differencePence: -1500 });
  });

  it("apportions an over-priced line spanning a rate change and a check-out by the agreed cost of each night", () => {
    // HH-004 in U1 20 Jan - 3 Feb. Line 29 Jan - 5 Feb (7 nights) billed 56100.
    // agreed: 29,30,31 Jan 3 × 7000 = 21000; 1,2 Feb 2 × 7500 = 15000 (occupied: 36000);
    //         3,4 Feb void 2 × 7500 = 15000; total 51000.
    // share of the first 5 nights = 56100 × 36000 / 51000 = 39600 exactly; void share = 56100 - 39600 = 16500.
    // occupied billed 39600 vs agreed 36000: excess 3600. Over-billed = 16500 + 3600 = 20100 = 56100 - 36000.
    const placements: InvoicePlacement[] = [{ id: 4, unitRef: "U1", caseRef: "HH-004", start: "2026-01-20", end: "2026-02-03" }];
    const l = check([line("U1", "2026-01-29", "2026-02-05", 56100)], { placements }).lines[0];
    expect(outcome(l, "void_billed")).toMatchObject({ reason: "after_checkout", nights: 2, pence: 16500 });
    expect(outcome(l, "rate_mismatch")).toMatchObject({ nights: 5, billedPence: 39600, expectedPence: 36000, differencePence: 3600 });
    expect(l.money).toMatchObject({ acceptedPence: 36000, voidPence: 16500, rateExcessPence: 3600, overBilledPence: 20100 });
    expectReconciles(l);
  });

  it("prices a weekly rate from the placement's start, not the line's", () => {
    // U2 £250/wk, HH-010 since 1 Jan. Line 4-6 Jan (3 nights) = nights 3..6 of the stay:
    // W(6) - W(3) = round(150000/7 = 21428.57) - round(75000/7 = 10714.29) = 21429 - 10714 = 10715
    // (anchored at the line it would be 10714)
    expect(kinds(check([line("U2", "2026-01-04", "2026-01-07", 10715)]).lines[0])).toEqual(["matched"]);
    expect(kinds(check([line("U2", "2026-01-04", "2026-01-07", 10714)]).lines[0])).toEqual(["rate_mismatch"]);
    // a whole week anywhere in the stay is exactly £250.00
    expect(kinds(check([line("U2", "2026-01-13", "2026-01-20", 25000)]).lines[0])).toEqual(["matched"]);
  });

  it("flags nights already billed on another invoice", () => {
    // 10 and 11 Jan were on INV-7 line 3. Line 5-11 Jan billed 49000: 2 nights duplicated (14000), 5 matched (35000)
    const billedElsewhere: BilledNight[] = [
      { unitRef: "U1", night: "2026-01-10", invoiceRef: "INV-7", lineNo: 3 },
      { unitRef: "U1", night: "2026-01-11", invoiceRef: "INV-7", lineNo: 3 },
      { unitRef: "U2", night: "2026-01-10", invoiceRef: "INV-7", lineNo: 4 }, // another unit: irrelevant
      { unitRef: "U1", night: "2026-01-06", invoiceRef: "INV-1", lineNo: 9 }, // this invoice itself: ignored
    ];
    const l = check([line("U1", "2026-01-05", "2026-01-12", 49000)], { billedElsewhere }).lines[0];
    expect(outcome(l, "billed_twice")).toMatchObject({
      nights: 2,
      pence: 14000,
      ranges: [{ from: "2026-01-10", to: "2026-01-12", nights: 2 }],
      alsoBilledOn: [{ invoiceRef: "INV-7", lineNo: 3, sameInvoice: false, nights: 2 }],
    });
    expect(outcome(l, "matched")).toMatchObject({ nights: 5, pence: 35000 });
    expect(l.money).toMatchObject({ duplicatePence: 14000, acceptedPence: 35000, overBilledPence: 14000 });
    expectReconciles(l);
  });

  it("flags nights billed twice within one invoice on the later line", () => {
    // line 2 (5-11 Jan, 49000) and line 3 (10-14 Jan, 5 × 7000 = 35000), given in reverse order:
    // line 3 repeats 10-11 Jan (14000) and is matched for 12-14 Jan (21000)
    const first = line("U1", "2026-01-05", "2026-01-12", 49000);
    const second = line("U1", "2026-01-10", "2026-01-15", 35000);
    const r = check([second, first]);
    const [l2, l1] = r.lines;
    expect(l2.line).toBe(second);
    expect(kinds(l1)).toEqual(["matched"]);
    expect(outcome(l2, "billed_twice")).toMatchObject({
      nights: 2,
      pence: 14000,
      alsoBilledOn: [{ invoiceRef: "INV-1", lineNo: first.lineNo, sameInvoice: true, nights: 2 }],
    });
    expect(outcome(l2, "matched")).toMatchObject({ nights: 3, pence: 21000 });
    expect(r.totals).toMatchObject({ billedPence: 84000, duplicatePence: 14000, acceptedPence: 70000 });
  });

  it("counts a night that is both duplicated and void once, as a duplicate", () => {
    // 20-29 Jan (70000): 26 Jan was on INV-7 -> billed_twice 1 night (7000);
    // void after check-out 25, 27, 28, 29 Jan = 4 nights (28000); matched 20-24 Jan (35000)
    const billedElsewhere: BilledNight[] = [{ unitRef: "U1", night: "2026-01-26", invoiceRef: "INV-7", lineNo: 1 }];
    const l = check([line("U1", "2026-01-20", "2026-01-30", 70000)], { billedElsewhere }).lines[0];
    expect(outcome(l, "billed_twice")).toMatchObject({ nights: 1, pence: 7000 });
    expect(outcome(l, "void_billed")).toMatchObject({
      nights: 4,
      pence: 28000,
      ranges: [
        { from: "2026-01-25", to: "2026-01-26", nights: 1 },
        { from: "2026-01-27", to: "2026-01-30", nights: 3 },
      ],
    });
    expect(l.money.overBilledPence).toBe(35000);
    expectReconciles(l);
  });

  it("leaves a line for an unknown unit unmatched", () => {
    const l = check([line("ZZ-9", "2026-01-05", "2026-01-08", 21000)]).lines[0];
    expect(l.outcomes).toEqual([
      {
        kind: "unmatched",
        reason: "No unit with reference ZZ-9",
        nights: 3,
        pence: 21000,
        ranges: [{ from: "2026-01-05", to: "2026-01-08", nights: 3 }],
      },
    ]);
    expect(l.money).toMatchObject({ unverifiedPence: 21000, acceptedPence: 0, overBilledPence: 0 });
  });

  it("flags a line naming a household other than the one placed, without changing the money", () => {
    const l = check([line("U1", "2026-01-05", "2026-01-12", 49000, { householdRef: "HH-002" })]).lines[0];
    expect(outcome(l, "household_mismatch")).toMatchObject({
      billedHouseholdRef: "HH-002",
      placedCaseRefs: ["HH-001"],
      nights: 7,
      pence: 49000,
    });
    expect(outcome(l, "matched")).toMatchObject({ pence: 49000 });
    expect(l.money).toMatchObject({ acceptedPence: 49000, overBilledPence: 0 });
    // references are compared without case or surrounding spaces
    expect(kinds(check([line("U1", "2026-01-05", "2026-01-12", 49000, { householdRef: " hh-001 " })]).lines[0])).toEqual(["matched"]);
  });

  it("cannot verify occupied nights with no agreed rate, and then spreads the amount evenly", () => {
    // U4 has a rate only from 3 Jan; HH-020 there from 1 Jan. Line 1-4 Jan (4 nights) billed 20000 -> 5000 a night.
    // 1-2 Jan: no rate (10000, unverified); 3-4 Jan agreed 2 × 5000 = 10000: matched.
    const units = [...UNITS, priced("U4", [nightly("2026-01-03", 5000)])];
    const placements = [...PLACEMENTS, { id: 20, unitRef: "U4", caseRef: "HH-020", start: "2026-01-01", end: null }];
    const l = check([line("U4", "2026-01-01", "2026-01-05", 20000)], { units, placements }).lines[0];
    expect(outcome(l, "no_rate")).toMatchObject({ nights: 2, pence: 10000 });
    expect(outcome(l, "matched")).toMatchObject({ nights: 2, pence: 10000 });
    expect(l.money).toMatchObject({ unverifiedPence: 10000, acceptedPence: 10000 });
    expectReconciles(l);
  });

  it("marks malformed lines invalid", () => {
    const r = check([
      line("U1", "2026-01-12", "2026-01-05", 1000),
      line("U1", "2026-01-05", "2026-01-06", -7000),
      line("U1", "2026-02-30", "2026-03-02", 7000),
    ]);
    expect(r.lines.map((l) => kinds(l))).toEqual([["invalid"], ["invalid"], ["invalid"]]);
    expect(r.period).toBeNull();
    expect(r.totals).toMatchObject({ billedPence: 1000 - 7000 + 7000, unverifiedPence: 1000 });
  });
});

describe("checking a whole invoice", () => {
  it("finds occupied nights in the invoice's period that no line billed", () => {
    // lines 5-11 Jan and 15-24 Jan; period [5 Jan, 25 Jan); 12-14 Jan unbilled: 3 × 7000 = 21000
    const r = check([line("U1", "2026-01-05", "2026-01-12", 49000), line("U1", "2026-01-15", "2026-01-25", 70000)]);
    expect(r.period).toEqual({ from: "2026-01-05", to: "2026-01-25" });
    expect(r.unbilled).toEqual([
      {
        unitRef: "U1",
        placementId: 1,
        caseRef: "HH-001",
        from: "2026-01-12",
        to: "2026-01-15",
        nights: 3,
        pence: 21000,
        unpricedNights: 0,
      },
    ]);
    expect(r.totals).toMatchObject({ unbilledPence: 21000, unbilledNights: 3, underBilledPence: 21000 });
    // a night billed on another invoice is not unbilled: 14 Jan on INV-7 leaves 12-13 Jan (14000)
    const r2 = check([line("U1", "2026-01-05", "2026-01-12", 49000), line("U1", "2026-01-15", "2026-01-25", 70000)], {
      billedElsewhere: [{ unitRef: "U1", night: "2026-01-14", invoiceRef: "INV-7", lineNo: 1 }],
    });
    expect(r2.unbilled.map((u) => [u.from, u.to, u.pence])).toEqual([["2026-01-12", "2026-01-14", 14000]]);
  });

  it("adds up: accepted + over-billed + unverified = billed, per line and per invoice", () => {
    const lines = [
      line("U1", "2026-01-05", "2026-01-12", 49000), // matched 49000
      line("U1", "2026-01-20", "2026-01-30", 70000), // matched 35000, void 35000
      line("U1", "2026-01-10", "2026-01-12", 14000), // billed twice (with the first line) 14000
      line("ZZ-9", "2026-01-05", "2026-01-08", 21000), // unmatched 21000
      line("U3", "2026-01-05", "2026-01-08", 18000), // void, never placed: 3 × 6000 = 18000
    ];
    const r = check(lines);
    for (const l of r.lines) expectReconciles(l);
    // billed 49000 + 70000 + 14000 + 21000 + 18000 = 172000
    // accepted 49000 + 35000 = 84000; duplicate 14000; void 35000 + 18000 = 53000; over 67000; unverified 21000
    // 84000 + 67000 + 21000 = 172000
    // period [5 Jan, 30 Jan): HH-001's 12-19 Jan not billed: 8 × 7000 = 56000
    expect(r.totals).toEqual({
      billedPence: 172000,
      acceptedPence: 84000,
      voidPaidPence: 0,
      voidPaidNights: 0,
      futurePence: 0,
      futureNights: 0,
      duplicatePence: 14000,
      voidPence: 53000,
      rateExcessPence: 0,
      overBilledPence: 67000,
      rateShortfallPence: 0,
      unbilledPence: 56000,
      unbilledNights: 8,
      unbilledUnpricedNights: 0,
      underBilledPence: 56000,
      unverifiedPence: 21000,
    });
  });

  it("owes the empty nights of a unit paid for every night, in its span of use, at the agreed rate (void cost, not over-billing)", () => {
    // U3 leased: paid every night from 3 Jan to 20 Jan (retired). Billed 1-24 Jan at £60: 3-19 Jan (17 nights) owed;
    // 1-2 Jan and 20-23 Jan (6 nights) outside its span of use: void billed.
    const units = UNITS.map((u) => (u.unitRef === "U3" ? { ...u, paidEveryNight: { from: "2026-01-03", to: "2026-01-20" } } : u));
    const r = check([line("U3", "2026-01-01", "2026-01-24", 23 * 6000)], { units });
    const l = r.lines[0];
    expectReconciles(l);
    expect(outcome(l, "void_paid")).toMatchObject({ nights: 17, billedPence: 102000, expectedPence: 102000, differencePence: 0 });
    expect(l.money).toMatchObject({
      acceptedPence: 102000,
      voidPaidPence: 102000,
      voidPaidNights: 17,
      voidPence: 36000,
      overBilledPence: 36000,
    });
    // Billed £1 a night above the rate on the owed nights: the excess is over-billing, the agreed part accepted.
    const r2 = check([line("U3", "2026-01-03", "2026-01-20", 17 * 6100)], { units });
    expectReconciles(r2.lines[0]);
    expect(r2.lines[0].money).toMatchObject({ acceptedPence: 102000, rateExcessPence: 1700, voidPaidPence: 103700 });
    // A weekly leased unit's empty nights are priced in whole weeks from its first night in use (as void_pieces prices them).
    const u2 = UNITS.map((u) => (u.unitRef === "U2" ? { ...u, paidEveryNight: { from: "2025-12-29", to: null } } : u));
    const r3 = check([line("U2", "2026-02-01", "2026-02-04", 10714)], { units: u2, placements: [] });
    // anchor 1 Jan (the rate's start, after 29 Dec): nights 31..33 from it: round(34 × 25000 / 7) - round(31 × 25000 / 7) = 121429 - 110714
    expect(outcome(r3.lines[0], "void_paid")).toMatchObject({ nights: 3, expectedPence: 10715, differencePence: -1 });
  });

  it("flags nights after the invoice's date or today and does not accept them", () => {
    // HH-001 in U1 5-24 Jan; billed 5-24 Jan at £70, but the invoice is dated 20 Jan: 21-24 Jan (4 nights) not yet passed.
    const r = check([line("U1", "2026-01-05", "2026-01-25", 20 * 7000)], { notAfter: "2026-01-20" });
    const l = r.lines[0];
    expectReconciles(l);
    expect(outcome(l, "future_nights")).toMatchObject({ nights: 4, pence: 28000, notAfter: "2026-01-20" });
    expect(outcome(l, "future_nights").ranges).toEqual([{ from: "2026-01-21", to: "2026-01-25", nights: 4 }]);
    expect(l.money).toMatchObject({ acceptedPence: 16 * 7000, futurePence: 28000, futureNights: 4, unverifiedPence: 28000 });
    expect(r.totals).toMatchObject({ futurePence: 28000, futureNights: 4 });
    // Without the date, the same line is matched whole.
    expect(check([line("U1", "2026-01-05", "2026-01-25", 20 * 7000)]).lines[0].money.acceptedPence).toBe(140000);
  });

  it("totals per provider over several invoices", () => {
    const a1 = check([
      line("U1", "2026-01-05", "2026-01-12", 49000), // matched
      line("U3", "2026-01-05", "2026-01-08", 18000), // void 18000
    ]);
    // 12-14 Jan billed at £80: 24000 vs 3 × 7000 = 21000, excess 3000
    const a2 = checkInvoice({
      invoice: { invoiceRef: "INV-2", providerRef: "PRV-A", lines: [line("U1", "2026-01-12", "2026-01-15", 24000)] },
      units: UNITS,
      placements: PLACEMENTS,
      billedElsewhere: [],
    });
    const b1 = checkInvoice({
      invoice: { invoiceRef: "INV-3", providerRef: "PRV-B", lines: [line("U3", "2026-01-01", "2026-01-02", 6000)] },
      units: UNITS,
      placements: PLACEMENTS,
      billedElsewhere: [],
    });
    const totals = totalsByProvider([a1, b1, a2]);
    expect(totals.map((t) => t.providerRef)).toEqual(["PRV-A", "PRV-B"]);
    // PRV-A: billed 49000 + 18000 + 24000 = 91000; accepted 49000 + 21000 = 70000; void 18000; excess 3000
    expect(totals[0]).toMatchObject({
      invoices: 2,
      billedPence: 91000,
      acceptedPence: 70000,
      voidPence: 18000,
      rateExcessPence: 3000,
      overBilledPence: 21000,
      underBilledPence: 0,
    });
    expect(totals[1]).toMatchObject({ invoices: 1, billedPence: 6000, voidPence: 6000, overBilledPence: 6000, acceptedPence: 0 });
  });
});

describe("night ranges", () => {
  it("groups consecutive nights", () => {
    expect(toRanges(["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-03"])).toEqual([
      { from: "2026-01-30", to: "2026-02-02", nights: 3 },
      { from: "2026-02-03", to: "2026-02-04", nights: 1 },
    ]);
  });
});
