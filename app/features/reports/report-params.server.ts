/**
 * Query-string filters of the report pages. Dates come either as GOV.UK date
 * inputs (asOf-day, asOf-month, asOf-year) from the filter form, or as
 * asOf=YYYY-MM-DD in a link or a CSV download. Bad input gives a message per
 * field, never a 500; a missing value falls back to a default.
 */
import { z } from "zod";
import { govukDate, zodErrors, type Errors } from "~/lib/forms.server";
import { addDays, addMonths, daysBetween, isIsoDate, quarterEndOnOrBefore, type IsoDate } from "~/lib/dates";
import { LOS_BANDS, TA1_LINES, TA2_LINES } from "~/features/reports/reports";
import { LOS_SPLITS, OCCUPANCY_GROUPS, type LosSplit, type OccupancyGroup, type HouseholdFilter } from "./reports.server";

const LABELS = { asOf: "as-at date", from: "start date", to: "end date" } as const;
type DateName = keyof typeof LABELS;

/** The longest period a page accepts: ten years and a bit (the scale brief). */
export const MAX_PERIOD_DAYS = 3700;

function readDate(sp: URLSearchParams, name: DateName, fallback: IsoDate, errors: Errors): IsoDate {
  const parts = { day: sp.get(`${name}-day`), month: sp.get(`${name}-month`), year: sp.get(`${name}-year`) };
  if (parts.day !== null || parts.month !== null || parts.year !== null) {
    const r = govukDate(LABELS[name]).safeParse({
      day: (parts.day ?? "").trim(),
      month: (parts.month ?? "").trim(),
      year: (parts.year ?? "").trim(),
    });
    if (r.success && r.data) return r.data;
    if (!r.success) errors[name] = zodErrors(r.error)._form ?? Object.values(zodErrors(r.error))[0];
    return fallback;
  }
  const iso = sp.get(name);
  if (iso === null || iso === "") return fallback;
  if (!isIsoDate(iso) || iso < "1900-01-01" || iso > "2100-12-31") {
    errors[name] = `${LABELS[name].charAt(0).toUpperCase()}${LABELS[name].slice(1)} must be a real date`;
    return fallback;
  }
  return iso;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export interface PeriodParams {
  from: IsoDate;
  to: IsoDate;
  errors: Errors;
}

/** A period [from, to], both included; by default the twelve months to yesterday. */
export function periodParams(url: URL, today: IsoDate): PeriodParams {
  const errors: Errors = {};
  const defTo = addDays(today, -1);
  const to = readDate(url.searchParams, "to", defTo, errors);
  const from = readDate(url.searchParams, "from", addDays(addMonths(to, -12), 1), errors);
  if (!errors.from && !errors.to) {
    if (from > to) errors.to = "End date must be the same as or after the start date";
    else if (daysBetween(from, to) > MAX_PERIOD_DAYS) errors.from = "Start date must be no more than 10 years before the end date";
  }
  return { from, to, errors };
}

export function asOfParam(url: URL, today: IsoDate, defaultToQuarterEnd = false): { asOf: IsoDate; errors: Errors } {
  const errors: Errors = {};
  const asOf = readDate(url.searchParams, "asOf", defaultToQuarterEnd ? quarterEndOnOrBefore(today) : today, errors);
  return { asOf, errors };
}

export function occupancyGroupParam(url: URL): OccupancyGroup {
  return pick(url.searchParams.get("group"), Object.keys(OCCUPANCY_GROUPS) as OccupancyGroup[], "ta_type");
}

export function losSplitParam(url: URL): LosSplit {
  return pick(url.searchParams.get("split"), Object.keys(LOS_SPLITS) as LosSplit[], "ta_type");
}

export function intervalParam(url: URL): "week" | "month" {
  return pick(url.searchParams.get("interval"), ["week", "month"] as const, "month");
}

const pageSchema = z.coerce.number().int().min(1).max(100_000);
export function pageParam(url: URL): number {
  const r = pageSchema.safeParse(url.searchParams.get("page") ?? "1");
  return r.success ? r.data : 1;
}

/** The filter of the households-behind-a-number list; unknown values are dropped, not errors. */
export function householdFilterParams(url: URL, today: IsoDate): { filter: HouseholdFilter; errors: Errors } {
  const { asOf, errors } = asOfParam(url, today);
  const sp = url.searchParams;
  const filter: HouseholdFilter = { asOf };
  const line = sp.get("line");
  if (line && (TA1_LINES as readonly string[]).includes(line)) filter.line = line as HouseholdFilter["line"];
  const ta2 = sp.get("ta2");
  if (ta2 && (TA2_LINES as readonly string[]).includes(ta2)) filter.ta2 = ta2 as HouseholdFilter["ta2"];
  const band = sp.get("band");
  if (band && LOS_BANDS.some((b) => b.code === band)) filter.band = band as HouseholdFilter["band"];
  const group = sp.get("group");
  const key = sp.get("key");
  if (group && group in OCCUPANCY_GROUPS && key !== null && key.length <= 200) {
    filter.group = group as OccupancyGroup;
    filter.key = key;
  }
  const destination = sp.get("destination");
  if (destination && /^[a-z_]{1,40}$/.test(destination)) {
    const from = readDate(sp, "from", asOf, errors);
    if (from > asOf) errors.from = "Start date must be the same as or before the end date";
    filter.exit = { from, destination };
  }
  return { filter, errors };
}
