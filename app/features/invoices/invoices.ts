/**
 * Checking a provider's invoice against the nights actually occupied. Pure: the caller
 * loads the invoice, the placements of the units on it, the agreed cost of their nights
 * (priced by SQL's night_costs, the one home of the costing rules) and the nights already
 * billed on other invoices.
 *
 * PRECEDENCE (each billed night lands in exactly one money bucket):
 *   1. billed_twice - the night (same unit) is also on another invoice, or on an earlier
 *      line (lower lineNo) of this invoice. The other bill is taken as the original.
 *   1b. future_nights - the night is after the invoice's date or after today (input
 *      `notAfter`, the earlier of the two): nobody can yet say it was occupied, so it is
 *      flagged and not accepted (unverified).
 *   2. void_paid    - nobody is placed, but the unit is paid for every night (a lease or
 *      block booking, input `paidEveryNight`) and the night is in its span of use: the
 *      council owes it; compared with the agreed cost like an occupied night (matched,
 *      or excess / shortfall), and shown apart as void cost.
 *      void_billed  - nobody is placed in the unit that night ("after_checkout" when a
 *      placement of the unit ended on or before the night, else "before_checkin" when one
 *      starts later, else "no_placement").
 *   3. no_rate      - occupied, but no agreed rate in force: cannot be checked (unverified).
 *   4. occupied and priced: the billed share of these nights is compared, in total per
 *      line, with their agreed cost -> matched, or rate_mismatch (excess = over-billing,
 *      shortfall = under-billing).
 * household_mismatch is a flag over occupied nights, not a money bucket.
 * A line whose unit is unknown is `unmatched` as a whole; a malformed line is `invalid`.
 *
 * APPORTIONING a line's amount to its nights (needed to price the buckets): in proportion
 * to the agreed cost of each night (so a line billed at exactly the agreed rates puts each
 * night's agreed cost in its bucket), with cumulative half-up rounding so the shares add up
 * to the line's amount exactly:  share(first k nights) = round_half_up(B * cumCost_k / totalCost).
 * If any night of the line has no agreed rate, or the agreed total is 0, the amount is
 * spread evenly per night instead: round_half_up(B * k / N).
 * The agreed cost of an occupied night is priced within its placement (anchor at the
 * placement start, see segment_pence in db/definitions/money.ts); a void night of a unit paid every night as void_pieces
 * prices it (anchor at its first night in use, db/definitions/void-cost.ts); any other
 * unoccupied night as if the line were a stay.
 *
 * RECONCILIATION per line and per invoice:
 *   billed = accepted + over-billed (duplicate + void + rate excess) + unverified
 * where accepted = matched pence + the agreed part of rate-mismatched nights, and
 * unverified = unmatched + no_rate + invalid. Under-billing (rate shortfall + unbilled
 * nights at the agreed rate) is money the provider could still claim; it is not in `billed`.
 */
import { addDays, eachNight, isIsoDate, maxDate, minDate, type IsoDate } from "~/lib/dates";
import { clip, mulDivRoundHalfUp, type NightRange } from "~/features/money/money";

export interface InvoiceLine {
  lineNo: number;
  unitRef: string;
  householdRef?: string | null;
  /** Nights [from, to): `to` is exclusive (the check-out date). */
  from: IsoDate;
  to: IsoDate;
  amountPence: number;
}

export interface Invoice {
  invoiceRef: string;
  providerRef: string;
  lines: readonly InvoiceLine[];
}

export interface InvoicePlacement {
  id: string | number;
  unitRef: string;
  caseRef: string;
  start: IsoDate;
  end: IsoDate | null;
}

/**
 * The agreed cost of `night` in a stay of the unit that started on `start` (a weekly rate's
 * rounding runs from there); null when no rate is in force that night.
 */
export type NightPrice = (start: IsoDate, night: IsoDate) => number | null;

