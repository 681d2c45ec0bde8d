/**
 * Parsers for the values in the import template's cells.
 *
 * Each takes the cell as written and the column name used in its message, and
 * returns the value in the form the app stores (ISO dates, integer pence,
 * booleans, lower-case codes, normalised postcodes) or a reason in GOV.UK
 * style that a person fixing the spreadsheet can act on. None of them throws,
 * whatever the input (a 10 MB cell included).
 *
 * Every parser trims the cell first. A blank cell gets "Enter <column>":
 * callers deal with optional columns before calling.
 */
import { isIsoDate, type IsoDate } from "~/lib/dates";
import { PARSE_POUNDS_REASONS, parsePounds } from "~/features/money/money";
import { MAX_YEAR, MIN_YEAR, NO_VALUES, YES_VALUES } from "./template";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (reason: string): ParseResult<never> => ({ ok: false, reason });

const pounds = (pence: number): string =>
  `£${(pence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Every message a cell can get, by the column name it is about. */
export const VALUE_MESSAGES = {
  blank: (f: string) => `Enter ${f}`,
  tooLong: (f: string, max: number) => `${f} must be ${max.toLocaleString("en-GB")} characters or less`,
  lineBreak: (f: string) => `${f} must be on one line`,
  excelNumber: (f: string) =>
    `${f} looks like a number Excel has shortened (like 1.23E+11). Format the column as Text in Excel and enter the full references again`,
  dateFormat: (f: string) => `${f} must be a date in the format YYYY-MM-DD or DD/MM/YYYY, like 2026-01-05 or 05/01/2026`,
  dateNotReal: (f: string) => `${f} is not a real date`,
  dateDayFirst: (f: string) => `${f} is not a real date. Put the day first: DD/MM/YYYY`,
  dateExcelSerial: (f: string) =>
    `${f} looks like a date number from Excel. Format the column as a date (DD/MM/YYYY) in Excel, or write it as YYYY-MM-DD`,
  dateYear: (f: string) => `${f} must be between ${MIN_YEAR} and ${MAX_YEAR}`,
  moneyFormat: (f: string) => `${f} must be an amount in pounds and pence, like 57.00 or £57`,
  moneyPence: (f: string) => `${f} must have 2 digits for pence, like 57.50`,
  moneyNegative: (f: string) => `${f} must be £0.00 or more`,
  moneyTooBig: (f: string, maxPence: number) => `${f} must be ${pounds(maxPence)} or less`,
  yesNo: (f: string) => `${f} must be yes or no`,
  code: (f: string, allowed: readonly string[]) => `${f} must be one of: ${allowed.join(", ")}`,
  wholeNumber: (f: string) => `${f} must be a whole number, like 2`,
  numberRange: (f: string, min: number, max: number) => `${f} must be between ${min} and ${max}`,
  gssCode: (f: string) => `${f} must be a GSS code: E, W, S or N followed by 8 digits, like E08000012`,
  postcode: (f: string) => `${f} must be a full UK postcode, like SW1A 1AA`,
  email: (f: string) => `${f} must be an email address in the correct format, like name@example.com`,
  phone: (f: string) => `${f} must be a telephone number, like 01632 960 001 or +44 808 157 0192`,
} as const;

const M = VALUE_MESSAGES;

/** Characters (code points) in `s`, counting no further than `limit + 1`. */
function exceedsLength(s: string, limit: number): boolean {
  if (s.length <= limit) return false;
  let count = 0;
  for (const _ of s) if (++count > limit) return true;
  return false;
}

/** Free text. Line breaks only when `multiline`. */
export function parseText(
  raw: string,
  field: string,
  { maxLength, multiline = false }: { maxLength: number; multiline?: boolean },
): ParseResult<string> {
  let s = raw.trim();
  // Waypoint's exports put an apostrophe before a cell starting = + - @ (the formula
  // guard, app/lib/csv.server.ts); taking it off here imports an export back unchanged.
  if (/^'[=+\-@\t\r]/.test(s)) s = s.slice(1);
  if (s === "") return fail(M.blank(field));
  if (exceedsLength(s, maxLength)) return fail(M.tooLong(field, maxLength));
  if (!multiline && /[\r\n]/.test(s)) return fail(M.lineBreak(field));
  return ok(s);
}

/**
 * A reference (case_ref, unit_ref): text on one line, matched exactly.
 * Refuses what Excel makes of a long numeric reference (1.23457E+11), which
 * would silently stop matching.
 */
export function parseReference(raw: string, field: string, { maxLength }: { maxLength: number }): ParseResult<string> {
  const text = parseText(raw, field, { maxLength });
  if (!text.ok) return text;
  if (/^\d(\.\d+)?E\+\d+$/i.test(text.value)) return fail(M.excelNumber(field));
  return text;
}

// The dates module parses with luxon, which is slow enough to matter for
// 100,000-row files; dates repeat a lot, so remember recent answers.
const realIso = new Map<string, boolean>();
function isRealIso(iso: string): boolean {
  let known = realIso.get(iso);
  if (known === undefined) {
    if (realIso.size >= 20_000) realIso.clear();
    known = isIsoDate(iso);
    realIso.set(iso, known);
  }
  return known;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A calendar date written YYYY-MM-DD, or DD/MM/YYYY (day first, as a UK
 * spreadsheet shows it; leading zeros optional). Anything else is refused
 * rather than guessed: 2026/01/05, 5-1-26, 05/01/26, dates with times.
 */
export function parseDate(raw: string, field: string): ParseResult<IsoDate> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  let iso: string;
  const isoMatch = ISO_DATE.exec(s);
  const ukMatch = isoMatch ? null : UK_DATE.exec(s);
  if (isoMatch) {
    iso = s;
    if (!isRealIso(iso)) return fail(M.dateNotReal(field));
  } else if (ukMatch) {
    const [, d, m, y] = ukMatch;
    iso = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    if (!isRealIso(iso)) {
      // 12/25/2026: written month first
      const swapped = `${y}-${d.padStart(2, "0")}-${m.padStart(2, "0")}`;
      return fail(Number(m) > 12 && isRealIso(swapped) ? M.dateDayFirst(field) : M.dateNotReal(field));
    }
  } else if (/^\d{5}(\.\d+)?$/.test(s)) {
    return fail(M.dateExcelSerial(field));
  } else {
    return fail(M.dateFormat(field));
  }
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(M.dateYear(field));
  return ok(iso);
}

/**
 * Pounds and pence into integer pence: "57", "57.00", "£57", "£1,234.50".
 * The grammar is the money module's (parsePounds); this adds the column's
 * limit and says what is wrong in the column's words. Pence, when given, must
 * be 2 digits ("£1,234.5" and "57.123" are refused rather than rounded).
 */
export function parseMoney(raw: string, field: string, { maxPence }: { maxPence: number }): ParseResult<number> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  // the accountant's negative: (£57.00)
  if (/^\(.*\)$/.test(s) && parsePounds(s.slice(1, -1)).ok) return fail(M.moneyNegative(field));
  const parsed = parsePounds(s);
  if (parsed.ok) return parsed.pence > maxPence ? fail(M.moneyTooBig(field, maxPence)) : ok(parsed.pence);
  if (parsed.reason === PARSE_POUNDS_REASONS.negative) return fail(M.moneyNegative(field));
  if (parsed.reason === PARSE_POUNDS_REASONS.tooLarge) return fail(M.moneyTooBig(field, maxPence));
  // readable but for the pence: "57.5", "57.123"
  if (/\.\d+$/.test(s) && parsePounds(s.replace(/\.\d+$/, "")).ok) return fail(M.moneyPence(field));
  return fail(M.moneyFormat(field));
}

const YES = new Set<string>(YES_VALUES);
const NO = new Set<string>(NO_VALUES);

/** yes, no, y, n, true or false, in any case. */
export function parseYesNo(raw: string, field: string): ParseResult<boolean> {
  const s = raw.trim().toLowerCase();
  if (s === "") return fail(M.blank(field));
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return fail(M.yesNo(field));
}

/** One of `allowed` (lower-case codes), in any case; returns the code as listed. */
export function parseCode<T extends string>(raw: string, field: string, allowed: readonly T[]): ParseResult<T> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  const lower = s.toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === lower);
  return found === undefined ? fail(M.code(field, allowed)) : ok(found);
}

/** A whole number from `min` to `max`, written in digits. */
export function parseInteger(raw: string, field: string, { min, max }: { min: number; max: number }): ParseResult<number> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  if (!/^[-+]?\d+$/.test(s)) return fail(M.wholeNumber(field));
  const n = Number(s);
  if (!(n >= min && n <= max)) return fail(M.numberRange(field, min, max));
  return ok(n);
}

/** A 9-character GSS code (E08000012), returned in upper case. */
export function parseGssCode(raw: string, field: string): ParseResult<string> {
  const s = raw.trim().toUpperCase();
  if (s === "") return fail(M.blank(field));
  return /^[EWSN]\d{8}$/.test(s) ? ok(s) : fail(M.gssCode(field));
}

const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?|GIR)(\d[A-Z]{2})$/;

/** A full UK postcode, returned in upper case with one space: "sw1a1aa" gives "SW1A 1AA". */
export function parsePostcode(raw: string, field: string): ParseResult<string> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  if (s.length > 16) return fail(M.postcode(field));
  const compact = s.replace(/\s+/g, "").toUpperCase();
  const m = POSTCODE.exec(compact);
  if (!m || (m[1] === "GIR" && m[2] !== "0AA")) return fail(M.postcode(field));
  return ok(`${m[1]} ${m[2]}`);
}

/** An email address: something@domain.tld, no spaces. Kept as written. */
export function parseEmail(raw: string, field: string, { maxLength = 254 }: { maxLength?: number } = {}): ParseResult<string> {
  let s = raw.trim();
  // Waypoint's exports put an apostrophe before a cell starting = + - @ (the formula
  // guard, app/lib/csv.server.ts); taking it off here imports an export back unchanged.
  if (/^'[=+\-@\t\r]/.test(s)) s = s.slice(1);
  if (s === "") return fail(M.blank(field));
  if (exceedsLength(s, maxLength)) return fail(M.tooLong(field, maxLength));
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s) ? ok(s) : fail(M.email(field));
}

/**
 * A telephone number: digits, spaces, brackets and hyphens, with an optional
 * leading +, and 10 to 15 digits. Kept as written, spaces tidied.
 */
export function parsePhone(raw: string, field: string): ParseResult<string> {
  const s = raw.trim();
  if (s === "") return fail(M.blank(field));
  if (s.length > 30 || !/^\+?[\d ()-]+$/.test(s)) return fail(M.phone(field));
  const digits = s.replace(/\D/g, "").length;
  if (digits < 10 || digits > 15) return fail(M.phone(field));
  return ok(s.replace(/\s+/g, " "));
}
