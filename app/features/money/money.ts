/**
 * Money values: parsing, formatting, rate periods and their checks. Pure, no I/O. Money is
 * always an integer number of pence. The pricing of nights and the subsidy estimate are SQL's
 * (segment_pence, weekly_subsidy_pence, unit_subsidy_caps, stay_pieces in
 * db/definitions/money.ts): their one home. The rule they apply:
 *
 * ROUNDING
 * --------
 * The only rounding primitive is round_half_up(a * b / d) for non-negative integers, computed
 * exactly: `mulDivRoundHalfUp(a, b, d)` here (BigInt) and, with bigint operands >= 0, in SQL:
 *     (2 * a * b + d) / (2 * d)            -- integer division
 *
 * A rate period prices the nights it covers of one stay (a placement, or any [start, end)
 * run treated as one). For that run the ANCHOR is max(stay start, rate effectiveFrom):
 *   - nightly basis: nights [a, b) cost amount * (b - a). Exact, no rounding.
 *   - weekly basis:  with W(k) = round_half_up(k * amount / 7), nights [a, b) cost
 *         W(b - anchor) - W(a - anchor)
 *     So the whole run of n nights costs round_half_up(n * amount / 7), and any cut of the
 *     run (by a report window, a calendar month, an ISO week, an invoice line) telescopes:
 *     the pieces always add up to the uncut figure to the penny, and every 7 consecutive
 *     nights cost exactly the weekly amount. In SQL (segment_pence; dates as `date`,
 *     so date - date is an integer):
 *         ((2 * amount * (b - anchor) + 7) / 14) - ((2 * amount * (a - anchor) + 7) / 14)
 *     Ties cannot occur when dividing by 7 (k * amount / 7 is never x.5), so half-up
 *     versus half-even makes no difference for rates; it does for the 90% LHA figure.
 *
 * Why this rule rather than "round each (rate ∩ stay ∩ window) segment": with per-segment
 * rounding a month split can differ from the unsplit total by a penny per cut (e.g. £250 a
 * week, one night each side of a month end: 3571 + 3571 = 7142 but 2 nights = 7143). With
 * the anchored rule the anchor depends only on the stay and the rate period, never on the
 * window, so month buckets, quarters and financial years all add up exactly, and SQL only
 * needs the closed form above per segment.
 */
import { maxDate, minDate, type IsoDate } from "~/lib/dates";

/* ------------------------------------------------------------------ rounding */

/**
 * round_half_up(a * b / d) for non-negative safe integers a, b and positive integer d,
 * computed exactly. The single rounding rule of the money module.
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || a < 0 || b < 0 || d <= 0) {
    throw new RangeError(`mulDivRoundHalfUp needs non-negative whole numbers (got ${a}, ${b}, ${d})`);
  }
  const D = BigInt(d);
  const result = (2n * BigInt(a) * BigInt(b) + D) / (2n * D);
  return Number(result);
}

/* ------------------------------------------------------- formatting/parsing */

function assertWholePence(pence: number): void {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
}

function poundsAndPence(pence: number): { sign: string; pounds: string; pp: string } {
  assertWholePence(pence);
  const abs = Math.abs(pence);
  return {
    sign: pence < 0 ? "-" : "",
    pounds: String(Math.floor(abs / 100)),
    pp: String(abs % 100).padStart(2, "0"),
  };
}

/** 12345 -> "£123.45"; -150 -> "-£1.50"; 123450 -> "£1,234.50". */
export function formatPence(pence: number): string {
  const { sign, pounds, pp } = poundsAndPence(pence);
  return `${sign}£${pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${pp}`;
}

/** 12345 -> "123.45"; -150 -> "-1.50". For CSV: no £, no commas. */
export function penceToPounds2dp(pence: number): string {
  const { sign, pounds, pp } = poundsAndPence(pence);
  return `${sign}${pounds}.${pp}`;
}

export type ParsedPounds = { ok: true; pence: number } | { ok: false; reason: string };
export interface ParsePoundsOptions {
  /** Accept a leading minus ("-1.50", "-£1.50" or "£-1.50"). Default false. */
  allowNegative?: boolean;
}

export const PARSE_POUNDS_REASONS = {
  empty: "Enter an amount",
  format: "Enter an amount in pounds and pence, like 57.00",
  negative: "Amount must be £0.00 or more",
  tooLarge: `Amount must be ${formatPence(Number.MAX_SAFE_INTEGER)} or less`,
} as const;

