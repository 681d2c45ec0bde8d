/**
 * The invoice lines CSV (documented in docs/invoice-csv.md): one header row, then one row
 * per line. Pure: every row is checked and every problem reported with its row number and
 * reason; a file with any problem is refused as a whole (nothing half-saved).
 */
import { addDays, type IsoDate } from "~/lib/dates";
import { parseDate, parseMoney } from "~/features/import/values";

export const INVOICE_CSV_COLUMNS = ["unit_ref", "household_ref", "first_night", "last_night", "amount"] as const;
export const MAX_INVOICE_LINE_PENCE = 100_000_000;
export const MAX_INVOICE_LINES = 5000;
/** The largest invoice file accepted (the page says so, and the server stops reading beyond it). */
export const MAX_INVOICE_FILE_BYTES = 5 * 1024 * 1024;

export interface ParsedInvoiceLine {
  lineNo: number;
  unitRef: string;
  householdRef: string | null;
  /** Nights [from, to): `to` is the day after the last night billed. */
  from: IsoDate;
  to: IsoDate;
  amountPence: number;
}

export interface CsvProblem {
  row: number;
  column: string | null;
  message: string;
}

/** RFC 4180 rows: quoted fields, doubled quotes, CRLF or LF. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = "",
    quoted = false,
    i = 0;
  const s = text.replace(/^\uFEFF/, "");
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ",") {
      row.push(field);
      field = "";
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && s[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ""));
}

/** A line's nights from its first and last night (both inclusive), with the form's and CSV's messages. */
export function lineNights(first: IsoDate, last: IsoDate): { ok: true; from: IsoDate; to: IsoDate } | { ok: false; message: string } {
  if (last < first) return { ok: false, message: "The last night must be the same as or after the first night" };
  return { ok: true, from: first, to: addDays(last, 1) };
}

export function parseInvoiceCsv(text: string): { ok: true; lines: ParsedInvoiceLine[] } | { ok: false; problems: CsvProblem[] } {
  const rows = csvRows(text);
  if (rows.length === 0) return { ok: false, problems: [{ row: 1, column: null, message: "The file is empty" }] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const missing = INVOICE_CSV_COLUMNS.filter((c) => c !== "household_ref" && !header.includes(c));
  const unknown = header.filter((h) => !(INVOICE_CSV_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    return {
      ok: false,
      problems: [
        {
          row: 1,
          column: null,
          message:
            [
              missing.length ? `The header row is missing ${missing.join(", ")}` : "",
              unknown.length ? `The header row has columns this file does not take: ${unknown.join(", ")}` : "",
            ]
              .filter(Boolean)
              .join(". ") + `. The columns are ${INVOICE_CSV_COLUMNS.join(",")}`,
        },
      ],
    };
  }
  if (rows.length === 1)
    return { ok: false, problems: [{ row: 1, column: null, message: "The file has a header row but no invoice lines" }] };
  if (rows.length - 1 > MAX_INVOICE_LINES)
    return { ok: false, problems: [{ row: 1, column: null, message: `An invoice can have at most ${MAX_INVOICE_LINES} lines` }] };
  const col = (r: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? "" : (r[i] ?? "");
  };
  const problems: CsvProblem[] = [];
  const lines: ParsedInvoiceLine[] = [];
  rows.slice(1).forEach((r, idx) => {
    const row = idx + 2;
    if (r.length !== header.length) {
      problems.push({ row, column: null, message: `Row ${row} has ${r.length} cells but the header has ${header.length}` });
      return;
    }
    const unitRef = col(r, "unit_ref").trim();
    const householdRef = col(r, "household_ref").trim();
    let ok = true;
    if (unitRef === "") {
      problems.push({ row, column: "unit_ref", message: "Enter the unit reference" });
      ok = false;
    } else if (unitRef.length > 60) {
      problems.push({ row, column: "unit_ref", message: "The unit reference must be 60 characters or fewer" });
      ok = false;
    }
    if (householdRef.length > 60) {
      problems.push({ row, column: "household_ref", message: "The household reference must be 60 characters or fewer" });
      ok = false;
    }
    const first = parseDate(col(r, "first_night"), "first_night");
    const last = parseDate(col(r, "last_night"), "last_night");
    const amount = parseMoney(col(r, "amount"), "amount", { maxPence: MAX_INVOICE_LINE_PENCE });
    if (!first.ok) {
      problems.push({ row, column: "first_night", message: first.reason });
      ok = false;
    }
    if (!last.ok) {
      problems.push({ row, column: "last_night", message: last.reason });
      ok = false;
    }
    if (!amount.ok) {
      problems.push({ row, column: "amount", message: amount.reason });
      ok = false;
    }
    if (!ok || !first.ok || !last.ok || !amount.ok) return;
    const nights = lineNights(first.value, last.value);
    if (!nights.ok) {
      problems.push({ row, column: "last_night", message: nights.message });
      return;
    }
    lines.push({
      lineNo: lines.length + 1,
      unitRef,
      householdRef: householdRef || null,
      from: nights.from,
      to: nights.to,
      amountPence: amount.value,
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, lines };
}
