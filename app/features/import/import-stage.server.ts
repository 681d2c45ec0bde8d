/**
 * The staged half of an import: rows are streamed from the files into
 * temporary tables (5,000 rows per statement, one json parameter, the same on
 * pg and PGlite) and dropped from memory; the checks across rows and files are
 * then set-based SQL over those tables, and every problem is kept in a
 * temporary table too, to be read out a page at a time in reading order. So
 * memory stays flat however large the files, or however many their problems.
 *
 * These SQL checks are the one home of the checks across rows and files (their
 * messages are IMPORT_MESSAGES in parse.ts). tests/support/reference-import.ts states them
 * in memory, and tests/features/import/import-checks.db.test.ts holds the SQL to it.
 *
 * All of it runs in one database session (temporary tables belong to one):
 * on PostgreSQL a connection reserved for the import; on PGlite, which has one
 * connection, the database itself, so other requests (the upload page asking
 * for progress) still run between the import's statements.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "~/lib/db/schema";
import { engineOf } from "~/lib/db/connect";
import { formatDate, type IsoDate } from "~/lib/dates";
import { IMPORT_MESSAGES as MSG, type ImportProblem, type RowSink, type StreamedFile } from "~/features/import/parse";
import { IMPORT_TEMPLATE, type ImportFileKind, type TemplateColumn } from "~/features/import/template";

/** Rows per staging statement, and problems per page read out. */
export const BATCH = 5000;

/** The key providers are matched by: name_key() (migration 0051). */
export const providerKeySql = (col: string) => sql.raw(`name_key(${col})`);

/** Runs `fn` on one session: a reserved connection on PostgreSQL, the database itself on PGlite. */
export async function withSession<T>(db: Kysely<DB>, fn: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  if (engineOf(db) === "pglite") return fn(db);
  return db.connection().execute(fn);
}

// ---------------------------------------------------------------- messages of the checks against Waypoint

export const WAYPOINT_MESSAGES = {
  propertyClash: (property: string, firstRow: number) =>
    `Property ${property} of this provider is on row ${firstRow} with a different town, postcode or district_gss. The unit is imported with its own; check they are right`,
  otherLead: (caseRef: string, lead: string) =>
    `Household ${caseRef} already has a lead member in Waypoint, ${lead}. Each household has exactly one lead: give ${lead} another relationship in this file, or make this row not the lead`,
  outOfService: (unitRef: string, night: IsoDate) => `Unit ${unitRef} is out of service in Waypoint on the night of ${formatDate(night)}`,
  unitOverlap: (unitRef: string, caseRef: string | null, start: IsoDate, night: IsoDate) =>
    `This placement overlaps a placement already in Waypoint in unit ${unitRef} (household ${caseRef}, from ${formatDate(start)}): both include the night of ${formatDate(night)}`,
  householdOverlap: (caseRef: string, unitRef: string, start: IsoDate, night: IsoDate) =>
    `This placement overlaps a placement of household ${caseRef} already in Waypoint (unit ${unitRef}, from ${formatDate(start)}): both include the night of ${formatDate(night)}`,
  outOfServiceOnPlacement: (unitRef: string, caseRef: string, start: IsoDate, night: IsoDate) =>
    `This period overlaps a placement already in Waypoint in unit ${unitRef} (household ${caseRef}, from ${formatDate(start)}): both include the night of ${formatDate(night)}`,
  outOfServiceOnOutOfService: (unitRef: string, start: IsoDate, night: IsoDate) =>
    `This period overlaps a period already in Waypoint when unit ${unitRef} is out of service (from ${formatDate(start)}): both include the night of ${formatDate(night)}`,
  constraintOverlap: () =>
    "This placement overlaps another booking of its unit already in Waypoint. Check its dates against the unit's placements",
} as const;

const THINGS: Partial<Record<ImportFileKind, string>> = { providers: "provider", units: "unit", households: "household" };

interface StoredProblem {
  id: number;
  file_no: number;
  r: number;
  col: number;
  ord: number;
  row: number | null;
  column_name: string | null;
  value: string | null;
  message: string | null;
  code: string | null;
  a_int: number | null;
  a_text: string | null;
  b_text: string | null;
  a_date: IsoDate | null;
  b_date: IsoDate | null;
  severity: "error" | "warning";
}

