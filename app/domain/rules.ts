/**
 * The statutory safeguards an officer relies on, each decided in exactly one
 * place. Pure functions over dates and plain facts: no I/O, no SQL, no Remix.
 *
 * Date conventions (see ~/domain/dates): a calendar day is an ISO "YYYY-MM-DD"
 * string; a placement covers the nights [start, end), so it covers the night of
 * D when start <= D < end, or end is null. "As of D" means "counting the night
 * of D". Every "due date" below is the LAST day on which the thing is on time;
 * it is overdue from the day after.
 */
import { addDays, daysBetween, type IsoDate } from "./dates";

// ---------------------------------------------------------------------------
// 1. B&B under the Homelessness (Suitability of Accommodation) (England) Order 2003

export type ProviderType = "hotel" | "agent" | "landlord" | "housing_association" | "council" | "charity";

/**
 * Providers whose accommodation is never "B&B accommodation" under the Order:
 * a local housing authority (council), a registered social landlord (housing
 * association) or a voluntary organisation as defined in s180(3) Housing Act
 * 1996 (charity).
 */
export const BNB_EXEMPT_PROVIDER_TYPES: readonly ProviderType[] = ["housing_association", "council", "charity"];

export interface BnbFacts {
  sharedKitchen: boolean;
  sharedBathroom: boolean;
  sharedToilet: boolean;
  providerType: ProviderType;
}

/**
 * Source: The Homelessness (Suitability of Accommodation) (England) Order 2003
 * (SI 2003/3326), article 2: "B&B accommodation" is accommodation (whether or
 * not breakfast is included) which is not separate and self-contained premises
 * and in which a toilet, personal washing facilities or cooking facilities are
 * shared by more than one household, but not accommodation owned or managed by
 * a local housing authority, a registered social landlord or a voluntary
 * organisation. We read "not self-contained" as "any of kitchen, bathroom or
 * toilet shared with another household", and take "owned or managed by" from
 * the provider type of the unit. The same rule in SQL:
 *
 *   (shared_kitchen OR shared_bathroom OR shared_toilet)
 *     AND provider_type NOT IN ('housing_association', 'council', 'charity')
 */
export function isBnbUnderOrder(unit: BnbFacts): boolean {
  const shared = unit.sharedKitchen || unit.sharedBathroom || unit.sharedToilet;
  return shared && !BNB_EXEMPT_PROVIDER_TYPES.includes(unit.providerType);
}

// ---------------------------------------------------------------------------
// 2. Six-week limit on B&B for families; B&B for 16 and 17 year olds

/** Article 4 of the 2003 Order: no more than 6 weeks in total = 42 nights. */
export const SIX_WEEK_LIMIT_DAYS = 42;
/** Default first day of the warning (the brief: warn from day 35). */
export const SIX_WEEK_WARNING_FROM_DAY = 35;

export interface EpisodePlacement {
  start: IsoDate;
  /** Check-out date (exclusive); null while open. */
  end: IsoDate | null;
  /** Whether the unit is B&B under the Order (see isBnbUnderOrder). */
  isBnb: boolean;
}

export type SixWeekStatus = "not_applicable" | "ok" | "warning" | "breach" | "unsuitable_16_17";

export interface BreachPeriod {
  /** First night in breach (day 43 of B&B, or a later B&B night after a gap). */
  start: IsoDate;
  /** Exclusive end (the morning after the last night in breach); null when still in breach on the night of D. */
  end: IsoDate | null;
  /** Nights in breach within this period, up to and including D. */
  nights: number;
}

export interface SixWeekResult {
  status: SixWeekStatus;
  /** A B&B placement of the episode covers the night of D. */
  inBnbTonight: boolean;
  /** B&B nights of the episode on or before D; when in B&B tonight, D is "day bnbDaysUsed". */
  bnbDaysUsed: number;
  /** max(0, 42 - bnbDaysUsed). */
  daysRemaining: number;
  /**
   * For a family in B&B tonight and not yet past day 42: the date of the night
   * that will be day 42 if the current B&B placement continues. The breach
   * starts the night after. Null otherwise.
   */
  day42On: IsoDate | null;
  /** Every period of B&B beyond 42 nights (families only), oldest first. */
  breachPeriods: BreachPeriod[];
  /** The lead applicant is 16 or 17 and is in B&B tonight. */
  lead16or17InBnb: boolean;
}

export interface SixWeekInput {
  /** All placements of one TA episode (transfers included), in any order. */
  placements: readonly EpisodePlacement[];
  /** Family for the B&B rule on D (pregnant member or dependent child; see household.ts). */
  family: boolean;
  /** The lead applicant is 16 or 17 on D. */
  lead16or17?: boolean;
  asOf: IsoDate;
}