export interface InvoiceUnit {
  unitRef: string;
  price: NightPrice;
  /** Set when the unit is paid for every night: its span of use [from, to) (null: open). */
  paidEveryNight?: { from: IsoDate | null; to: IsoDate | null } | null;
}

/** One night of a unit billed on another invoice. */
export interface BilledNight {
  unitRef: string;
  night: IsoDate;
  invoiceRef: string;
  lineNo: number;
}

export interface InvoiceCheckInput {
  invoice: Invoice;
  /** The units on the invoice that the council knows, with the agreed cost of their nights. */
  units: readonly InvoiceUnit[];
  /** Placements in those units (any that overlap the invoice period). */
  placements: readonly InvoicePlacement[];
  /** Nights of those units billed on OTHER invoices (entries for this invoiceRef are ignored). */
  billedElsewhere: readonly BilledNight[];
  /** A line whose occupied nights differ from the agreed cost by at most this is matched. Default 0. */
  tolerancePence?: number;
  /** The last night that may be billed: the earlier of the invoice's date and today. Later nights are future_nights. */
  notAfter?: IsoDate;
}

export type VoidReason = "after_checkout" | "before_checkin" | "no_placement";

interface OutcomeBase {
  nights: number;
  pence: number;
  ranges: NightRange[];
}

export interface OtherBill {
  invoiceRef: string;
  lineNo: number;
  sameInvoice: boolean;
  /** Nights of this line also on that invoice line. */
  nights: number;
}

export type LineOutcome =
  /** Occupied nights billed at the agreed cost; pence = billed share. */
  | ({ kind: "matched" } & OutcomeBase)
  /** Occupied nights billed at another amount; pence = differencePence (billed - expected, signed). */
  | ({ kind: "rate_mismatch"; billedPence: number; expectedPence: number; differencePence: number } & OutcomeBase)
  /** Nights billed with nobody placed; pence = billed share. */
  | ({ kind: "void_billed"; reason: VoidReason } & OutcomeBase)
  /** Nights of a unit paid for every night with nobody placed (owed); pence = billed share. */
  | ({ kind: "void_paid"; billedPence: number; expectedPence: number; differencePence: number } & OutcomeBase)
  /** Nights after the invoice's date or today: flagged, not accepted; pence = billed share. */
  | ({ kind: "future_nights"; notAfter: IsoDate } & OutcomeBase)
  /** Nights billed already; pence = billed share. */
  | ({ kind: "billed_twice"; alsoBilledOn: OtherBill[] } & OutcomeBase)
  /** Unit unknown: the whole line. */
  | ({ kind: "unmatched"; reason: string } & OutcomeBase)
  /** Occupied nights without an agreed rate; pence = billed share (unverified). */
  | ({ kind: "no_rate" } & OutcomeBase)
  /** Flag: occupied nights where the placed household is not the one on the line; pence = billed share. */
  | ({ kind: "household_mismatch"; billedHouseholdRef: string; placedCaseRefs: string[] } & OutcomeBase)
  /** Malformed line (dates, negative or fractional amount): the whole line, unverified. */
  | ({ kind: "invalid"; reason: string } & OutcomeBase);

export type OutcomeKind = LineOutcome["kind"];

export interface LineMoney {
  billedPence: number;
  acceptedPence: number;
  /** Billed for void nights of units paid every night (owed: in accepted as far as it matches the agreed cost). */
  voidPaidPence: number;
  voidPaidNights: number;
  /** Billed for nights after the invoice's date or today (in unverified). */
  futurePence: number;
  futureNights: number;
  duplicatePence: number;
  voidPence: number;
  rateExcessPence: number;
  overBilledPence: number;
  rateShortfallPence: number;
  unverifiedPence: number;
}

export interface LineCheck {
  line: InvoiceLine;
  nights: number;
  outcomes: LineOutcome[];
  money: LineMoney;
}

export interface UnbilledRun extends NightRange {
  unitRef: string;
  placementId: string | number;
  caseRef: string;
  /** Agreed cost of the priced nights of the run. */
  pence: number;
  unpricedNights: number;
}