/** The message of a problem found in SQL, from its code and arguments. */
function messageOf(p: StoredProblem): string {
  if (p.message !== null) return p.message;
  const [a, t, u, d, e] = [p.a_int!, p.a_text!, p.b_text!, p.a_date!, p.b_date!];
  switch (p.code) {
    case "dup_key":
      return MSG.duplicateKey(p.column_name!, t, a);
    case "dup_rate":
      return MSG.duplicateRate(t, d, a);
    case "dup_inspection":
      return MSG.duplicateInspection(t, d, a);
    case "dup_certificate":
      return MSG.duplicateCertificate(t, u, d, a);
    case "dup_member":
      return MSG.duplicateMember(a);
    case "second_lead":
      return MSG.secondLead(t, a);
    case "no_lead":
      return MSG.noLead(t);
    case "unknown_ref": {
      const kind = u as ImportFileKind;
      return MSG.unknownReference(p.column_name!, t, THINGS[kind]!, IMPORT_TEMPLATE[kind].fileName);
    }
    case "unit_overlap":
      return MSG.unitOverlap(a, t, d);
    case "household_overlap":
      return MSG.householdOverlap(a, t, d);
    case "transfer_destination":
      return MSG.destinationOnTransfer(a);
    case "no_destination":
      return MSG.noDestination();
    case "property_clash":
      return WAYPOINT_MESSAGES.propertyClash(t, a);
    case "other_lead":
      return WAYPOINT_MESSAGES.otherLead(t, u);
    case "out_of_service":
      return WAYPOINT_MESSAGES.outOfService(t, d);
    case "waypoint_unit_overlap":
      return WAYPOINT_MESSAGES.unitOverlap(t, u, e, d);
    case "waypoint_household_overlap":
      return WAYPOINT_MESSAGES.householdOverlap(t, u, e, d);
    case "oos_overlap":
      return MSG.outOfServiceOverlap(a, t, d);
    case "oos_placement":
      return MSG.outOfServicePlacement(a, t, d);
    case "waypoint_oos_placement":
      return WAYPOINT_MESSAGES.outOfServiceOnPlacement(t, u, e, d);
    case "waypoint_oos_oos":
      return WAYPOINT_MESSAGES.outOfServiceOnOutOfService(t, e, d);
    case "constraint_overlap":
      return WAYPOINT_MESSAGES.constraintOverlap();
    default:
      throw new Error(`unknown import problem code ${p.code}`);
  }
}

// ---------------------------------------------------------------- the staging tables

const SQL_TYPES: Record<TemplateColumn["format"]["type"], string> = {
  text: "text",
  reference: "text",
  date: "date",
  money: "integer",
  yes_no: "boolean",
  code: "text",
  integer: "integer",
  gss_code: "text",
  postcode: "text",
  email: "text",
  phone: "text",
};

/** Keys the checks compare names by: name_key() (migration 0051), the one key of a name. */
const KEY_COLUMNS: Partial<Record<ImportFileKind, string>> = {
  providers: "name_key text GENERATED ALWAYS AS (name_key(provider_name)) STORED",
  units: "provider_key text GENERATED ALWAYS AS (name_key(provider_name)) STORED",
  members: "name_key text GENERATED ALWAYS AS (name_key(name)) STORED",
};
/** Columns the writing fills in. */
const ID_COLUMNS: Partial<Record<ImportFileKind, string>> = {
  units: "provider_id bigint, property_id bigint",
  members: "household_id bigint, member_id bigint",
  placements: "household_id bigint, unit_id bigint, placement_duty text, placement_id bigint",
  out_of_service: "unit_id bigint, out_of_service_id bigint",
  inspections: "unit_id bigint, property_id bigint, inspection_id bigint",
  certificates: "unit_id bigint, property_id bigint, certificate_id bigint",
};

/** The columns of a kind's staging table as json_to_recordset reads them: the template's, the row, whether it passed. */
function recordColumns(kind: ImportFileKind): string {
  return ["row integer", "ok boolean", ...IMPORT_TEMPLATE[kind].columns.map((c) => `${c.name} ${SQL_TYPES[c.format.type]}`)].join(", ");
}

/** Where problems found in one stage of checking sort, after those of earlier stages on the same row and column. */
const STAGE = {
  parse: 0,
  dupKey: 1,
  dupRate: 2,
  secondLead: 3,
  dupMember: 4,
  unitOverlap: 5,
  householdOverlap: 6,
  transfer: 7,
  outOfServiceOverlap: 8,
  reference: 10,
  outOfServicePlacement: 11,
  noLead: 20,
  duplicateFile: 30,
  propertyClash: 40,
  otherLead: 41,
  waypointUnit: 42,
  waypointHousehold: 43,
  waypointOutOfService: 44,
  database: 50,
} as const;
const STAGE_SPAN = 10_000_000_000; // more than any row number or count of problems found while reading

/** One file of the import, as staged. */
export interface StagedFile extends StreamedFile {
  fileNo: number;
  /** The first file of its kind: the one checked against the others and written. */
  primary: boolean;
  table: string;
  /** Rows staged (read with the right number of cells). */
  staged: number;
}

function columnIndex(kind: ImportFileKind | null, column: string | undefined): number {
  if (!kind || column === undefined) return -1;
  return IMPORT_TEMPLATE[kind].columns.findIndex((c) => c.name === column);
}

/** A trusted integer (file number, column index, stage) written into the SQL. */
const n = (x: number) => sql.raw(String(Math.trunc(x)));
const ord = (stage: number, row: string) => sql.raw(`${stage}::bigint * ${STAGE_SPAN} + ${row}`);

