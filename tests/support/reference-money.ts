/**
 * A REFERENCE of the costing rules, for tests only: the app prices nights and estimates
 * subsidy in SQL (segment_pence, weekly_subsidy_pence, unit_subsidy_caps, stay_pieces in
 * db/definitions/money.ts). This independent TypeScript statement of the same rules, with
 * hand-worked values in tests/features/money/money.test.ts, is the oracle those SQL
 * definitions are held to on thousands of generated stays (money-sql.db.test.ts).
 */
import { addDays, daysBetween, formatDate, isIsoDate, maxDate, minDate, type IsoDate } from "~/lib/dates";
import {
  clip,
  formatPence,
  mulDivRoundHalfUp,
  type LhaCategory,
  type LhaTable,
  type NightRange,
  type NightWindow,
  type RatePeriod,
} from "~/features/money/money";

export interface RateProblem {
  index: number;
  field: "effectiveFrom" | "amountPence" | "basis";
  code: "missing_date" | "not_a_date" | "not_whole_pence" | "negative_amount" | "bad_basis" | "overlapping_periods";
  message: string;
}

/** Problems with a list of rate periods; an empty list means valid. */
export function validateRatePeriods(rates: readonly RatePeriod[]): RateProblem[] {
  const problems: RateProblem[] = [];
  const firstIndexByDate = new Map<string, number>();
  rates.forEach((r, index) => {
    const date: unknown = r.effectiveFrom;
    if (date === null || date === undefined || date === "") {
      problems.push({ index, field: "effectiveFrom", code: "missing_date", message: "Enter the date the rate starts" });
    } else if (!isIsoDate(date)) {
      problems.push({ index, field: "effectiveFrom", code: "not_a_date", message: "The date the rate starts must be a real date" });
    } else {
      const first = firstIndexByDate.get(date);
      if (first === undefined) firstIndexByDate.set(date, index);
      else
        problems.push({
          index,
          field: "effectiveFrom",
          code: "overlapping_periods",
          message: `Rate periods overlap: more than one rate starts on ${formatDate(date)}`,
        });
    }
    if (typeof r.amountPence !== "number" || !Number.isSafeInteger(r.amountPence)) {
      problems.push({ index, field: "amountPence", code: "not_whole_pence", message: "Enter the rate in pounds and pence, like 57.00" });
    } else if (r.amountPence < 0) {
      problems.push({ index, field: "amountPence", code: "negative_amount", message: "The rate must be £0.00 or more" });
    }
    if (r.basis !== "night" && r.basis !== "week") {
      problems.push({ index, field: "basis", code: "bad_basis", message: "Select whether the rate is per night or per week" });
    }
  });
  return problems;
}

interface Period {
  rate: RatePeriod;
  from: IsoDate;
  to: IsoDate | null;
}