export interface CheckTotals {
  billedPence: number;
  acceptedPence: number;
  voidPaidPence: number;
  voidPaidNights: number;
  futurePence: number;
  futureNights: number;
  duplicatePence: number;
  voidPence: number;
  rateExcessPence: number;
  /** duplicate + void + rate excess */
  overBilledPence: number;
  rateShortfallPence: number;
  unbilledPence: number;
  unbilledNights: number;
  unbilledUnpricedNights: number;
  /** rate shortfall + unbilled */
  underBilledPence: number;
  /** unmatched + no_rate + invalid lines */
  unverifiedPence: number;
}

export interface InvoiceCheck {
  invoiceRef: string;
  providerRef: string;
  /** [min from, max to) over the valid lines; null when there are none. */
  period: { from: IsoDate; to: IsoDate } | null;
  lines: LineCheck[];
  unbilled: UnbilledRun[];
  totals: CheckTotals;
}

export interface ProviderTotals extends CheckTotals {
  providerRef: string;
  invoices: number;
}

/* ------------------------------------------------------------------ helpers */

const key = (unitRef: string, night: IsoDate) => `${unitRef}\u0000${night}`;
const sameRef = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/** The agreed cost of each night of the stay [start, end) inside the window. */
function nightCosts(unit: InvoiceUnit, start: IsoDate, end: IsoDate | null, window: { from: IsoDate; to: IsoDate }) {
  const span = clip(start, end, window);
  return span ? eachNight(span.from, span.to).map((night) => ({ night, pence: unit.price(start, night) })) : [];
}

/** Groups sorted nights into consecutive runs [from, to). */
export function toRanges(nights: readonly IsoDate[]): NightRange[] {
  const out: NightRange[] = [];
  for (const n of nights) {
    const last = out[out.length - 1];
    if (last && last.to === n) {
      last.to = addDays(n, 1);
      last.nights += 1;
    } else out.push({ from: n, to: addDays(n, 1), nights: 1 });
  }
  return out;
}

function lineProblem(line: InvoiceLine): string | null {
  if (!isIsoDate(line.from) || !isIsoDate(line.to)) return "The line's dates are not real dates";
  if (line.to <= line.from) return "The line's end date must be after its start date";
  if (!Number.isSafeInteger(line.amountPence)) return "The line's amount is not a whole number of pence";
  if (line.amountPence < 0) return "Credit lines (negative amounts) are not checked";
  return null;
}

function emptyMoney(billedPence: number): LineMoney {
  return {
    billedPence,
    acceptedPence: 0,
    voidPaidPence: 0,
    voidPaidNights: 0,
    futurePence: 0,
    futureNights: 0,
    duplicatePence: 0,
    voidPence: 0,
    rateExcessPence: 0,
    overBilledPence: 0,
    rateShortfallPence: 0,
    unverifiedPence: 0,
  };
}

function occupantsOn(placements: readonly InvoicePlacement[], night: IsoDate): InvoicePlacement[] {
  return placements.filter((p) => p.start <= night && (p.end === null || night < p.end));
}

function voidReason(placements: readonly InvoicePlacement[], night: IsoDate): VoidReason {
  if (placements.some((p) => p.end !== null && p.end <= night)) return "after_checkout";
  if (placements.some((p) => p.start > night)) return "before_checkin";
  return "no_placement";
}

/** Shares of `amount` over items weighted by `weights` (all >= 0, sum > 0), adding up exactly. */
function apportion(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const shares: number[] = [];
  let cum = 0,
    prev = 0;
  for (const w of weights) {
    cum += w;
    const upTo = mulDivRoundHalfUp(amount, cum, total);
    shares.push(upTo - prev);
    prev = upTo;
  }
  return shares;
}

/* --------------------------------------------------------------- the check */