const shownSql = (x: string) => sql.raw(`CASE WHEN length(${x}) > 100 THEN left(${x}, 100) || '…' ELSE ${x} END`);

export class ImportStage {
  readonly id = randomBytes(6).toString("hex");
  readonly problems: string;
  private problemBuffer: Record<string, unknown>[] = [];
  private parseOrd = 0;
  private tables: string[] = [];

  constructor(readonly conn: Kysely<DB>) {
    this.problems = `imp_${this.id}_problems`;
  }

  tableFor(kind: ImportFileKind, fileNo: number, primary: boolean): string {
    return primary ? `imp_${this.id}_${kind}` : `imp_${this.id}_f${fileNo}`;
  }

  t(table: string): RawBuilder<unknown> {
    return sql.raw(table);
  }

  async create(): Promise<void> {
    await sql
      .raw(
        `CREATE TEMP TABLE ${this.problems} (
      id bigserial, file_no integer NOT NULL, r integer NOT NULL, col integer NOT NULL, ord bigint NOT NULL,
      row integer, column_name text, value text, message text, code text,
      a_int integer, a_text text, b_text text, a_date date, b_date date, severity text NOT NULL)`,
      )
      .execute(this.conn);
    this.tables.push(this.problems);
  }

  /** A staging table for a kind (created empty for a kind with no file, so the writing reads it the same). */
  async createTable(kind: ImportFileKind, table: string): Promise<void> {
    const extra = [KEY_COLUMNS[kind], ID_COLUMNS[kind]]
      .filter(Boolean)
      .map((c) => `, ${c}`)
      .join("");
    await sql.raw(`CREATE TEMP TABLE ${table} (${recordColumns(kind)}${extra})`).execute(this.conn);
    this.tables.push(table);
  }

  async drop(): Promise<void> {
    if (this.tables.length) await sql.raw(`DROP TABLE IF EXISTS ${this.tables.join(", ")}`).execute(this.conn);
    this.tables = [];
  }

  /** Keeps a problem found in JS (reading, or a whole-file problem). */
  addProblem(fileNo: number, kind: ImportFileKind | null, p: ImportProblem, ord = this.parseOrd++): void {
    this.problemBuffer.push({
      file_no: fileNo,
      r: p.row ?? 0,
      col: columnIndex(kind, p.column),
      ord,
      row: p.row,
      column_name: p.column ?? null,
      value: p.value ?? null,
      message: p.message,
      severity: p.severity,
    });
  }

  async flushProblems(): Promise<void> {
    if (this.problemBuffer.length === 0) return;
    const json = JSON.stringify(this.problemBuffer);
    this.problemBuffer = [];
    await sql`
      INSERT INTO ${sql.raw(this.problems)} (file_no, r, col, ord, row, column_name, value, message, severity)
      SELECT * FROM json_to_recordset(${json}::json)
        AS t(file_no integer, r integer, col integer, ord bigint, row integer, column_name text, value text, message text, severity text)`.execute(
      this.conn,
    );
  }

