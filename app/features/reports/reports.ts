/**
 * The measures of the data-led views, each defined once: the words shown on the
 * page, the arithmetic, and the bands. SQL in app/features/reports/reports.server.ts
 * computes the counts; these functions turn counts into measures, and the tests
 * hold both to a brute-force count.
 */
import { addDays, addMonths, type IsoDate } from "~/lib/dates";
import { kaplanMeierOfCounts, survivalQuantiles, type KaplanMeierCurve } from "~/lib/stats";

// ---------------------------------------------------------------------------
// Occupancy

export const OCCUPANCY_DEFINITIONS = {
  available_nights:
    "Available unit-nights: for each night of the period, the units that were in use (on or after their in-use date and before their retirement date) and not out of service that night, added up.",
  occupied_nights:
    "Occupied unit-nights: available unit-nights on which a placement (not cancelled) covered the unit. A placement covers the nights from its start date up to, but not including, its end date.",
  void_nights: "Void nights: available unit-nights on which nobody was placed (available minus occupied).",
  occupancy_rate: "Occupancy rate: occupied unit-nights divided by available unit-nights.",
} as const;

export interface OccupancyCounts {
  available: number;
  occupied: number;
}
export interface OccupancyMeasures extends OccupancyCounts {
  voids: number;
  rate: number | null;
}

export function occupancyMeasures({ available, occupied }: OccupancyCounts): OccupancyMeasures {
  return { available, occupied, voids: available - occupied, rate: available > 0 ? occupied / available : null };
}

/** The rate as the CSV and the page show it: a share with four decimals (0.9123), blank when nothing was available. */
export function formatRate(rate: number | null): string {
  return rate === null ? "" : rate.toFixed(4);
}

// ---------------------------------------------------------------------------
// Length of stay

export const LOS_BANDS = [
  { code: "under_6_months", label: "Under 6 months", fromMonths: 0, toMonths: 6 },
  { code: "6_to_12_months", label: "6 to 12 months", fromMonths: 6, toMonths: 12 },
  { code: "1_to_2_years", label: "1 to 2 years", fromMonths: 12, toMonths: 24 },
  { code: "2_to_5_years", label: "2 to 5 years", fromMonths: 24, toMonths: 60 },
  { code: "5_years_or_more", label: "5 years or more", fromMonths: 60, toMonths: null },
] as const;
export type LosBand = (typeof LOS_BANDS)[number]["code"];

export const WHY_NOT_AVERAGE =
  "Many households are still in temporary accommodation, and their stays have not finished. An average of finished stays leaves out every long stay still going on, so it comes out too short, and it gets shorter when move-on slows down, because fewer long stays finish. The Kaplan-Meier estimate counts each household still in TA as having stayed at least as long as it has so far (censored), so long stays are not lost.";

/** Observations aggregated by (time, event), as SQL returns them. */
export interface TiedObservations {
  time: number;
  event: boolean;
  n: number;
}

export interface LosSummary {
  episodes: number;
  ended: number;
  stillInTa: number;
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  p25: number | null;
  p25Lower: number | null;
  p25Upper: number | null;
  p75: number | null;
  p75Lower: number | null;
  p75Upper: number | null;
  curve: KaplanMeierCurve;
}

export function losSummary(rows: readonly TiedObservations[]): LosSummary {
  const curve = kaplanMeierOfCounts(rows);
  const q = survivalQuantiles(curve);
  const ended = rows.reduce((s, r) => s + (r.event ? r.n : 0), 0);
  return {
    episodes: curve.n,
    ended,
    stillInTa: curve.n - ended,
    median: q.median.time,
    medianLower: q.median.lower,
    medianUpper: q.median.upper,
    p25: q.q25.time,
    p25Lower: q.q25.lower,
    p25Upper: q.q25.upper,
    p75: q.q75.time,
    p75Lower: q.q75.lower,
    p75Upper: q.q75.upper,
    curve,
  };
}

/** S(t) on a grid of days, for a chart: the step function is right-continuous. */
export function survivalOnGrid(curve: KaplanMeierCurve, grid: readonly number[]): (number | null)[] {
  const last = curve.steps[curve.steps.length - 1];
  return grid.map((t) => {
    if (!last) return null;
    if (t > last.time) return null; // the curve says nothing past follow-up
    let s = 1;
    for (const step of curve.steps) {
      if (step.time > t) break;
      s = step.survival;
    }
    return s;
  });
}

// ---------------------------------------------------------------------------
// Flow

export type FlowInterval = "week" | "month";