export interface SixWeekOptions {
  /** First day of the warning; an integer from 1 to 42. Default 35. */
  warningFromDay?: number;
}

interface Range {
  start: IsoDate;
  end: IsoDate; // exclusive
}

/** The B&B nights of the episode up to and including `asOf`, as sorted, merged ranges. */
function bnbNightsUpTo(placements: readonly EpisodePlacement[], asOf: IsoDate): Range[] {
  const cutoff = addDays(asOf, 1);
  const ranges: Range[] = [];
  for (const p of placements) {
    if (p.end !== null && p.end < p.start) {
      throw new RangeError(`A placement cannot end (${p.end}) before it starts (${p.start})`);
    }
    if (!p.isBnb) continue;
    const end = p.end === null || p.end > cutoff ? cutoff : p.end;
    if (p.start < end) ranges.push({ start: p.start, end });
  }
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else merged.push({ ...r });
  }
  return merged;
}

/**
 * The six-week rule for one TA episode as of the night of D.
 *
 * Source: the 2003 Order, arts 3 and 4: B&B is not suitable for an applicant
 * with family commitments, except where nothing else is available and then for
 * "a period, or a total of periods, which does not exceed 6 weeks". So nights
 * add up across every B&B placement of the episode: a move from B&B to
 * self-contained and back keeps counting. Overlapping placements (bad data)
 * count each night once.
 *
 * Counting: night D is "day n" where n is the number of B&B nights of the
 * episode on or before D. Days 1 to 42 are within the limit; day 43 on is a
 * breach.
 *
 * Status, first match wins:
 *   - "breach": a family that has had more than 42 B&B nights in the episode
 *     (whether or not it is in B&B tonight: a breach stays on the record; use
 *     `inBnbTonight` to tell a current breach from a past one);
 *   - "unsuitable_16_17": the lead applicant is 16 or 17 and in B&B tonight -
 *     unsuitable from the first night (Homelessness Code of Guidance and the
 *     2018 joint guidance on homeless 16 and 17 year olds: B&B is not suitable
 *     for 16 and 17 year olds, even in an emergency);
 *   - "warning": a family in B&B tonight on day warningFromDay (35) to 42;
 *   - "ok": a family in B&B tonight before the warning day;
 *   - "not_applicable": otherwise (not a family, or not in B&B tonight and never
 *     breached).
 * Family status is taken as of D and applied to the whole episode.
 */
export function sixWeekRule(input: SixWeekInput, options: SixWeekOptions = {}): SixWeekResult {
  const warningFromDay = options.warningFromDay ?? SIX_WEEK_WARNING_FROM_DAY;
  if (!Number.isInteger(warningFromDay) || warningFromDay < 1 || warningFromDay > SIX_WEEK_LIMIT_DAYS) {
    throw new RangeError(`warningFromDay must be a whole number from 1 to ${SIX_WEEK_LIMIT_DAYS}`);
  }
  const { asOf, family } = input;
  const ranges = bnbNightsUpTo(input.placements, asOf);
  const bnbDaysUsed = ranges.reduce((sum, r) => sum + daysBetween(r.start, r.end), 0);
  const last = ranges[ranges.length - 1];
  const inBnbTonight = last !== undefined && last.end === addDays(asOf, 1);
  const lead16or17InBnb = (input.lead16or17 ?? false) && inBnbTonight;

  const breachPeriods: BreachPeriod[] = [];
  if (family) {
    let counted = 0;
    for (const r of ranges) {
      const nights = daysBetween(r.start, r.end);
      const withinLimit = Math.max(0, Math.min(nights, SIX_WEEK_LIMIT_DAYS - counted));
      counted += nights;
      if (withinLimit < nights) {
        const start = addDays(r.start, withinLimit);
        const ongoing = r === last && inBnbTonight;
        breachPeriods.push({ start, end: ongoing ? null : r.end, nights: nights - withinLimit });
      }
    }
  }

  let status: SixWeekStatus;
  if (family && bnbDaysUsed > SIX_WEEK_LIMIT_DAYS) status = "breach";
  else if (lead16or17InBnb) status = "unsuitable_16_17";
  else if (family && inBnbTonight) status = bnbDaysUsed >= warningFromDay ? "warning" : "ok";
  else status = "not_applicable";

  const day42On =
    family && inBnbTonight && bnbDaysUsed <= SIX_WEEK_LIMIT_DAYS
      ? addDays(asOf, SIX_WEEK_LIMIT_DAYS - bnbDaysUsed)
      : null;

  return {
    status,
    inBnbTonight,
    bnbDaysUsed,
    daysRemaining: Math.max(0, SIX_WEEK_LIMIT_DAYS - bnbDaysUsed),
    day42On,
    breachPeriods,
    lead16or17InBnb,
  };
}

