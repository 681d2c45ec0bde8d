/**
 * Reference statements of rules that the app computes in SQL at scale: the tests compare
 * the SQL with these, written plainly, one record or one stay at a time. Test-only code,
 * so it lives under tests/.
 */
import { addMonths, daysBetween, maxDate, minDate, startOfMonth, type IsoDate } from "~/lib/dates";
import { clip, type NightWindow, type RatePeriod } from "~/features/money/money";
import { costOfStay } from "./reference-money";
import { LOS_BANDS, type LosBand } from "~/features/reports/reports";
import type { SurvivalObservation } from "~/lib/stats";
import {
  isDependentChild,
  residentMembers,
  type HouseholdMember,
  type HouseholdType,
  type Ta2Category,
} from "~/features/households/household";

export interface MonthCost {
  /** "YYYY-MM" */
  month: string;
  /** The part of the window inside this month, [from, to). */
  from: IsoDate;
  to: IsoDate;
  nights: number;
  pricedNights: number;
  pence: number;
  unpricedNights: number;
}

/**
 * The stay's cost inside the window, split by calendar month. Uses exactly the same rule
 * as costOfStay (the anchor does not move with the month cut), so the months always add
 * up to costOfStay(...).pence for the same window, to the penny, for weekly rates too.
 * Months with no nights of the stay are left out.
 */
export function costByMonth(rates: readonly RatePeriod[], start: IsoDate, end: IsoDate | null, window: NightWindow): MonthCost[] {
  const span = clip(start, end, window);
  if (!span) return [];
  const out: MonthCost[] = [];
  for (let m = startOfMonth(span.from); m < span.to; m = addMonths(m, 1)) {
    const part = clip(maxDate(m, span.from), minDate(addMonths(m, 1), span.to), span);
    if (!part) continue;
    const c = costOfStay(rates, start, end, part);
    out.push({
      month: m.slice(0, 7),
      from: part.from,
      to: part.to,
      nights: c.nights,
      pricedNights: c.pricedNights,
      pence: c.pence,
      unpricedNights: c.unpricedNights,
    });
  }
  return out;
}

/**
 * The MHCLG band of a household in TA on the night of `asOf` whose episode
 * started on `start`: "under 6 months" means the episode started after the date
 * six calendar months before `asOf`.
 */
export function losBand(start: IsoDate, asOf: IsoDate): LosBand {
  for (const b of LOS_BANDS) {
    if (b.toMonths === null || start > addMonths(asOf, -b.toMonths)) return b.code;
  }
  return "5_years_or_more";
}

/**
 * One episode's stay for Kaplan-Meier as of the night of `asOf`: ended (the event)
 * when it ended on or before `asOf`, otherwise censored at `asOf`. Days = nights.
 */
export function episodeObservation(start: IsoDate, end: IsoDate | null, asOf: IsoDate): SurvivalObservation {
  if (end !== null && end <= asOf) return { time: daysBetween(start, end), event: true };
  return { time: daysBetween(start, asOf), event: false };
}

/**
 * Household type and TA2 column, stated plainly from the conventions in
 * app/features/households/household.ts, for checking household_facts_on (the one
 * definition, in SQL) against generated households.
 */
export function referenceHouseholdType(members: readonly HouseholdMember[], on: IsoDate): HouseholdType {
  const resident = residentMembers(members, on);
  const children = resident.filter((m) => isDependentChild(m, on)).length;
  const adults = resident.filter((m) => !isDependentChild(m, on));
  const isCouple = adults.length === 2 && adults.some((m) => m.relationship === "lead") && adults.some((m) => m.relationship === "partner");
  if (isCouple) return children > 0 ? "couple_with_children" : "couple_no_children";
  if (adults.length === 1) return children > 0 ? "single_parent" : "single_adult";
  return "other";
}

export function referenceTa2Category(members: readonly HouseholdMember[], on: IsoDate): Ta2Category {
  const type = referenceHouseholdType(members, on);
  if (type === "couple_with_children") return "couple_with_dependent_children";
  if (type === "single_parent" || type === "single_adult") {
    const sex = residentMembers(members, on).find((m) => !isDependentChild(m, on))?.sex ?? null;
    return `${type}_${sex === "male" ? "male" : sex === "female" ? "female" : "sex_not_known"}` as Ta2Category;
  }
  return "all_other";
}