/** Buckets covering [from, to]: weeks start on Monday, months on the 1st; the first and last are clipped to the period. */
export function flowBuckets(from: IsoDate, to: IsoDate, interval: FlowInterval): { start: IsoDate; end: IsoDate }[] {
  const out: { start: IsoDate; end: IsoDate }[] = [];
  let start = from;
  while (start <= to) {
    let next: IsoDate;
    if (interval === "week") {
      const dow = (new Date(`${start}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
      next = addDays(start, 7 - dow);
    } else {
      next = addMonths(`${start.slice(0, 7)}-01`, 1);
    }
    const end = next > to ? to : addDays(next, -1);
    out.push({ start, end });
    start = next;
  }
  return out;
}

// ---------------------------------------------------------------------------
// TA1

/** The lines of the ta1 export, in the published order. */
export const TA1_LINES = [
  "total",
  "bnb",
  "nightly_self_contained",
  "hostel",
  "private_leased",
  "council_ha_stock",
  "other",
  "bnb_with_children",
  "bnb_with_children_over_6_weeks",
  "bnb_with_children_over_6_weeks_awaiting_review",
  "bnb_16_17",
  "in_another_district",
  "with_children",
  "children",
  "no_accommodation_secured",
  // Added December 2026 (only ever added to: the export is a published interface).
  "nightly_self_contained_with_children",
  "hostel_with_children",
  "private_leased_with_children",
  "council_ha_stock_with_children",
  "other_with_children",
  "in_another_district_with_children",
] as const;
export type Ta1Line = (typeof TA1_LINES)[number];

export const TA1_LINE_LABELS: Record<Ta1Line, string> = {
  total: "Households in TA",
  bnb: "Bed and breakfast hotels (including shared annexes)",
  nightly_self_contained: "Nightly paid, privately managed accommodation, self-contained",
  hostel: "Hostels (including reception centres, emergency units and refuges)",
  private_leased: "Private sector accommodation leased by the authority or by a registered provider",
  council_ha_stock: "Local authority or housing association stock",
  other: "Any other type of TA (including private landlord and not known)",
  bnb_with_children: "In B&B, with children",
  bnb_with_children_over_6_weeks: "In B&B, with children, resident more than 6 weeks",
  bnb_with_children_over_6_weeks_awaiting_review: "of which awaiting review or appeal",
  bnb_16_17: "16 or 17-year-old main applicants in B&B",
  in_another_district: "In TA in another local authority district",
  with_children: "Households with children",
  children: "Children in these households (people, not households)",
  no_accommodation_secured: "Duty owed, no accommodation secured (not in the total)",
  nightly_self_contained_with_children: "Nightly paid self-contained, with children",
  hostel_with_children: "In hostels, with children",
  private_leased_with_children: "In private sector leased accommodation, with children",
  council_ha_stock_with_children: "In local authority or housing association stock, with children",
  other_with_children: "In any other type of TA, with children",
  in_another_district_with_children: "In TA in another district, with children",
};

/** The order the TA1 page shows the lines in: each type's "with children" line under it. */
export const TA1_PAGE_ORDER: readonly Ta1Line[] = [
  "total",
  "bnb",
  "bnb_with_children",
  "bnb_with_children_over_6_weeks",
  "bnb_with_children_over_6_weeks_awaiting_review",
  "bnb_16_17",
  "nightly_self_contained",
  "nightly_self_contained_with_children",
  "hostel",
  "hostel_with_children",
  "private_leased",
  "private_leased_with_children",
  "council_ha_stock",
  "council_ha_stock_with_children",
  "other",
  "other_with_children",
  "in_another_district",
  "in_another_district_with_children",
  "with_children",
  "children",
  "no_accommodation_secured",
];

/** The six category lines (1 to 6), whose sum must equal the total. */
export const TA1_CATEGORY_LINES = ["bnb", "nightly_self_contained", "hostel", "private_leased", "council_ha_stock", "other"] as const;

/** Checks the table adds up; returns the problems (empty when it reconciles). */
export function ta1Problems(counts: Record<Ta1Line, number | null>): string[] {
  const problems: string[] = [];
  const sum = TA1_CATEGORY_LINES.reduce((s, l) => s + (counts[l] ?? 0), 0);
  if (sum !== counts.total) problems.push(`The six categories add up to ${sum}, not the total ${counts.total}`);
  if ((counts.bnb_with_children ?? 0) > (counts.bnb ?? 0)) problems.push("More B&B households with children than in B&B");
  if ((counts.bnb_with_children_over_6_weeks ?? 0) > (counts.bnb_with_children ?? 0))
    problems.push("More over six weeks than in B&B with children");
  if ((counts.bnb_with_children_over_6_weeks_awaiting_review ?? 0) > (counts.bnb_with_children_over_6_weeks ?? 0))
    problems.push("More awaiting review than over six weeks");
  if ((counts.with_children ?? 0) > (counts.total ?? 0)) problems.push("More households with children than in TA");
  const withChildren = TA1_CATEGORY_LINES.reduce((s, l) => s + (counts[`${l}_with_children`] ?? 0), 0);
  if (withChildren !== counts.with_children)
    problems.push(`The six categories' households with children add up to ${withChildren}, not ${counts.with_children}`);
  return problems;
}

export const TA2_LINES = [
  "couple_with_dependent_children",
  "single_parent_male",
  "single_parent_female",
  "single_parent_sex_not_known",
  "single_adult_male",
  "single_adult_female",
  "single_adult_sex_not_known",
  "all_other",
] as const;

export const TA2_LABELS: Record<(typeof TA2_LINES)[number], string> = {
  couple_with_dependent_children: "Couple with dependent children",
  single_parent_male: "Single parent, male",
  single_parent_female: "Single parent, female",
  single_parent_sex_not_known: "Single parent, sex not known",
  single_adult_male: "Single adult, male",
  single_adult_female: "Single adult, female",
  single_adult_sex_not_known: "Single adult, sex not known",
  all_other: "All other household types",
};

/** The last day of each quarter (31 March, 30 June, 30 September, 31 December) on or before `day`, newest first. */
export function quarterEnds(day: IsoDate, count: number): IsoDate[] {
  const out: IsoDate[] = [];
  let y = Number(day.slice(0, 4));
  const ends = ["12-31", "09-30", "06-30", "03-31"];
  while (out.length < count) {
    for (const md of ends) {
      const d = `${y}-${md}`;
      if (d <= day && out.length < count) out.push(d);
    }
    y--;
  }
  return out;
}
