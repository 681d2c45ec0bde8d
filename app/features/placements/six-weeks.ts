/**
 * The six-week limit on B&B for families, and B&B for 16 and 17 year olds.
 * Pure functions over dates and plain facts: no I/O, no SQL, no Remix.
 *
 * Date conventions (see ~/domain/dates): a calendar day is an ISO "YYYY-MM-DD"
 * string; a placement covers the nights [start, end), so it covers the night of
 * D when start <= D < end, or end is null. "As of D" means "counting the night
 * of D". Every "due date" below is the LAST day on which the thing is on time;
 * it is overdue from the day after.
 */
import { addDays, daysBetween, type IsoDate } from "~/lib/dates";

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

  const day42On = family && inBnbTonight && bnbDaysUsed <= SIX_WEEK_LIMIT_DAYS ? addDays(asOf, SIX_WEEK_LIMIT_DAYS - bnbDaysUsed) : null;

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