/** Rate periods in date order with their end; throws on invalid rates (validate on input). */
function periodsOf(rates: readonly RatePeriod[]): Period[] {
  const problems = validateRatePeriods(rates);
  if (problems.length > 0) {
    throw new RangeError(`Rate periods are not valid: ${problems.map((p) => p.message).join("; ")}`);
  }
  const sorted = [...rates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return sorted.map((rate, i) => ({ rate, from: rate.effectiveFrom, to: sorted[i + 1]?.effectiveFrom ?? null }));
}

/** The rate in force on a night, or null if none. Throws if the rates are invalid. */
export function rateOnNight(rates: readonly RatePeriod[], night: IsoDate): RatePeriod | null {
  const p = periodsOf(rates).find((x) => x.from <= night && (x.to === null || night < x.to));
  return p ? p.rate : null;
}

/** The weekly equivalent of a rate: nightly amount × 7, or the weekly amount. */
export function weeklyEquivalentPence(rate: RatePeriod): number {
  return rate.basis === "night" ? rate.amountPence * 7 : rate.amountPence;
}

/**
 * Pence for nights [from, to) under one rate, for a run anchored at `anchor`
 * (= max(stay start, rate effectiveFrom); anchor <= from <= to). See ROUNDING above.
 */
export function segmentPence(rate: Pick<RatePeriod, "amountPence" | "basis">, anchor: IsoDate, from: IsoDate, to: IsoDate): number {
  const nights = daysBetween(from, to);
  if (nights <= 0) return 0;
  if (rate.basis === "night") return rate.amountPence * nights;
  const a = daysBetween(anchor, from);
  if (a < 0) throw new RangeError(`Segment starts (${from}) before its anchor (${anchor})`);
  return weeklyCumulative(rate.amountPence, a + nights) - weeklyCumulative(rate.amountPence, a);
}

function weeklyCumulative(weeklyPence: number, nights: number): number {
  return mulDivRoundHalfUp(weeklyPence, nights, 7);
}

export interface CostSegment extends NightRange {
  /** max(stay start, rate effectiveFrom): where the weekly rounding is anchored. */
  anchor: IsoDate;
  rate: RatePeriod;
  pence: number;
}

export interface StayCost {
  /** Nights of the stay inside the window. */
  nights: number;
  pricedNights: number;
  /** Gross cost of the priced nights. Unpriced nights are NOT included (and not zero): see `unpriced`. */
  pence: number;
  segments: CostSegment[];
  /** Runs of nights with no rate in force. */
  unpriced: NightRange[];
  unpricedNights: number;
}

/**
 * Gross cost of the nights of the stay [start, end) (end null = still open) that fall in
 * the window [from, to), night by night under the rate in force on each night.
 */
export function costOfStay(rates: readonly RatePeriod[], start: IsoDate, end: IsoDate | null, window: NightWindow): StayCost {
  const periods = periodsOf(rates);
  const result: StayCost = { nights: 0, pricedNights: 0, pence: 0, segments: [], unpriced: [], unpricedNights: 0 };
  const span = clip(start, end, window);
  if (!span) return result;
  result.nights = daysBetween(span.from, span.to);

  const firstFrom = periods[0]?.from ?? null;
  const unpricedTo = firstFrom === null ? span.to : minDate(span.to, firstFrom);
  if (span.from < unpricedTo) {
    const nights = daysBetween(span.from, unpricedTo);
    result.unpriced.push({ from: span.from, to: unpricedTo, nights });
    result.unpricedNights += nights;
  }
  for (const p of periods) {
    const seg = clip(p.from, p.to, span);
    if (!seg) continue;
    const anchor = maxDate(start, p.from);
    const nights = daysBetween(seg.from, seg.to);
    const pence = segmentPence(p.rate, anchor, seg.from, seg.to);
    result.segments.push({ from: seg.from, to: seg.to, nights, anchor, rate: p.rate, pence });
    result.pricedNights += nights;
    result.pence += pence;
  }
  return result;
}

export interface NightCost {
  night: IsoDate;
  /** null: no rate in force that night. */
  pence: number | null;
  rate: RatePeriod | null;
}

/** The cost of each night of the stay inside the window (the same rule, one night at a time). */
export function nightlyCosts(rates: readonly RatePeriod[], start: IsoDate, end: IsoDate | null, window: NightWindow): NightCost[] {
  const cost = costOfStay(rates, start, end, window);
  const out: NightCost[] = [];
  for (const u of cost.unpriced) {
    for (let i = 0; i < u.nights; i++) out.push({ night: addDays(u.from, i), pence: null, rate: null });
  }
  for (const s of cost.segments) {
    for (let i = 0; i < s.nights; i++) {
      const night = addDays(s.from, i);
      out.push({ night, pence: segmentPence(s.rate, s.anchor, night, addDays(night, 1)), rate: s.rate });
    }
  }
  return out.sort((a, b) => (a.night < b.night ? -1 : a.night > b.night ? 1 : 0));
}

export const LONDON_WEEKLY_LIMIT_PENCE = 50_000;
export const OUTSIDE_LONDON_WEEKLY_LIMIT_PENCE = 37_500;

export interface SubsidyAccommodation {
  /**
   * false: B&B, hostels and other non-self-contained licensed accommodation
   * (capped at the 1-bedroom rate). true: self-contained licensed (e.g. nightly-paid
   * self-contained) or leased TA.
   */
  selfContained: boolean;
  /** Bedrooms of the property; 0 (studio) counts as 1, more than 4 as 4. */
  bedrooms: number;
  brma: string | null;
  inLondon: boolean;
}

export type SubsidyCap = { ok: true; weeklyCapPence: number; category: LhaCategory; explanation: string } | { ok: false; reason: string };

const CATEGORY_WORDS: Record<LhaCategory, string> = {
  shared: "shared accommodation",
  "1bed": "1-bedroom",
  "2bed": "2-bedroom",
  "3bed": "3-bedroom",
  "4bed": "4-bedroom",
};

/**
 * The weekly ceiling on subsidy for the accommodation (before comparing with the rent):
 *  - not self-contained: 100% of the Jan-2011 1-bedroom LHA rate;
 *  - self-contained: min(90% of the Jan-2011 LHA rate for min(bedrooms, 4) (at least 1),
 *    £500 a week in London or £375 elsewhere). 90% is rounded half up to the penny.
 * Unknown (not zero) when the BRMA or the rate for the category is not in the table.
 */
export function weeklySubsidyCap(accommodation: SubsidyAccommodation, lha: LhaTable): SubsidyCap {
  const { brma, selfContained, inLondon } = accommodation;
  if (!Number.isInteger(accommodation.bedrooms)) throw new RangeError(`Bedrooms must be a whole number: ${accommodation.bedrooms}`);
  if (!brma) return { ok: false, reason: "No broad rental market area (BRMA) recorded for the unit" };
  const rates = Object.prototype.hasOwnProperty.call(lha, brma) ? lha[brma] : undefined;
  if (!rates) return { ok: false, reason: `No LHA rate for ${brma}` };
  const size = Math.min(4, Math.max(1, accommodation.bedrooms));
  const category: LhaCategory = selfContained ? (`${size}bed` as LhaCategory) : "1bed";
  const rate = rates[category];
  if (rate === undefined || rate === null) return { ok: false, reason: `No LHA rate for ${brma} (${CATEGORY_WORDS[category]})` };
  if (!Number.isSafeInteger(rate) || rate < 0) throw new RangeError(`LHA rate for ${brma} ${category} is not whole pence: ${rate}`);
  const lhaText = `the January 2011 ${CATEGORY_WORDS[category]} LHA rate for ${brma}`;
  if (!selfContained) {
    return { ok: true, weeklyCapPence: rate, category, explanation: `${lhaText} (${formatPence(rate)} a week)` };
  }
  const ninety = mulDivRoundHalfUp(rate, 9, 10);
  const limit = inLondon ? LONDON_WEEKLY_LIMIT_PENCE : OUTSIDE_LONDON_WEEKLY_LIMIT_PENCE;
  if (limit < ninety) {
    return {
      ok: true,
      weeklyCapPence: limit,
      category,
      explanation: `the ${formatPence(limit)} a week limit ${inLondon ? "in London" : "outside London"} (lower than 90% of ${lhaText}, ${formatPence(ninety)})`,
    };
  }
  return { ok: true, weeklyCapPence: ninety, category, explanation: `90% of ${lhaText} (${formatPence(ninety)} a week)` };
}

/** min(eligible weekly rent, cap). */
export function weeklySubsidy(eligibleWeeklyRentPence: number, weeklyCapPence: number): number {
  return Math.min(eligibleWeeklyRentPence, weeklyCapPence);
}

/** Net cost to the council; null when the subsidy is unknown. */
export function netCostPence(grossPence: number, subsidyPence: number | null): number | null {
  return subsidyPence === null ? null : grossPence - subsidyPence;
}

export interface SubsidySegment extends NightRange {
  /** Same anchor as the gross cost of these nights. */
  anchor: IsoDate;
  rate: RatePeriod;
  /** The charge to the household in force, if one is recorded. */
  charge: RatePeriod | null;
  grossPence: number;
  /** The household's weekly charge if recorded, else the council's weekly cost. */
  eligibleWeeklyRentPence: number;
  /** min(eligible weekly rent, cap, council's weekly cost). */
  weeklySubsidyPence: number;
  /** True when the council's own weekly cost was the lowest of the three (the clamp). */
  limitedToCouncilCost: boolean;
  /** Subsidy for these nights: weekly subsidy priced like a weekly rate, never above grossPence. */
  subsidyPence: number;
}

export interface StaySubsidy {
  cost: StayCost;
  grossPence: number;
  /** null when unknown (no LHA rate): never silently zero. */
  subsidyPence: number | null;
  netPence: number | null;
  reason: string | null;
  cap: SubsidyCap;
  /** Empty when the subsidy is unknown. */
  segments: SubsidySegment[];
}

export interface SubsidyForStayInput {
  /** The council's cost for the unit. */
  rates: readonly RatePeriod[];
  /** Charges made to the household; omit or [] when none is recorded. */
  charges?: readonly RatePeriod[] | null;
  start: IsoDate;
  end: IsoDate | null;
  window: NightWindow;
  accommodation: SubsidyAccommodation;
  lha: LhaTable;
}

/**
 * Estimated housing benefit subsidy for the nights of a stay inside the window.
 *
 * Segments are the gross cost segments (rate period ∩ stay ∩ window) further cut where
 * the household's charge changes. In each: weekly subsidy S = min(eligible weekly rent,
 * weekly cap, council's weekly cost); S is priced over the segment's nights exactly as a
 * weekly rate with the SAME anchor as the gross cost (so 7 nights = S, and window or month
 * cuts add up); finally subsidy = min(that, gross of the segment).
 *
 * Why clamp to the council's cost: this is an estimate of what a placement costs the
 * council. If the household's charge (and so HB) is above what the council pays, the
 * surplus is not a saving on this placement; counting it would give negative net costs
 * that silently offset losses on other placements in totals and push "subsidy recovered
 * versus gross cost" above 100%. The segment flag `limitedToCouncilCost` keeps it visible.
 * Because S <= council cost, the final per-segment min only ever trims a rounding penny.
 *
 * Nights with no council rate are unpriced (in cost.unpriced) and get no subsidy estimate.
 */
export function subsidyForStay(input: SubsidyForStayInput): StaySubsidy {
  const cost = costOfStay(input.rates, input.start, input.end, input.window);
  const cap = weeklySubsidyCap(input.accommodation, input.lha);
  if (!cap.ok) {
    return { cost, grossPence: cost.pence, subsidyPence: null, netPence: null, reason: cap.reason, cap, segments: [] };
  }
  const chargePeriods = periodsOf(input.charges ?? []);
  const segments: SubsidySegment[] = [];
  for (const seg of cost.segments) {
    const cuts = chargePeriods.map((c) => c.from).filter((d) => d > seg.from && d < seg.to);
    const bounds = [seg.from, ...cuts, seg.to];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = bounds[i],
        to = bounds[i + 1];
      const charge = chargePeriods.find((c) => c.from <= from && (c.to === null || from < c.to))?.rate ?? null;
      const councilWeekly = weeklyEquivalentPence(seg.rate);
      const eligible = charge ? weeklyEquivalentPence(charge) : councilWeekly;
      const beforeClamp = weeklySubsidy(eligible, cap.weeklyCapPence);
      const weekly = Math.min(beforeClamp, councilWeekly);
      const gross = segmentPence(seg.rate, seg.anchor, from, to);
      const subsidy = Math.min(gross, segmentPence({ amountPence: weekly, basis: "week" }, seg.anchor, from, to));
      segments.push({
        from,
        to,
        nights: daysBetween(from, to),
        anchor: seg.anchor,
        rate: seg.rate,
        charge,
        grossPence: gross,
        eligibleWeeklyRentPence: eligible,
        weeklySubsidyPence: weekly,
        limitedToCouncilCost: councilWeekly < beforeClamp,
        subsidyPence: subsidy,
      });
    }
  }
  const subsidyPence = segments.reduce((sum, s) => sum + s.subsidyPence, 0);
  return {
    cost,
    grossPence: cost.pence,
    subsidyPence,
    netPence: netCostPence(cost.pence, subsidyPence),
    reason: null,
    cap,
    segments,
  };
}

/**
 * A rate changed by a percentage given in basis points (350 = +3.5%, -200 = -2%), rounded
 * half up to the penny. The app changes rates in SQL (bulkRateChangeIn, rates.server.ts):
 * (2 * amount * (10000 + bp) + 10000) / 20000.
 */
export function applyPercentChange(amountPence: number, basisPoints: number): number {
  if (!Number.isInteger(basisPoints) || basisPoints < -10_000) throw new RangeError(`Not a valid change: ${basisPoints} basis points`);
  return mulDivRoundHalfUp(amountPence, 10_000 + basisPoints, 10_000);
}