type NightClass =
  | { kind: "billed_twice"; others: Array<{ invoiceRef: string; lineNo: number; sameInvoice: boolean }> }
  | { kind: "future" }
  | { kind: "void_paid" }
  | { kind: "void_billed"; reason: VoidReason }
  | { kind: "no_rate" }
  | { kind: "occupied" };

export function checkInvoice(input: InvoiceCheckInput): InvoiceCheck {
  const { invoice } = input;
  const tolerance = input.tolerancePence ?? 0;
  const unitByRef = new Map(input.units.map((u) => [u.unitRef, u]));
  const placementsByUnit = new Map<string, InvoicePlacement[]>();
  for (const p of input.placements) {
    const list = placementsByUnit.get(p.unitRef) ?? [];
    list.push(p);
    placementsByUnit.set(p.unitRef, list);
  }
  const elsewhere = new Map<string, BilledNight[]>();
  for (const b of input.billedElsewhere) {
    if (b.invoiceRef === invoice.invoiceRef) continue;
    const k = key(b.unitRef, b.night);
    const list = elsewhere.get(k) ?? [];
    list.push(b);
    elsewhere.set(k, list);
  }
  // nights billed on this invoice so far (earlier lines), for within-invoice duplicates
  const billedHere = new Map<string, number[]>();

  const ordered = invoice.lines.map((line, index) => ({ line, index })).sort((a, b) => a.line.lineNo - b.line.lineNo || a.index - b.index);
  const checks: Array<{ index: number; check: LineCheck }> = [];
  let periodFrom: IsoDate | null = null,
    periodTo: IsoDate | null = null;

  for (const { line, index } of ordered) {
    const problem = lineProblem(line);
    if (problem) {
      const billed = Number.isSafeInteger(line.amountPence) ? line.amountPence : 0;
      const nights = isIsoDate(line.from) && isIsoDate(line.to) && line.from < line.to ? eachNight(line.from, line.to).length : 0;
      checks.push({
        index,
        check: {
          line,
          nights,
          outcomes: [{ kind: "invalid", reason: problem, nights, pence: billed, ranges: [] }],
          money: { ...emptyMoney(billed), unverifiedPence: billed },
        },
      });
      continue;
    }
    periodFrom = periodFrom === null ? line.from : minDate(periodFrom, line.from);
    periodTo = periodTo === null ? line.to : maxDate(periodTo, line.to);
    const nights = eachNight(line.from, line.to);
    const unit = unitByRef.get(line.unitRef);
    if (!unit) {
      checks.push({
        index,
        check: {
          line,
          nights: nights.length,
          outcomes: [
            {
              kind: "unmatched",
              reason: `No unit with reference ${line.unitRef}`,
              nights: nights.length,
              pence: line.amountPence,
              ranges: toRanges(nights),
            },
          ],
          money: { ...emptyMoney(line.amountPence), unverifiedPence: line.amountPence },
        },
      });
      continue;
    }
    checks.push({
      index,
      check: checkLine(
        line,
        nights,
        unit,
        placementsByUnit.get(unit.unitRef) ?? [],
        elsewhere,
        billedHere,
        invoice.invoiceRef,
        tolerance,
        input.notAfter ?? null,
      ),
    });
    for (const n of nights) {
      const k = key(line.unitRef, n);
      const list = billedHere.get(k) ?? [];
      list.push(line.lineNo);
      billedHere.set(k, list);
    }
  }

  const lines = checks.sort((a, b) => a.index - b.index).map((c) => c.check);
  const period = periodFrom !== null && periodTo !== null ? { from: periodFrom, to: periodTo } : null;
  const unbilled = period ? findUnbilled(period, lines, unitByRef, placementsByUnit, elsewhere) : [];
  return { invoiceRef: invoice.invoiceRef, providerRef: invoice.providerRef, period, lines, unbilled, totals: totalsOf(lines, unbilled) };
}