// ---------------------------------------------------------------------------
// 3. s208 Housing Act 1996: notice of an out-of-district placement

/** s208(4): notice "within 14 days after the accommodation is made available". */
export const S208_NOTICE_DAYS = 14;

export type S208Status = "not_required" | "due" | "sent" | "overdue" | "sent_late";

export interface S208Result {
  required: boolean;
  /** Last day on which the notice is on time; null when not required. */
  dueDate: IsoDate | null;
  status: S208Status;
  /** Days after the due date: to D when unsent, to the sent date when sent late; otherwise 0. */
  daysOverdue: number;
}

/** Whether a unit's district (GSS code) is outside the council's own. */
export function isOutOfDistrict(councilGss: string, unitGss: string): boolean {
  return councilGss.trim().toUpperCase() !== unitGss.trim().toUpperCase();
}

/**
 * The s208 notice for one placement. Each placement out of district is a new
 * "accommodation made available" and needs its own notice.
 *
 * "Within 14 days after" the day the accommodation is made available (the
 * placement start) excludes that day: day 1 is the day after the start, so the
 * last day on time is start + 14 days. Overdue from start + 15 (1 day overdue).
 * A notice sent on or before the due date is "sent"; after it, "sent_late".
 */
export function s208Notice(input: {
  councilGss: string;
  unitGss: string;
  madeAvailableOn: IsoDate;
  sentOn?: IsoDate | null;
  asOf: IsoDate;
}): S208Result {
  if (!isOutOfDistrict(input.councilGss, input.unitGss)) {
    return { required: false, dueDate: null, status: "not_required", daysOverdue: 0 };
  }
  const dueDate = addDays(input.madeAvailableOn, S208_NOTICE_DAYS);
  const sentOn = input.sentOn ?? null;
  if (sentOn !== null) {
    return sentOn <= dueDate
      ? { required: true, dueDate, status: "sent", daysOverdue: 0 }
      : { required: true, dueDate, status: "sent_late", daysOverdue: daysBetween(dueDate, sentOn) };
  }
  return input.asOf <= dueDate
    ? { required: true, dueDate, status: "due", daysOverdue: 0 }
    : { required: true, dueDate, status: "overdue", daysOverdue: daysBetween(dueDate, input.asOf) };
}

// ---------------------------------------------------------------------------
// 4. s202 review of the suitability of accommodation

/** s202(3): a request "before the end of the period of 21 days beginning with the day" of notification. */
export const S202_REQUEST_WINDOW_DAYS = 21;
/** Homelessness (Review Procedure etc.) Regulations 2018, reg 9(1)(b): "eight weeks beginning with the day on which the request for the review is made". */
export const S202_DECISION_DAYS = 56;

export type S202Status = "pending" | "overdue" | "decided";

export interface S202Result {
  /** Last day to ask for a review: offer date + 20 days. */
  requestDeadline: IsoDate;
  /** The request came after the deadline (the council may still accept it: s202(3) allows a longer period in writing). */
  requestedLate: boolean;
  /** Last day for the decision: request date + 55 days, or the agreed extension if later. */
  decisionDueDate: IsoDate;
  status: S202Status;
  /** Days past the decision due date: to D when pending, to the decision when decided late. */
  daysOverdue: number;
  decidedLate: boolean;
}

/**
 * A s202 suitability review. Both periods are "beginning with the day", which
 * in law includes that day: 21 days beginning with the offer date end on offer
 * + 20; 8 weeks beginning with the request date end on request + 55. The
 * decision is overdue from request + 56. `offeredOn` is the date the household
 * was notified of the offer (the caller passes the placement start when that is
 * all it has). `extendedTo` is a longer period agreed in writing (reg 9(1)).
 */
export function s202Review(input: {
  offeredOn: IsoDate;
  requestedOn: IsoDate;
  decidedOn?: IsoDate | null;
  extendedTo?: IsoDate | null;
  asOf: IsoDate;
}): S202Result {
  const requestDeadline = addDays(input.offeredOn, S202_REQUEST_WINDOW_DAYS - 1);
  const statutoryDue = addDays(input.requestedOn, S202_DECISION_DAYS - 1);
  const extendedTo = input.extendedTo ?? null;
  const decisionDueDate = extendedTo !== null && extendedTo > statutoryDue ? extendedTo : statutoryDue;
  const decidedOn = input.decidedOn ?? null;
  const base = { requestDeadline, requestedLate: input.requestedOn > requestDeadline, decisionDueDate };
  if (decidedOn !== null && decidedOn <= input.asOf) {
    const late = decidedOn > decisionDueDate;
    return { ...base, status: "decided", daysOverdue: late ? daysBetween(decisionDueDate, decidedOn) : 0, decidedLate: late };
  }
  if (input.asOf > decisionDueDate) {
    return { ...base, status: "overdue", daysOverdue: daysBetween(decisionDueDate, input.asOf), decidedLate: false };
  }
  return { ...base, status: "pending", daysOverdue: 0, decidedLate: false };
}

