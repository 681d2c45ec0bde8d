/**
 * Loading the register of districts (issue 20, item 4; ADR 0056) from the ONS list of local
 * authority district names and codes, as downloaded from the Open Geography Portal: the
 * administrator's upload on /admin/districts and `waypoint districts import` read it here.
 *
 * The file: a header row naming `LADyyCD` and `LADyyNM` for one year yy (any other column,
 * such as LADyyNMW, FID or ObjectId, is ignored), or `gss` and `name`. English districts
 * (E06, E07, E08, E09) are loaded; Welsh, Scottish and Northern Irish rows are counted and
 * skipped. Any other problem refuses the whole file, each with its row (the header is row 1,
 * a blank line is a row, a name holding a line break is not), and nothing changes.
 *
 * Loading adds new codes and renames changed names; it never touches the council and where
 * its notices go, which the council keeps, and never removes a district the file lacks.
 */
import { isUtf8 } from "node:buffer";
import { z } from "zod";
import { parse as csvParse, CsvError } from "csv-parse/sync";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import { audit } from "~/lib/audit.server";
import { withoutFormulaGuard } from "~/lib/csv.server";
import { withoutControlCharacters } from "~/lib/forms.server";
import { IMPORT_MESSAGES, sniffNotCsv } from "~/features/import/parse";

/** The ONS file is about 360 rows, under 30 KB; the limit stays under the server's 100 KB for a form. */
export const MAX_DISTRICT_FILE_BYTES = 90_000;

/** Where the file comes from, as the page and the docs say it. */
export const DISTRICTS_SOURCE = {
  title: "Local Authority Districts (May 2024) Names and Codes in the UK",
  publisher: "Office for National Statistics (ONS)",
  portal: "Open Geography Portal",
  licence: "Open Government Licence v3.0",
} as const;

export interface DistrictFileProblem {
  /** The spreadsheet row (header = 1); null for the whole file. */
  row: number | null;
  message: string;
}

export interface DistrictFromFile {
  row: number;
  gss: string;
  name: string;
}

export type ParsedDistrictFile =
  { ok: true; districts: DistrictFromFile[]; outsideEngland: number } | { ok: false; problems: DistrictFileProblem[] };

const ENGLISH = /^E0[6-9]\d{6}$/;
/** A Welsh, Scottish or Northern Irish code (W06…, S12…, N09…): skipped, not an error. */
const OUTSIDE_ENGLAND = /^[WSN]\d{8}$/;

const rowSchema = (codeColumn: string, nameColumn: string) =>
  z.object({
    gss: z
      .string()
      .regex(ENGLISH, `${codeColumn} must be the GSS code of an English district: E06, E07, E08 or E09 and 6 more digits, like E08000011`),
    name: z.string().min(1, `${nameColumn} is blank: enter the district's name`).max(120, `${nameColumn} must be 120 characters or fewer`),
  });

/** The columns to read, from the header row: LADyyCD and LADyyNM of one year, or gss and name. */
function columnsOf(header: string[]): { code: number; name: number; codeColumn: string; nameColumn: string } | string {
  const h = header.map((c) => withoutFormulaGuard(c.trim()).toUpperCase());
  const years = [...new Set(h.map((c) => /^LAD(\d{2})CD$/.exec(c)?.[1]).filter((y): y is string => !!y))].filter((y) =>
    h.includes(`LAD${y}NM`),
  );
  if (years.length > 1)
    return `The header row names the districts of more than one year (${years.map((y) => `LAD${y}CD`).join(", ")}). Upload the ONS names and codes file of one year`;
  if (years.length === 1) {
    const [y] = years;
    return { code: h.indexOf(`LAD${y}CD`), name: h.indexOf(`LAD${y}NM`), codeColumn: `LAD${y}CD`, nameColumn: `LAD${y}NM` };
  }
  if (h.includes("GSS") && h.includes("NAME"))
    return { code: h.indexOf("GSS"), name: h.indexOf("NAME"), codeColumn: "gss", nameColumn: "name" };
  return "The first row must be the header row of the ONS file, naming the columns LAD24CD and LAD24NM (or those of another year, like LAD23CD and LAD23NM), or gss and name";
}

function csvProblem(e: CsvError): DistrictFileProblem {
  const row = typeof (e as { lines?: unknown }).lines === "number" ? (e as unknown as { lines: number }).lines : null;
  if (e.code === "CSV_QUOTE_NOT_CLOSED") return { row, message: IMPORT_MESSAGES.quoteNotClosed() };
  if (e.code === "INVALID_OPENING_QUOTE" || e.code === "CSV_INVALID_CLOSING_QUOTE")
    return { row, message: IMPORT_MESSAGES.quoteMisplaced() };
  return { row, message: IMPORT_MESSAGES.unreadableRow(e.message) };
}

/**
 * Reads the file and checks every row: the English districts it names, or every problem
 * with its row. Pure: nothing is read from or written to the database.
 */
