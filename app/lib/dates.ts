/**
 * The one place where calendar dates are handled.
 *
 * A calendar day is an ISO string "YYYY-MM-DD" everywhere (database `date`
 * columns come back as these strings). "Today" is the date in Europe/London,
 * never the server's zone. A placement covers the nights [start, end).
 */
import { DateTime } from "luxon";

export const ZONE = "Europe/London";
export type IsoDate = string;

const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string" || !ISO_RE.test(value)) return false;
  const y = Number(value.slice(0, 4)),
    m = Number(value.slice(5, 7)),
    d = Number(value.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const back = new Date(0);
  back.setUTCFullYear(y, m - 1, d);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

function dt(date: IsoDate): DateTime {
  const d = DateTime.fromISO(date, { zone: "utc" });
  if (!ISO_RE.test(date) || !d.isValid) throw new RangeError(`Not a real date: ${date}`);
  return d;
}

/** Today's date in Europe/London; `now` is an instant (default: the clock). */
export function londonDate(now: Date = new Date()): IsoDate {
  return DateTime.fromJSDate(now).setZone(ZONE).toISODate()!;
}

/**
 * Day arithmetic on UTC epoch days rather than through luxon: the same answers (a
 * calendar day has no zone), but about 50 times faster, which matters when invoices
 * are checked night by night.
 */
function epochDay(date: IsoDate): number {
  if (!ISO_RE.test(date)) throw new RangeError(`Not a real date: ${date}`);
  const y = Number(date.slice(0, 4)),
    m = Number(date.slice(5, 7)),
    d = Number(date.slice(8, 10));
  const back = new Date(0);
  back.setUTCFullYear(y, m - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  const ms = back.getTime();
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    throw new RangeError(`Not a real date: ${date}`);
  return ms / 86_400_000;
}

function fromEpochDay(day: number): IsoDate {
  const x = new Date(day * 86_400_000);
  const y = x.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range: ${day}`);
  return `${String(y).padStart(4, "0")}-${String(x.getUTCMonth() + 1).padStart(2, "0")}-${String(x.getUTCDate()).padStart(2, "0")}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromEpochDay(epochDay(date) + days);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return dt(date).plus({ months }).toISODate()!;
}

/** Whole days from `from` to `to` (nights stayed for a [from, to) range). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** Nights a half-open stay [start, end) shares with the half-open window [from, to). */
export function overlapNights(start: IsoDate, end: IsoDate | null, from: IsoDate, to: IsoDate): number {
  const s = maxDate(start, from);
  const e = end === null ? to : minDate(end, to);
  return s < e ? daysBetween(s, e) : 0;
}

/** Every night in [from, to) as ISO dates. */
export function eachNight(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Age in whole years on `on`. By the calendar: the years between, less one before the
 * birthday; a birthday on 29 February keeps luxon's reading (its anniversary in a common
 * year falls on 28 February). Without luxon for any other date: the forecast works out the
 * bedrooms of tens of thousands of households, and luxon made that seconds.
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  if (dateOfBirth.endsWith("-02-29") || !isIsoDate(dateOfBirth) || !isIsoDate(on))
    return Math.floor(dt(on).diff(dt(dateOfBirth), "years").years);
  return Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4)) - (on.slice(5) < dateOfBirth.slice(5) ? 1 : 0);
}

/** "3 March 2026", the GOV.UK style for dates. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return "";
  return dt(date).setLocale("en-GB").toFormat("d MMMM yyyy");
}

export function formatShortDate(date: IsoDate | null | undefined): string {
  if (!date) return "";
  return dt(date).setLocale("en-GB").toFormat("d MMM yyyy");
}

/** Parses the three boxes of a GOV.UK date input; null when not a real date. */
export function dateFromParts(day: string, month: string, year: string): IsoDate | null {
  // Digits only: Number() would read "1e1" as 10 and "0x1" as 1.
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const d = Number(day.trim()),
    m = Number(month.trim()),
    y = Number(year.trim());
  const parsed = DateTime.fromObject({ year: y, month: m, day: d }, { zone: "utc" });
  return parsed.isValid ? parsed.toISODate() : null;
}

export function dateToParts(date: IsoDate | null | undefined): { day: string; month: string; year: string } {
  if (!date) return { day: "", month: "", year: "" };
  const [year, month, day] = date.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** First day of the month holding `date`. */
export function startOfMonth(date: IsoDate): IsoDate {
  return date.slice(0, 8) + "01";
}

/** Monday of the ISO week holding `date`. */
export function startOfWeek(date: IsoDate): IsoDate {
  // On epoch days, as luxon's startOf("week") (ISO weeks, from Monday) but without a DateTime:
  // the trial page takes the week of every household's entry for each chart. 1970-01-01 was a Thursday.
  const e = epochDay(date);
  return fromEpochDay(e - ((((e + 3) % 7) + 7) % 7));
}

/** The last day of the quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or before `date`. */
export function quarterEndOnOrBefore(date: IsoDate): IsoDate {
  const d = dt(date);
  const end = d.endOf("quarter").toISODate()!;
  if (end === date) return end;
  return d.startOf("quarter").minus({ days: 1 }).toISODate()!;
}

/** Start of the UK financial year (1 April) holding `date`. */
export function financialYearStart(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= "04-01" ? `${y}-04-01` : `${y - 1}-04-01`;
}