function checkLine(
  line: InvoiceLine,
  nights: IsoDate[],
  unit: InvoiceUnit,
  placements: readonly InvoicePlacement[],
  elsewhere: ReadonlyMap<string, BilledNight[]>,
  billedHere: ReadonlyMap<string, number[]>,
  invoiceRef: string,
  tolerance: number,
  notAfter: IsoDate | null,
): LineCheck {
  const window = { from: line.from, to: line.to };
  // agreed cost of each night: within its placement, or within the line if unoccupied
  const lineCost = new Map(nightCosts(unit, line.from, line.to, window).map((c) => [c.night, c.pence]));
  // a unit paid every night: its empty nights in use, priced from its first night in use
  const paid = unit.paidEveryNight ?? null;
  const paidCost = paid
    ? new Map(nightCosts(unit, paid.from ?? "0001-01-01", paid.to, window).map((c) => [c.night, c.pence]))
    : new Map<IsoDate, number | null>();
  const placementCost = new Map<InvoicePlacement, Map<IsoDate, number | null>>();
  for (const p of placements) {
    if (p.start < line.to && (p.end === null || p.end > line.from)) {
      placementCost.set(p, new Map(nightCosts(unit, p.start, p.end, window).map((c) => [c.night, c.pence])));
    }
  }

  const classes: NightClass[] = [];
  const costs: Array<number | null> = [];
  for (const n of nights) {
    const occupants = occupantsOn(placements, n);
    const first = occupants[0];
    const paidVoid = !first && paidCost.has(n);
    const cost = first ? (placementCost.get(first)?.get(n) ?? null) : paidVoid ? (paidCost.get(n) ?? null) : (lineCost.get(n) ?? null);
    costs.push(cost);
    const others = [
      ...(elsewhere.get(key(line.unitRef, n)) ?? []).map((b) => ({ invoiceRef: b.invoiceRef, lineNo: b.lineNo, sameInvoice: false })),
      ...(billedHere.get(key(line.unitRef, n)) ?? []).map((lineNo) => ({ invoiceRef, lineNo, sameInvoice: true })),
    ];
    if (others.length > 0) classes.push({ kind: "billed_twice", others });
    else if (notAfter !== null && n > notAfter) classes.push({ kind: "future" });
    else if (paidVoid) classes.push(cost === null ? { kind: "no_rate" } : { kind: "void_paid" });
    else if (!first) classes.push({ kind: "void_billed", reason: voidReason(placements, n) });
    else if (cost === null) classes.push({ kind: "no_rate" });
    else classes.push({ kind: "occupied" });
  }

  const allPriced = costs.every((c): c is number => c !== null);
  const weights = allPriced && costs.reduce<number>((a, c) => a + (c ?? 0), 0) > 0 ? (costs as number[]) : nights.map(() => 1);
  const shares = apportion(line.amountPence, weights);

  const outcomes: LineOutcome[] = [];
  const money = emptyMoney(line.amountPence);
  const pick = (test: (c: NightClass, i: number) => boolean) => {
    const idx = classes.map((c, i) => (test(c, i) ? i : -1)).filter((i) => i >= 0);
    return {
      idx,
      nights: idx.map((i) => nights[i]),
      pence: idx.reduce((s, i) => s + shares[i], 0),
    };
  };

  // 1. billed twice
  const dup = pick((c) => c.kind === "billed_twice");
  if (dup.idx.length > 0) {
    const byOther = new Map<string, OtherBill>();
    for (const i of dup.idx) {
      const c = classes[i];
      if (c.kind !== "billed_twice") continue;
      for (const o of c.others) {
        const k = `${o.invoiceRef}\u0000${o.lineNo}\u0000${o.sameInvoice}`;
        const found = byOther.get(k);
        if (found) found.nights += 1;
        else byOther.set(k, { ...o, nights: 1 });
      }
    }
    outcomes.push({
      kind: "billed_twice",
      nights: dup.idx.length,
      pence: dup.pence,
      ranges: toRanges(dup.nights),
      alsoBilledOn: [...byOther.values()],
    });
    money.duplicatePence = dup.pence;
  }
  // 1b. nights not yet passed when billed
  const future = pick((c) => c.kind === "future");
  if (future.idx.length > 0 && notAfter !== null) {
    outcomes.push({ kind: "future_nights", notAfter, nights: future.idx.length, pence: future.pence, ranges: toRanges(future.nights) });
    money.futurePence = future.pence;
    money.futureNights = future.idx.length;
    money.unverifiedPence += future.pence;
  }
  // 2. void nights of a unit paid every night: owed, checked against the agreed cost
  const vp = pick((c) => c.kind === "void_paid");
  if (vp.idx.length > 0) {
    const expected = vp.idx.reduce((s, i) => s + (costs[i] ?? 0), 0);
    const diff = Math.abs(vp.pence - expected) <= tolerance ? 0 : vp.pence - expected;
    outcomes.push({
      kind: "void_paid",
      nights: vp.idx.length,
      pence: vp.pence,
      ranges: toRanges(vp.nights),
      billedPence: vp.pence,
      expectedPence: expected,
      differencePence: diff,
    });
    money.voidPaidPence = vp.pence;
    money.voidPaidNights = vp.idx.length;
    money.acceptedPence += diff === 0 ? vp.pence : Math.min(vp.pence, expected);
    if (diff > 0) money.rateExcessPence += diff;
    else if (diff < 0) money.rateShortfallPence += -diff;
  }
  // 2. void, one outcome per reason
  for (const reason of ["after_checkout", "before_checkin", "no_placement"] as const) {
    const v = pick((c) => c.kind === "void_billed" && c.reason === reason);
    if (v.idx.length === 0) continue;
    outcomes.push({ kind: "void_billed", reason, nights: v.idx.length, pence: v.pence, ranges: toRanges(v.nights) });
    money.voidPence += v.pence;
  }
  // 3. occupied without an agreed rate
  const noRate = pick((c) => c.kind === "no_rate");
  if (noRate.idx.length > 0) {
    outcomes.push({ kind: "no_rate", nights: noRate.idx.length, pence: noRate.pence, ranges: toRanges(noRate.nights) });
    money.unverifiedPence += noRate.pence;
  }
  // 4. occupied and priced
  const occ = pick((c) => c.kind === "occupied");
  if (occ.idx.length > 0) {
    const expected = occ.idx.reduce((s, i) => s + (costs[i] ?? 0), 0);
    const diff = occ.pence - expected;
    if (Math.abs(diff) <= tolerance) {
      outcomes.push({ kind: "matched", nights: occ.idx.length, pence: occ.pence, ranges: toRanges(occ.nights) });
      money.acceptedPence += occ.pence;
    } else {
      outcomes.push({
        kind: "rate_mismatch",
        nights: occ.idx.length,
        pence: diff,
        ranges: toRanges(occ.nights),
        billedPence: occ.pence,
        expectedPence: expected,
        differencePence: diff,
      });
      money.acceptedPence += Math.min(occ.pence, expected);
      if (diff > 0) money.rateExcessPence += diff;
      else money.rateShortfallPence += -diff;
    }
  }
  // flag: someone else placed
  const billedHousehold = line.householdRef?.trim();
  if (billedHousehold) {
    const hm = pick((_c, i) => {
      const occupants = occupantsOn(placements, nights[i]);
      return occupants.length > 0 && occupants.every((p) => !sameRef(p.caseRef, billedHousehold));
    });
    if (hm.idx.length > 0) {
      const placed = new Set<string>();
      for (const i of hm.idx) for (const p of occupantsOn(placements, nights[i])) placed.add(p.caseRef);
      outcomes.push({
        kind: "household_mismatch",
        billedHouseholdRef: billedHousehold,
        placedCaseRefs: [...placed].sort(),
        nights: hm.idx.length,
        pence: hm.pence,
        ranges: toRanges(hm.nights),
      });
    }
  }
  money.overBilledPence = money.duplicatePence + money.voidPence + money.rateExcessPence;
  return { line, nights: nights.length, outcomes, money };
}