// whole pounds: plain digits, or digits with commas in correct groups of three;
// then optionally exactly two decimal places.
const POUNDS_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?$/;

/**
 * Parses an amount typed in pounds: "57", "57.00", "£57.00", "£1,234.50".
 * Rejects one or three decimals ("£57.5", "£1,234.5"), badly grouped commas ("1,2345"),
 * exponents, "NaN", empty text, negatives (unless allowed) and values above
 * Number.MAX_SAFE_INTEGER pence. Leading and trailing spaces are ignored.
 */
export function parsePounds(text: string | null | undefined, options: ParsePoundsOptions = {}): ParsedPounds {
  let s = (text ?? "").trim();
  if (s === "") return { ok: false, reason: PARSE_POUNDS_REASONS.empty };
  let negative = false;
  if (s.startsWith("-")) {
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith("£")) s = s.slice(1);
  if (!negative && s.startsWith("-")) {
    negative = true;
    s = s.slice(1);
  }
  const m = POUNDS_RE.exec(s);
  if (!m) return { ok: false, reason: PARSE_POUNDS_REASONS.format };
  if (negative && !options.allowNegative) return { ok: false, reason: PARSE_POUNDS_REASONS.negative };
  const pence = BigInt(m[1].replace(/,/g, "")) * 100n + BigInt(m[2] ?? "0");
  if (pence > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: PARSE_POUNDS_REASONS.tooLarge };
  const n = Number(pence);
  return { ok: true, pence: negative && n !== 0 ? -n : n };
}

/* -------------------------------------------------------------------- rates */

export type RateBasis = "night" | "week";

/** A rate in force from `effectiveFrom` until the next period's effectiveFrom. */
export interface RatePeriod {
  effectiveFrom: IsoDate;
  amountPence: number;
  basis: RateBasis;
}

/** A half-open range of nights [from, to). */
export interface NightWindow {
  from: IsoDate;
  to: IsoDate;
}

export interface NightRange extends NightWindow {
  nights: number;
}

export function clip(start: IsoDate, end: IsoDate | null, window: NightWindow): NightWindow | null {
  const from = maxDate(start, window.from);
  const to = end === null ? window.to : minDate(end, window.to);
  return from < to ? { from, to } : null;
}

/* -------------------------------------------------- housing benefit subsidy */

export type LhaCategory = "shared" | "1bed" | "2bed" | "3bed" | "4bed";
/** January 2011 LHA weekly rates, in pence, for one broad rental market area. */
export type LhaRates = Partial<Record<LhaCategory, number>>;
/** Keyed by BRMA name. */
export type LhaTable = Readonly<Record<string, LhaRates>>;
// The subsidy cap and the weekly subsidy are SQL's: unit_subsidy_caps and weekly_subsidy_pence
// in db/definitions/money.ts (worded by describeSubsidyCap in cost.server.ts).

/* ------------------------------------------------------------ rate changes */

/** The largest rate or charge the app accepts (£100,000 a night or a week): more is a typing slip. */
export const MAX_RATE_PENCE = 10_000_000;

/** "3.5" -> 350 basis points; "-2" -> -200. At most two decimals, between -50% and +100%. */
export function parsePercent(text: string | null | undefined): { ok: true; basisPoints: number } | { ok: false; reason: string } {
  const s = (text ?? "").trim().replace(/%$/, "").trim();
  if (s === "") return { ok: false, reason: "Enter the percentage change" };
  const m = /^([+-]?)(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, reason: "Enter the percentage change as a number, like 3.5 or -2" };
  const bp = (Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"))) * (m[1] === "-" ? -1 : 1);
  if (bp < -5000 || bp > 10000) return { ok: false, reason: "The percentage change must be between -50 and 100" };
  return { ok: true, basisPoints: bp };
}

/**
 * Run-rate forecast: the last `basisNights` nights' figure spread evenly over the nights
 * left, rounded half up. Assumes the nights and rates of the recent past carry on.
 */
export function runRateForecast(recentPence: number, basisNights: number, nightsLeft: number): number {
  if (basisNights <= 0 || nightsLeft <= 0) return 0;
  const sign = recentPence < 0 ? -1 : 1;
  return sign * mulDivRoundHalfUp(Math.abs(recentPence), nightsLeft, basisNights);
}