// ---------------------------------------------------------------------------
// 5. Move-on plan overdue

/**
 * A move-on plan is overdue when its target date is before D and the episode
 * is still open on the night of D (no end, or an end after D). On the target
 * date itself it is not yet overdue.
 */
export function moveOnOverdue(input: {
  targetDate: IsoDate | null;
  episodeEnd: IsoDate | null;
  asOf: IsoDate;
}): { overdue: boolean; daysOverdue: number } {
  const { targetDate, episodeEnd, asOf } = input;
  const open = episodeEnd === null || episodeEnd > asOf;
  if (targetDate === null || !open || targetDate >= asOf) return { overdue: false, daysOverdue: 0 };
  return { overdue: true, daysOverdue: daysBetween(targetDate, asOf) };
}

// ---------------------------------------------------------------------------
// 6. Whether a unit suits a household (for the unit search)

export interface HouseholdNeeds {
  familyForBnbRule: boolean;
  leadAged16or17: boolean;
  bedroomNeed: number;
  occupants: number;
  stepFreeNeeded: boolean;
}

export interface UnitFacts {
  isBnb: boolean;
  /** Bedrooms; a studio or bedsit recorded as 0 counts as 1 (the bedroom standard counts bed-sitters). */
  bedrooms: number;
  maxOccupants: number;
  stepFree: boolean;
}

export type UnsuitabilityCode = "too_many_occupants" | "bnb_family" | "bnb_16_17" | "too_few_bedrooms" | "not_step_free";

export interface UnsuitabilityReason {
  code: UnsuitabilityCode;
  message: string;
}

export interface UnitSuitability {
  /** Cannot be placed. */
  hard: UnsuitabilityReason[];
  /** May be placed, with a recorded reason. */
  warnings: UnsuitabilityReason[];
  /** No hard reasons. */
  placeable: boolean;
  /**
   * For ordering search results: LOWER IS BETTER (0 = no problems and an exact
   * bedroom fit). 1000 per hard reason + 100 per warning + the difference
   * between the unit's bedrooms and the need (capped at 99).
   */
  score: number;
}

export const UNSUITABILITY_MESSAGES = {
  bnbFamily: "B&B is unsuitable for a family except in an emergency, and then for no more than 6 weeks",
  bnb1617: "B&B is unsuitable for a 16 or 17 year old applicant",
  notStepFree: "Not step-free",
} as const;

function people(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

export function assessUnitForHousehold(household: HouseholdNeeds, unit: UnitFacts): UnitSuitability {
  const hard: UnsuitabilityReason[] = [];
  const warnings: UnsuitabilityReason[] = [];
  const bedrooms = Math.max(unit.bedrooms, 1);

  if (household.occupants > unit.maxOccupants) {
    hard.push({
      code: "too_many_occupants",
      message: `Too many people: ${people(household.occupants)}, unit takes ${unit.maxOccupants}`,
    });
  }
  if (unit.isBnb && household.familyForBnbRule) {
    warnings.push({ code: "bnb_family", message: UNSUITABILITY_MESSAGES.bnbFamily });
  }
  if (unit.isBnb && household.leadAged16or17) {
    warnings.push({ code: "bnb_16_17", message: UNSUITABILITY_MESSAGES.bnb1617 });
  }
  if (bedrooms < household.bedroomNeed) {
    warnings.push({
      code: "too_few_bedrooms",
      message: `Too few bedrooms: needs ${household.bedroomNeed}, unit has ${bedrooms}`,
    });
  }
  if (household.stepFreeNeeded && !unit.stepFree) {
    warnings.push({ code: "not_step_free", message: UNSUITABILITY_MESSAGES.notStepFree });
  }
  const fit = Math.min(99, Math.abs(bedrooms - household.bedroomNeed));
  return {
    hard,
    warnings,
    placeable: hard.length === 0,
    score: hard.length * 1000 + warnings.length * 100 + fit,
  };
}

/** Sort comparator for search results: fewer problems first, then the closer bedroom fit. */
export function compareUnitSuitability(a: UnitSuitability, b: UnitSuitability): number {
  return a.score - b.score;
}