function findUnbilled(
  period: { from: IsoDate; to: IsoDate },
  lines: readonly LineCheck[],
  unitByRef: ReadonlyMap<string, InvoiceUnit>,
  placementsByUnit: ReadonlyMap<string, InvoicePlacement[]>,
  elsewhere: ReadonlyMap<string, BilledNight[]>,
): UnbilledRun[] {
  const billed = new Set<string>();
  const unitRefs: string[] = [];
  for (const c of lines) {
    if (c.outcomes.some((o) => o.kind === "invalid" || o.kind === "unmatched")) continue;
    if (!unitRefs.includes(c.line.unitRef)) unitRefs.push(c.line.unitRef);
    for (const n of eachNight(c.line.from, c.line.to)) billed.add(key(c.line.unitRef, n));
  }
  const out: UnbilledRun[] = [];
  for (const unitRef of unitRefs) {
    const unit = unitByRef.get(unitRef)!;
    const placements = [...(placementsByUnit.get(unitRef) ?? [])].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const p of placements) {
      const costs = nightCosts(unit, p.start, p.end, period).filter(
        (c) => !billed.has(key(unitRef, c.night)) && !elsewhere.has(key(unitRef, c.night)),
      );
      for (const r of toRanges(costs.map((c) => c.night))) {
        const inRun = costs.filter((c) => c.night >= r.from && c.night < r.to);
        out.push({
          ...r,
          unitRef,
          placementId: p.id,
          caseRef: p.caseRef,
          pence: inRun.reduce((s, c) => s + (c.pence ?? 0), 0),
          unpricedNights: inRun.filter((c) => c.pence === null).length,
        });
      }
    }
  }
  return out;
}