export function parseDistrictFile(content: Uint8Array | string): ParsedDistrictFile {
  const refuse = (row: number | null, message: string): ParsedDistrictFile => ({ ok: false, problems: [{ row, message }] });
  let text: string;
  if (typeof content === "string") text = content;
  else {
    if (content.length === 0) return refuse(null, "The file is empty");
    const known = sniffNotCsv(content.subarray(0, 16));
    if (known) return refuse(null, known);
    if (content.indexOf(0) !== -1) return refuse(null, IMPORT_MESSAGES.binary());
    if (!isUtf8(content)) return refuse(null, IMPORT_MESSAGES.notUtf8().replace("this row has", "it has"));
    text = new TextDecoder().decode(content);
  }
  if (text.includes("\u0000")) return refuse(null, IMPORT_MESSAGES.binary());
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = csvParse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, problems: [csvProblem(e)] };
    throw e;
  }
  const rows = records.map((r) => ({ row: r.info.records, cells: r.record })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (rows.length === 0) return refuse(null, "The file is empty");
  const [head, ...body] = rows;
  const cols = columnsOf(head.cells);
  if (typeof cols === "string") return refuse(head.row, cols);
  const schema = rowSchema(cols.codeColumn, cols.nameColumn);
  const problems: DistrictFileProblem[] = [];
  const districts: DistrictFromFile[] = [];
  const seen = new Map<string, number>();
  let outsideEngland = 0;
  for (const { row, cells } of body) {
    if (cells.length !== head.cells.length) {
      problems.push({
        row,
        message:
          cells.length > head.cells.length
            ? IMPORT_MESSAGES.tooManyCells(cells.length, head.cells.length)
            : IMPORT_MESSAGES.tooFewCells(cells.length, head.cells.length),
      });
      continue;
    }
    const cell = (i: number) => withoutControlCharacters(withoutFormulaGuard(cells[i].trim())).trim();
    const gss = cell(cols.code).toUpperCase();
    const first = seen.get(gss);
    if (gss !== "" && first !== undefined) {
      problems.push({ row, message: `${cols.codeColumn} ${gss} is also on row ${first}: each district is in the file once` });
      continue;
    }
    if (gss !== "") seen.set(gss, row);
    if (OUTSIDE_ENGLAND.test(gss)) {
      outsideEngland++;
      continue;
    }
    const r = schema.safeParse({ gss, name: cell(cols.name) });
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push({
          row,
          message: issue.path[0] === "gss" && gss !== "" ? `${issue.message} (the file has ${gss.slice(0, 20)})` : issue.message,
        });
      continue;
    }
    districts.push({ row, ...r.data });
  }
  if (problems.length) return { ok: false, problems };
  if (districts.length === 0)
    return refuse(
      body.length ? null : head.row,
      body.length
        ? "The file has no English districts (codes starting E06, E07, E08 or E09)"
        : "The file has a header row but no districts",
    );
  return { ok: true, districts, outsideEngland };
}

/** The one line that says why a file was refused: the first problem, with its row. */
export function describeRefusal(problems: readonly DistrictFileProblem[]): string {
  const first = problems[0];
  const where = first.row === null ? "" : `row ${first.row}: `;
  const lead =
    problems.length === 1 ? `${where}${first.message}` : `The file has ${problems.length} problems, the first on ${where}${first.message}`;
  return `${lead.charAt(0).toUpperCase()}${lead.slice(1)}. Nothing was saved`;
}

export interface DistrictLoadCounts {
  added: number;
  renamed: number;
  unchanged: number;
  outsideEngland: number;
  /** Districts in the register that the file does not have: kept as they are. */
  notInFile: number;
}

/** "2 added, 1 renamed, 300 unchanged, 22 outside England skipped". */
export function describeLoad(c: DistrictLoadCounts): string {
  return `${c.added} added, ${c.renamed} renamed, ${c.unchanged} unchanged, ${c.outsideEngland} outside England skipped`;
}

/**
 * Loads a checked file into the register in one transaction, audited as one event: new codes
 * added (council and notice address blank, for the council to fill in), changed names renamed,
 * everything else about a district left as the council keeps it. Nothing is removed.
 */
export async function loadDistricts(
  db: Kysely<DB>,
  actorId: number | null,
  file: { districts: readonly DistrictFromFile[]; outsideEngland: number },
  /** The file's name, as uploaded or given on the command line: the audit event's id. */
  fileName: string,
): Promise<DistrictLoadCounts> {
  const name = withoutControlCharacters(fileName).slice(0, 200);
  return db.transaction().execute(async (trx) => {
    const before = new Map(
      (await trx.selectFrom("districts").select(["gss", "name"]).orderBy("gss").forUpdate().execute()).map((d) => [d.gss, d.name]),
    );
    const added = file.districts.filter((d) => !before.has(d.gss));
    const renamed = file.districts.filter((d) => before.has(d.gss) && before.get(d.gss) !== d.name);
    const inFile = new Set(file.districts.map((d) => d.gss));
    if (added.length)
      await trx
        .insertInto("districts")
        .values(added.map((d) => ({ gss: d.gss, name: d.name })))
        // Added meanwhile by hand: the file's name, and the council's notice address kept.
        .onConflict((oc) => oc.column("gss").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
        .execute();
    for (const d of renamed) await trx.updateTable("districts").set({ name: d.name }).where("gss", "=", d.gss).execute();
    const counts: DistrictLoadCounts = {
      added: added.length,
      renamed: renamed.length,
      unchanged: file.districts.length - added.length - renamed.length,
      outsideEngland: file.outsideEngland,
      notInFile: [...before.keys()].filter((g) => !inFile.has(g)).length,
    };
    await audit(trx, {
      userId: actorId,
      action: "import",
      entity: "district",
      entityId: name,
      after: {
        source: DISTRICTS_SOURCE.title,
        file: name,
        counts,
        added: added.map((d) => ({ gss: d.gss, name: d.name })),
        renamed: renamed.map((d) => ({ gss: d.gss, from: before.get(d.gss), to: d.name })),
      },
    });
    return counts;
  });
}