  /** A sink for one file's rows and problems, writing both out 5,000 at a time. */
  sink(fileNo: number, kind: ImportFileKind, table: string, counter: { staged: number }): RowSink & { end(): Promise<void> } {
    let rows: Record<string, unknown>[] = [];
    const columns = recordColumns(kind);
    // One batch is written while the next is read: the database works as the file streams in.
    let inFlight: Promise<unknown> = Promise.resolve();
    const flushRows = async () => {
      if (rows.length === 0) return;
      const json = JSON.stringify(rows);
      rows = [];
      await inFlight;
      inFlight = sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.replace(/ [a-z]+(,|$)/g, "$1"))})
        SELECT * FROM json_to_recordset(${json}::json) AS t(${sql.raw(columns)})`.execute(this.conn);
      inFlight.catch(() => {}); // awaited (and thrown) at the next batch or the end
    };
    return {
      row: (row, values, ok) => {
        rows.push({ ...values, row, ok });
        counter.staged++;
      },
      problem: (p) => this.addProblem(fileNo, kind, p),
      drain: async () => {
        if (rows.length >= BATCH) await flushRows();
        if (this.problemBuffer.length >= BATCH) await this.flushProblems();
      },
      // at the end of the file: write out whatever is left
      end: async () => {
        await flushRows();
        await inFlight;
      },
    };
  }

  private insertProblems(select: RawBuilder<unknown>) {
    return sql`INSERT INTO ${sql.raw(this.problems)} (file_no, r, col, ord, row, column_name, value, code, a_int, a_text, b_text, a_date, b_date, severity) ${select}`.execute(
      this.conn,
    );
  }

  // ---------------------------------------------------------------- checks across rows and files

  /**
   * The checks across the rows of one file and across the files. Rows refused by a duplicate
   * check are marked not ok (they would not have become records).
   */
  async checkFiles(files: readonly StagedFile[]): Promise<void> {
    await this.flushProblems();
    for (const f of files) if (f.kind) await this.checkInFile(f);

    const primary = new Map<ImportFileKind, StagedFile>();
    for (const f of files) if (f.kind && f.primary) primary.set(f.kind, f);
    const refs: [ImportFileKind, string, ImportFileKind][] = [
      ["units", "provider_name", "providers"],
      ["unit_rates", "unit_ref", "units"],
      ["members", "case_ref", "households"],
      ["placements", "case_ref", "households"],
      ["placements", "unit_ref", "units"],
      ["out_of_service", "unit_ref", "units"],
      ["inspections", "unit_ref", "units"],
      ["certificates", "unit_ref", "units"],
    ];
    for (const [fromKind, column, toKind] of refs) {
      const from = primary.get(fromKind);
      if (!from) continue;
      const to = primary.get(toKind);
      if (to && !to.keysReadable) continue;
      await this.checkReferences(from, column, toKind, to ?? null);
    }

    const households = primary.get("households");
    const members = primary.get("members");
    if (households?.keysReadable && members?.leadsReadable) {
      const [h, m] = [sql.raw(households.table), sql.raw(members.table)];
      await this.insertProblems(sql`
        SELECT ${n(households.fileNo)}, first, ${n(columnIndex("households", "case_ref"))}, ${ord(STAGE.noLead, "first")}, first,
               'case_ref', ${shownSql("case_ref")}, 'no_lead', NULL, case_ref, NULL, NULL, NULL, 'error'
        FROM (SELECT case_ref, min(row) AS first FROM ${h} WHERE case_ref IS NOT NULL GROUP BY case_ref) x
        WHERE NOT EXISTS (SELECT 1 FROM ${m} l WHERE l.case_ref = x.case_ref AND l.relationship = 'lead')
          AND NOT EXISTS (SELECT 1 FROM households e WHERE e.case_ref = x.case_ref)`);
    }

    // an out-of-service period may not take a night a placement in the same files has (the first such placement by row)
    const outOfService = primary.get("out_of_service");
    const placements = primary.get("placements");
    if (outOfService && placements) {
      await this.insertProblems(sql`
        SELECT DISTINCT ON (o.row) ${n(outOfService.fileNo)}, o.row, ${n(columnIndex("out_of_service", "start_date"))},
               ${ord(STAGE.outOfServicePlacement, "o.row")}, o.row, 'start_date', o.start_date::text, 'oos_placement',
               p.row, o.unit_ref, NULL, greatest(o.start_date, p.start_date), NULL, 'error'
        FROM ${sql.raw(outOfService.table)} o
        JOIN ${sql.raw(placements.table)} p ON p.unit_ref = o.unit_ref AND p.ok
          AND daterange(p.start_date, p.end_date, '[)') && daterange(o.start_date, o.end_date, '[)')
        WHERE o.ok
        ORDER BY o.row, p.row`);
    }
  }

  private async checkInFile(f: StagedFile): Promise<void> {
    const t = sql.raw(f.table);
    const kind = f.kind!;
    const dup = async (
      stage: number,
      keyCols: string,
      valueCol: string,
      column: string,
      code: string,
      where: string,
      args: { aText: string; aDate?: string; bText?: string },
    ) => {
      await this.insertProblems(sql`
        SELECT ${n(f.fileNo)}, row, ${n(columnIndex(kind, column))}, ${ord(stage, "row")}, row,
               ${column}::text, ${shownSql("val")}, ${code}::text, first, ${sql.raw(args.aText)}, ${sql.raw(args.bText ?? "NULL")}, ${sql.raw(args.aDate ?? "NULL")}::date, NULL, 'error'
        FROM (
          SELECT s.*, ${sql.raw(valueCol)} AS val, min(row) OVER (PARTITION BY ${sql.raw(keyCols)}) AS first
          FROM ${t} s WHERE ${sql.raw(where)}) d
        WHERE row > first`);
      await sql`
        UPDATE ${t} SET ok = false WHERE ok AND row IN (SELECT row FROM ${sql.raw(this.problems)} WHERE file_no = ${n(f.fileNo)} AND code = ${code}::text)`.execute(
        this.conn,
      );
    };
    switch (kind) {
      case "providers":
        return dup(STAGE.dupKey, "name_key", "provider_name", "provider_name", "dup_key", "name_key IS NOT NULL", {
          aText: "provider_name",
        });
      case "units":
        return dup(STAGE.dupKey, "unit_ref", "unit_ref", "unit_ref", "dup_key", "unit_ref IS NOT NULL", { aText: "unit_ref" });
      case "households":
        return dup(STAGE.dupKey, "case_ref", "case_ref", "case_ref", "dup_key", "case_ref IS NOT NULL", { aText: "case_ref" });
      case "unit_rates":
        return dup(
          STAGE.dupRate,
          "unit_ref, effective_from",
          "effective_from::text",
          "effective_from",
          "dup_rate",
          "unit_ref IS NOT NULL AND effective_from IS NOT NULL",
          { aText: "unit_ref", aDate: "effective_from" },
        );
      case "members":
        await dup(
          STAGE.secondLead,
          "case_ref",
          "relationship",
          "relationship",
          "second_lead",
          "case_ref IS NOT NULL AND relationship = 'lead'",
          { aText: "case_ref" },
        );
        return dup(
          STAGE.dupMember,
          "case_ref, name_key, date_of_birth",
          "name",
          "name",
          "dup_member",
          "case_ref IS NOT NULL AND name_key IS NOT NULL AND date_of_birth IS NOT NULL",
          { aText: "NULL" },
        );
      case "placements":
        return this.checkPlacements(f);
      case "out_of_service":
        return this.overlapSweep(f, "unit_ref", STAGE.outOfServiceOverlap, "oos_overlap", "unit_ref", false);
      case "inspections":
        return dup(
          STAGE.dupRate,
          "unit_ref, inspected_on",
          "inspected_on::text",
          "inspected_on",
          "dup_inspection",
          "unit_ref IS NOT NULL AND inspected_on IS NOT NULL",
          { aText: "unit_ref", aDate: "inspected_on" },
        );
      case "certificates":
        return dup(
          STAGE.dupRate,
          "unit_ref, certificate, issued_on",
          "issued_on::text",
          "issued_on",
          "dup_certificate",
          "unit_ref IS NOT NULL AND certificate IS NOT NULL AND issued_on IS NOT NULL",
          { aText: "unit_ref", aDate: "issued_on", bText: "certificate" },
        );
    }
  }

  /**
   * Overlaps in one unit or of one household, as parse.ts's sweep finds them:
   * in order of start date (then row), a placement starting before the end of
   * the one reaching furthest so far overlaps that one. A pair found in the
   * unit is not reported again for the household. Then transfers.
   */
  private async checkPlacements(f: StagedFile): Promise<void> {
    const t = sql.raw(f.table);
    await this.overlapSweep(f, "unit_ref", STAGE.unitOverlap, "unit_overlap", "unit_ref", false);
    await this.overlapSweep(f, "case_ref", STAGE.householdOverlap, "household_overlap", "case_ref", true);

    const destCol = columnIndex("placements", "destination");
    await this.insertProblems(sql`
      SELECT ${n(f.fileNo)}, p.row, ${n(destCol)}, ${ord(STAGE.transfer, "p.row")}, p.row, 'destination',
             CASE WHEN n.next_row IS NULL THEN NULL ELSE p.destination END,
             CASE WHEN n.next_row IS NULL THEN 'no_destination' ELSE 'transfer_destination' END,
             n.next_row, NULL, NULL, NULL, NULL,
             CASE WHEN n.next_row IS NULL THEN 'warning' ELSE 'error' END
      FROM ${t} p
      LEFT JOIN (SELECT case_ref, start_date, min(row) AS next_row FROM ${t} WHERE ok GROUP BY case_ref, start_date) n
        ON n.case_ref = p.case_ref AND n.start_date = p.end_date
      WHERE p.ok AND p.end_date IS NOT NULL
        AND ((n.next_row IS NOT NULL AND p.destination IS NOT NULL) OR (n.next_row IS NULL AND p.destination IS NULL))`);
  }

  /**
   * Overlaps within one group (a unit, a household), as parse.ts's sweep finds them:
   * in order of start date (then row), a row starting before the end of the one
   * reaching furthest so far overlaps that one. With `notReported`, a pair already
   * found in its unit is not reported again.
   */
  private async overlapSweep(
    f: StagedFile,
    groupBy: string,
    stage: number,
    code: string,
    textCol: string,
    notReported: boolean,
  ): Promise<void> {
    const t = sql.raw(f.table);
    const startCol = columnIndex(f.kind, "start_date");
    // the one reaching furthest: its end (days) and its place in the order, packed into one bigint
    await this.insertProblems(sql`
      WITH o AS (
        SELECT row, ${sql.raw(groupBy)} AS g, start_date, ${sql.raw(textCol)} AS txt,
               coalesce(end_date, date '9999-12-31') - date '0001-01-01' AS e,
               row_number() OVER (PARTITION BY ${sql.raw(groupBy)} ORDER BY start_date, row) AS pos
        FROM ${t} WHERE ok),
      r AS (
        SELECT o.*, max(e::bigint * 10000000000 + (9999999999 - pos)) OVER (PARTITION BY g ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best
        FROM o),
      hit AS (
        SELECT row, g, start_date, txt, 9999999999 - best % 10000000000 AS latest
        FROM r WHERE best IS NOT NULL AND start_date - date '0001-01-01' < best / 10000000000)
      SELECT ${n(f.fileNo)}, hit.row, ${n(startCol)}, ${ord(stage, "hit.row")}, hit.row,
             'start_date', hit.start_date::text, ${code}::text, o.row, hit.txt, NULL, hit.start_date, NULL, 'error'
      FROM hit JOIN o ON o.g = hit.g AND o.pos = hit.latest
      ${notReported ? sql`WHERE NOT EXISTS (SELECT 1 FROM ${sql.raw(this.problems)} x WHERE x.file_no = ${n(f.fileNo)} AND x.code = 'unit_overlap' AND x.row = hit.row AND x.a_int = o.row)` : sql``}`);
  }

  private async checkReferences(from: StagedFile, column: string, toKind: ImportFileKind, to: StagedFile | null): Promise<void> {
    const s = sql.raw(from.table);
    const inBatch =
      to === null
        ? sql``
        : column === "provider_name"
          ? sql`AND NOT EXISTS (SELECT 1 FROM ${sql.raw(to.table)} x WHERE x.name_key = s.provider_key)`
          : sql`AND NOT EXISTS (SELECT 1 FROM ${sql.raw(to.table)} x WHERE x.${sql.raw(column)} = s.${sql.raw(column)})`;
    const existing =
      column === "provider_name"
        ? sql`AND ${providerKeySql("s.provider_name")} NOT IN (SELECT ${providerKeySql("name")} FROM providers)`
        : column === "unit_ref"
          ? sql`AND NOT EXISTS (SELECT 1 FROM units e WHERE e.unit_ref = s.unit_ref)`
          : sql`AND NOT EXISTS (SELECT 1 FROM households e WHERE e.case_ref = s.case_ref)`;
    await this.insertProblems(sql`
      SELECT ${n(from.fileNo)}, s.row, ${n(columnIndex(from.kind, column))}, ${ord(STAGE.reference, "s.row")}, s.row,
             ${column}::text, ${shownSql(`s.${column}`)}, 'unknown_ref', NULL, s.${sql.raw(column)}, ${toKind}::text, NULL, NULL, 'error'
      FROM ${s} s
      WHERE s.${sql.raw(column)} IS NOT NULL ${inBatch} ${existing}`);
  }

  // ---------------------------------------------------------------- checks against Waypoint

  /**
   * A property is a provider's building (provider and property name). Its units may
   * differ in town, postcode and district (flats of one block at several postcodes):
   * each keeps its own, with a warning so the council can check it (issue 16).
   */
  async checkProperties(units: StagedFile): Promise<void> {
    await this.insertProblems(sql`
      WITH first AS (
        SELECT DISTINCT ON (provider_key, lower(property_name)) * FROM ${sql.raw(units.table)} ORDER BY provider_key, lower(property_name), row)
      SELECT ${n(units.fileNo)}, u.row, ${n(columnIndex("units", "property_name"))}, ${ord(STAGE.propertyClash, "u.row")}, u.row,
             'property_name', left(u.property_name, 100), 'property_clash', f.row, u.property_name, NULL, NULL, NULL, 'warning'
      FROM ${sql.raw(units.table)} u JOIN first f ON f.provider_key = u.provider_key AND lower(f.property_name) = lower(u.property_name) AND f.row <> u.row
      WHERE (u.town, u.postcode, u.district_gss) IS DISTINCT FROM (f.town, f.postcode, f.district_gss)`);
  }

  /** Finds the members already in Waypoint that the staged rows are (by household, name and date of birth). */
  async resolveMembers(members: string, conn: Kysely<DB> = this.conn): Promise<void> {
    const m = sql.raw(members);
    await sql`UPDATE ${m} s SET household_id = h.id FROM households h WHERE h.case_ref = s.case_ref`.execute(conn);
    await sql`
      UPDATE ${m} s SET member_id = m.id FROM household_members m
      WHERE m.household_id = s.household_id AND lower(m.name) = lower(s.name) AND m.date_of_birth = s.date_of_birth`.execute(conn);
    // A lead made from households.csv alone has no date of birth yet: the lead row completes it.
    await sql`
      UPDATE ${m} s SET member_id = m.id FROM household_members m
      WHERE s.member_id IS NULL AND s.relationship = 'lead' AND m.household_id = s.household_id
        AND m.relationship = 'lead' AND m.date_of_birth IS NULL AND lower(m.name) = lower(s.name)`.execute(conn);
  }

  /** A household in Waypoint keeps its one lead: a different lead in members.csv is refused by name. */
  async checkLeads(members: StagedFile): Promise<void> {
    await this.resolveMembers(members.table);
    const m = sql.raw(members.table);
    await this.insertProblems(sql`
      SELECT ${n(members.fileNo)}, s.row, ${n(columnIndex("members", "relationship"))}, ${ord(STAGE.otherLead, "s.row")}, s.row,
             'relationship', 'lead', 'other_lead', NULL, s.case_ref, m.name, NULL, NULL, 'error'
      FROM ${m} s
      JOIN household_members m ON m.household_id = s.household_id AND m.relationship = 'lead' AND m.id IS DISTINCT FROM s.member_id
      WHERE s.relationship = 'lead'
        AND NOT EXISTS (SELECT 1 FROM ${m} o WHERE o.member_id = m.id AND o.relationship <> 'lead')`);
  }

  /** Finds the households, units and placements already in Waypoint that the staged placements name. */
  async resolvePlacements(placements: string, conn: Kysely<DB> = this.conn): Promise<void> {
    const t = sql.raw(placements);
    await sql`UPDATE ${t} s SET household_id = h.id, placement_duty = coalesce(s.duty, h.duty) FROM households h WHERE h.case_ref = s.case_ref`.execute(
      conn,
    );
    await sql`UPDATE ${t} s SET unit_id = u.id FROM units u WHERE u.unit_ref = s.unit_ref`.execute(conn);
    await sql`
      UPDATE ${t} s SET placement_id = p.id FROM placements p
      WHERE p.household_id = s.household_id AND p.unit_id = s.unit_id AND p.start_date = s.start_date AND p.cancelled_at IS NULL`.execute(
      conn,
    );
  }

  /** Overlaps with the placements (and out-of-service periods) already in Waypoint. */
  async checkWaypointPlacements(placements: StagedFile): Promise<void> {
    await this.resolvePlacements(placements.table);
    const t = sql.raw(placements.table);
    await sql`CREATE INDEX ON ${t} (household_id)`.execute(this.conn);
    await sql`CREATE INDEX ON ${t} (placement_id)`.execute(this.conn);
    await sql`ANALYZE ${t}`.execute(this.conn);
    const startCol = columnIndex("placements", "start_date");
    await this.insertProblems(sql`
      SELECT ${n(placements.fileNo)}, s.row, ${n(startCol)}, ${ord(STAGE.waypointUnit, "s.row")}, s.row, 'start_date', NULL,
             CASE WHEN c.out_of_service_id IS NOT NULL THEN 'out_of_service' ELSE 'waypoint_unit_overlap' END,
             NULL, s.unit_ref, h.case_ref, greatest(s.start_date, lower(c.nights)), lower(c.nights), 'error'
      FROM ${t} s
      JOIN unit_calendar c ON c.unit_id = s.unit_id AND c.nights && daterange(s.start_date, s.end_date, '[)')
      LEFT JOIN placements p ON p.id = c.placement_id
      LEFT JOIN households h ON h.id = p.household_id
      WHERE c.placement_id IS DISTINCT FROM s.placement_id
        AND NOT EXISTS (SELECT 1 FROM ${t} o WHERE o.placement_id = c.placement_id)`);
    await this.insertProblems(sql`
      SELECT ${n(placements.fileNo)}, s.row, ${n(startCol)}, ${ord(STAGE.waypointHousehold, "s.row")}, s.row, 'start_date', NULL,
             'waypoint_household_overlap', NULL, s.case_ref, u.unit_ref, greatest(s.start_date, p.start_date), p.start_date, 'error'
      FROM ${t} s
      JOIN placements p ON p.household_id = s.household_id AND p.cancelled_at IS NULL AND p.id IS DISTINCT FROM s.placement_id
        AND daterange(p.start_date, p.end_date, '[)') && daterange(s.start_date, s.end_date, '[)')
      JOIN units u ON u.id = p.unit_id
      WHERE NOT EXISTS (SELECT 1 FROM ${t} o WHERE o.placement_id = p.id)
        AND p.unit_id IS DISTINCT FROM s.unit_id`);
  }

  /** Finds the units and the out-of-service periods already in Waypoint (by unit and start date) that the staged rows name. */
  async resolveOutOfService(table: string, conn: Kysely<DB> = this.conn): Promise<void> {
    const t = sql.raw(table);
    await sql`UPDATE ${t} s SET unit_id = u.id FROM units u WHERE u.unit_ref = s.unit_ref`.execute(conn);
    await sql`
      UPDATE ${t} s SET out_of_service_id = o.id FROM out_of_service o
      WHERE o.unit_id = s.unit_id AND o.start_date = s.start_date AND o.cancelled_at IS NULL`.execute(conn);
  }

  /** Inspections (issue 21): the unit, its property, and the inspection already in Waypoint on that day, if any. */
  async resolveInspections(table: string, conn: Kysely<DB> = this.conn): Promise<void> {
    const t = sql.raw(table);
    await sql`UPDATE ${t} s SET unit_id = u.id, property_id = u.property_id FROM units u WHERE u.unit_ref = s.unit_ref`.execute(conn);
    await sql`
      UPDATE ${t} s SET inspection_id = (
        SELECT i.id FROM inspections i
        WHERE i.property_id = s.property_id AND i.inspected_on = s.inspected_on
          AND i.unit_id IS NOT DISTINCT FROM CASE WHEN coalesce(s.whole_property, false) THEN NULL ELSE s.unit_id END
        ORDER BY i.id LIMIT 1)`.execute(conn);
  }

  /** Certificates (issue 21): the unit, its property, and the certificate already in Waypoint, if any. */
  async resolveCertificates(table: string, conn: Kysely<DB> = this.conn): Promise<void> {
    const t = sql.raw(table);
    await sql`UPDATE ${t} s SET unit_id = u.id, property_id = u.property_id FROM units u WHERE u.unit_ref = s.unit_ref`.execute(conn);
    await sql`
      UPDATE ${t} s SET certificate_id = (
        SELECT c.id FROM certificates c
        WHERE c.property_id = s.property_id AND c.kind = s.certificate AND c.issued_on = s.issued_on
          AND c.unit_id IS NOT DISTINCT FROM CASE WHEN coalesce(s.whole_property, false) THEN NULL ELSE s.unit_id END
        ORDER BY c.id LIMIT 1)`.execute(conn);
  }

  /**
   * Out-of-service periods against the bookings already in Waypoint: a placement or
   * another period of the unit that this import does not itself rewrite.
   */
  async checkWaypointOutOfService(outOfService: StagedFile, placementsTable: string): Promise<void> {
    await this.resolveOutOfService(outOfService.table);
    const t = sql.raw(outOfService.table);
    await this.insertProblems(sql`
      SELECT DISTINCT ON (s.row) ${n(outOfService.fileNo)}, s.row, ${n(columnIndex("out_of_service", "start_date"))},
             ${ord(STAGE.waypointOutOfService, "s.row")}, s.row, 'start_date', NULL,
             CASE WHEN c.placement_id IS NOT NULL THEN 'waypoint_oos_placement' ELSE 'waypoint_oos_oos' END,
             NULL, s.unit_ref, h.case_ref, greatest(s.start_date, lower(c.nights)), lower(c.nights), 'error'
      FROM ${t} s
      JOIN unit_calendar c ON c.unit_id = s.unit_id AND c.nights && daterange(s.start_date, s.end_date, '[)')
      LEFT JOIN placements p ON p.id = c.placement_id
      LEFT JOIN households h ON h.id = p.household_id
      WHERE s.ok AND (c.placement_id IS NOT NULL OR c.out_of_service_id IS DISTINCT FROM s.out_of_service_id)
        AND NOT EXISTS (SELECT 1 FROM ${t} o WHERE o.out_of_service_id = c.out_of_service_id)
        AND NOT EXISTS (SELECT 1 FROM ${sql.raw(placementsTable)} o WHERE o.placement_id = c.placement_id)
      ORDER BY s.row, lower(c.nights)`);
  }

  /** A problem the database raised while writing, kept after the rollback. */
  async addDatabaseProblem(fileNo: number, kind: ImportFileKind | null, p: ImportProblem): Promise<void> {
    this.addProblem(fileNo, kind, p, STAGE.database * STAGE_SPAN + (p.row ?? 0));
    await this.flushProblems();
  }

  // ---------------------------------------------------------------- reading the problems out

  async tally(): Promise<Map<number, { errors: number; warnings: number }>> {
    await this.flushProblems();
    const r = await sql<{ file_no: number; errors: number; warnings: number }>`
      SELECT file_no, count(*) FILTER (WHERE severity = 'error')::int AS errors, count(*) FILTER (WHERE severity = 'warning')::int AS warnings
      FROM ${sql.raw(this.problems)} GROUP BY file_no`.execute(this.conn);
    return new Map(r.rows.map((x) => [x.file_no, { errors: Number(x.errors), warnings: Number(x.warnings) }]));
  }

  async records(table: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ok`.execute(this.conn);
    return Number(r.rows[0].n);
  }

  /**
   * Every problem in reading order (file as given, then row, column as in the
   * template, then as found), a page at a time.
   */
  async *readProblems(fileNames: readonly string[], page = 1000): AsyncGenerator<ImportProblem[]> {
    const P = sql.raw(this.problems);
    await sql`CREATE INDEX ON ${P} (file_no, r, col, ord, id)`.execute(this.conn);
    let after = null as StoredProblem | null;
    for (;;) {
      const a = after;
      const r = await sql<StoredProblem>`
        SELECT * FROM ${P}
        ${a ? sql`WHERE (file_no, r, col, ord, id) > (${a.file_no}, ${a.r}, ${a.col}, ${a.ord}::bigint, ${a.id}::bigint)` : sql``}
        ORDER BY file_no, r, col, ord, id LIMIT ${page}`.execute(this.conn);
      if (r.rows.length === 0) return;
      yield r.rows.map((p) => ({
        file: fileNames[p.file_no],
        row: p.row,
        ...(p.column_name !== null && { column: p.column_name }),
        ...(p.value !== null && { value: p.value }),
        message: messageOf(p),
        severity: p.severity,
      }));
      after = r.rows[r.rows.length - 1];
      if (r.rows.length < page) return;
    }
  }
}