function zeroTotals(): CheckTotals {
  return {
    billedPence: 0,
    acceptedPence: 0,
    voidPaidPence: 0,
    voidPaidNights: 0,
    futurePence: 0,
    futureNights: 0,
    duplicatePence: 0,
    voidPence: 0,
    rateExcessPence: 0,
    overBilledPence: 0,
    rateShortfallPence: 0,
    unbilledPence: 0,
    unbilledNights: 0,
    unbilledUnpricedNights: 0,
    underBilledPence: 0,
    unverifiedPence: 0,
  };
}

function totalsOf(lines: readonly LineCheck[], unbilled: readonly UnbilledRun[]): CheckTotals {
  const t = zeroTotals();
  for (const { money: m } of lines) {
    t.billedPence += m.billedPence;
    t.acceptedPence += m.acceptedPence;
    t.voidPaidPence += m.voidPaidPence;
    t.voidPaidNights += m.voidPaidNights;
    t.futurePence += m.futurePence;
    t.futureNights += m.futureNights;
    t.duplicatePence += m.duplicatePence;
    t.voidPence += m.voidPence;
    t.rateExcessPence += m.rateExcessPence;
    t.rateShortfallPence += m.rateShortfallPence;
    t.unverifiedPence += m.unverifiedPence;
  }
  for (const u of unbilled) {
    t.unbilledPence += u.pence;
    t.unbilledNights += u.nights;
    t.unbilledUnpricedNights += u.unpricedNights;
  }
  t.overBilledPence = t.duplicatePence + t.voidPence + t.rateExcessPence;
  t.underBilledPence = t.rateShortfallPence + t.unbilledPence;
  return t;
}

/** Sums the totals of checked invoices per provider, in order of first appearance. */
export function totalsByProvider(checks: readonly InvoiceCheck[]): ProviderTotals[] {
  const byProvider = new Map<string, ProviderTotals>();
  for (const c of checks) {
    const t = byProvider.get(c.providerRef) ?? { providerRef: c.providerRef, invoices: 0, ...zeroTotals() };
    t.invoices += 1;
    for (const k of Object.keys(c.totals) as Array<keyof CheckTotals>) t[k] += c.totals[k];
    byProvider.set(c.providerRef, t);
  }
  return [...byProvider.values()];
}
