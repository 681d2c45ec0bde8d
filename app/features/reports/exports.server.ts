/**
 * The report exports: ta1, ta2, occupancy, length-of-stay, flow, statutory-extract and
 * data-quality. Names and columns are a published interface (issue 7,
 * part 3): only ever add. The pages' CSV downloads use the same functions, so
 * the numbers match.
 */
import { registerExport, type ExportParams } from "~/lib/exports.server";
import { csvStream, type CsvValue } from "~/lib/csv.server";
import {
  EXTRACT_COLUMNS,
  flow,
  lengthOfStay,
  occupancyByTaType,
  statutoryExtract,
  ta1,
  ta2,
  taTypes,
} from "~/features/reports/reports.server";
import { formatRate, TA1_LINES, TA2_LINES } from "~/features/reports/reports";
import { dataQuality } from "~/features/reports/data-quality.server";
import { addDays, addMonths, quarterEndOnOrBefore, type IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";

/** Default as-of: the last quarter end on or before today. */
export const defaultAsOf = (p: ExportParams): IsoDate => p.asOf ?? quarterEndOnOrBefore(p.today);
/** Default period: the twelve months to yesterday. */
export const defaultPeriod = (p: ExportParams): { from: IsoDate; to: IsoDate } => {
  const to = p.to ?? addDays(p.today, -1);
  return { from: p.from ?? addDays(addMonths(to, -12), 1), to };
};

/** Rounded for CSV: days to one decimal (a midpoint median can be 2.5). */
const days = (v: number | null): CsvValue => (v === null ? null : Math.round(v * 10) / 10);

export async function ta1Rows(db: Conn, asOf: IsoDate): Promise<CsvValue[][]> {
  const c = await ta1(db, asOf);
  return TA1_LINES.map((l) => [l, c[l]]);
}

export async function ta2Rows(db: Conn, asOf: IsoDate): Promise<CsvValue[][]> {
  const c = await ta2(db, asOf);
  return [["total", c.total], ...TA2_LINES.map((l) => [l, c[l]])];
}

export async function occupancyRows(db: Conn, from: IsoDate, to: IsoDate): Promise<CsvValue[][]> {
  const rows = await occupancyByTaType(db, from, to);
  return rows.map((r) => [r.key, r.available, r.occupied, r.voids, formatRate(r.rate)]);
}

export async function lengthOfStayRows(db: Conn, asOf: IsoDate): Promise<CsvValue[][]> {
  const [{ all, groups }, types] = await Promise.all([lengthOfStay(db, asOf, "ta_type"), taTypes(db)]);
  const byKey = new Map(groups.map((g) => [g.key, g.summary]));
  const row = (key: string, s: typeof all | undefined): CsvValue[] =>
    s
      ? [key, s.episodes, s.ended, s.stillInTa, days(s.median), days(s.medianLower), days(s.medianUpper), days(s.p25), days(s.p75)]
      : [key, 0, 0, 0, null, null, null, null, null];
  return [row("all", all), ...types.map((t) => row(t.code, byKey.get(t.code)))];
}

export async function flowRows(db: Conn, from: IsoDate, to: IsoDate): Promise<CsvValue[][]> {
  const f = await flow(db, { from, to, interval: "month" });
  return f.rows.map((r) => [r.start, r.end, r.entries, r.exits, r.transfers, r.netChange, r.inTaAtEnd]);
}

export const FLOW_COLUMNS = ["period_start", "period_end", "entries", "exits", "transfers", "net_change", "in_ta_at_end"] as const;
export const LOS_COLUMNS = [
  "group",
  "episodes",
  "ended",
  "still_in_ta",
  "median_days",
  "median_lower",
  "median_upper",
  "p25_days",
  "p75_days",
] as const;
export const OCCUPANCY_COLUMNS = ["group", "available_nights", "occupied_nights", "void_nights", "occupancy_rate"] as const;

async function* lazy(rows: () => Promise<CsvValue[][]>): AsyncGenerator<CsvValue[]> {
  for (const r of await rows()) yield r;
}

registerExport({
  name: "ta1",
  description: "MHCLG table TA1 as at the night of --as-of (default: the last quarter end): one row per line",
  params: ["asOf"],
  run: (db, p) =>
    csvStream(
      ["line", "households"],
      lazy(() => ta1Rows(db, defaultAsOf(p))),
    ),
});

registerExport({
  name: "ta2",
  description: "MHCLG table TA2 (household composition) as at the night of --as-of: one row per line and the total",
  params: ["asOf"],
  run: (db, p) =>
    csvStream(
      ["line", "households"],
      lazy(() => ta2Rows(db, defaultAsOf(p))),
    ),
});

registerExport({
  name: "occupancy",
  description: "Available, occupied and void unit-nights and occupancy rate from --from to --to (both included): all, and per TA type",
  params: ["from", "to"],
  run: (db, p) => {
    const { from, to } = defaultPeriod(p);
    return csvStream(
      OCCUPANCY_COLUMNS,
      lazy(() => occupancyRows(db, from, to)),
    );
  },
});

registerExport({
  name: "length-of-stay",
  description: "Kaplan-Meier length of stay per TA episode as at --as-of (open episodes censored): all, and per TA type at entry",
  params: ["asOf"],
  run: (db, p) =>
    csvStream(
      LOS_COLUMNS,
      lazy(() => lengthOfStayRows(db, p.asOf ?? p.today)),
    ),
});

registerExport({
  name: "flow",
  description: "Entries, exits, transfers, net change and households in TA at the end of each month from --from to --to",
  params: ["from", "to"],
  run: (db, p) => {
    const { from, to } = defaultPeriod(p);
    return csvStream(
      FLOW_COLUMNS,
      lazy(() => flowRows(db, from, to)),
    );
  },
});

registerExport({
  name: "statutory-extract",
  description: "Every placement started by --as-of, as known on that date, with the council's case reference and the placement TA1 counts",
  params: ["asOf"],
  // The whole council's case-level data: managers and administrators only.
  permission: "export:personal-data",
  run: (db, p) => csvStream(EXTRACT_COLUMNS, statutoryExtract(db, defaultAsOf(p))),
});

export const DATA_QUALITY_COLUMNS = ["kind", "case_ref", "other_case_ref", "unit_ref", "problem"] as const;

registerExport({
  name: "data-quality",
  description:
    "Every problem that would make a statutory return or a figure wrong, on today's data: one row each, with the household or unit to fix (added December 2026)",
  params: [],
  permission: "export:personal-data",
  run: (db, p) =>
    csvStream(
      DATA_QUALITY_COLUMNS,
      lazy(async () => (await dataQuality(db, p.today)).map((r) => [r.kind, r.caseRef, r.otherCaseRef, r.unitRef, r.problem])),
    ),
});
