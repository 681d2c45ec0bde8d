/**
 * Writing an import batch (the database half of the spreadsheet import).
 *
 * The parser in app/domain/import checks the files; this module looks up the
 * references they make in bulk, then writes the whole batch in ONE transaction:
 * the records are staged into temporary tables in large JSON batches (one
 * parameter per batch, so it works the same on pg and PGlite and never meets
 * the 65,535-parameter limit), and every write is one set-based statement per
 * table. Idempotent by reference: a row already in Waypoint with the same
 * values is left alone, one with other values is updated, a new one is added.
 * Anything the database refuses is turned into a problem and nothing is kept.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~/db/schema";
import { audit, type Conn } from "~/models/audit.server";
import { constraintOf, isCheckViolation, isExclusionViolation, isForeignKeyViolation, isUniqueViolation } from "~/db/errors";
import { formatDate, type IsoDate } from "~/domain/dates";
import {
  checkImportBatch,
  parseImportFile,
  type ExistingReferences,
  type ImportBatch,
  type ImportContent,
  type ImportProblem,
  type ImportRecords,
  type ParsedImportFile,
} from "~/domain/import/parse";
import { IMPORT_FILE_KINDS, IMPORT_TEMPLATE, type ImportFileKind } from "~/domain/import/template";

/** Rows per staging statement and per lookup: large enough to be fast, small enough for memory. */
const BATCH = 5000;

/** The key providers are matched by in SQL; mirrors providerNameKey in app/domain/import/values.ts. */
const providerKeySql = (col: string) => sql.raw(`lower(regexp_replace(btrim(${col}), '\\s+', ' ', 'g'))`);

// ---------------------------------------------------------------- existing references

async function inBatches(values: readonly string[], query: (chunk: string[]) => Promise<string[]>): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < values.length; i += BATCH) found.push(...(await query(values.slice(i, i + BATCH))));
  return found;
}

/** Lookups of what the database already holds, each one query per 5,000 references. */
export function existingReferences(db: Conn): ExistingReferences {
  return {
    caseRefs: (values) =>
      inBatches(values, async (chunk) => {
        const r = await sql<{ v: string }>`SELECT case_ref AS v FROM households WHERE case_ref = ANY(${chunk}::text[])`.execute(db);
        return r.rows.map((x) => x.v);
      }),
    unitRefs: (values) =>
      inBatches(values, async (chunk) => {
        const r = await sql<{ v: string }>`SELECT unit_ref AS v FROM units WHERE unit_ref = ANY(${chunk}::text[])`.execute(db);
        return r.rows.map((x) => x.v);
      }),
    // values arrive as written; return them as written when their key matches a provider
    providerNames: (values) =>
      inBatches(values, async (chunk) => {
        const r = await sql<{ v: string }>`
          SELECT v FROM unnest(${chunk}::text[]) AS v
          WHERE ${providerKeySql("v")} IN (SELECT ${providerKeySql("name")} FROM providers)`.execute(db);
        return r.rows.map((x) => x.v);
      }),
  };
}

export async function taTypeCodes(db: Conn): Promise<string[]> {
  const rows = await db.selectFrom("ta_types").select("code").orderBy("sort_order").execute();
  return rows.map((r) => r.code);
}

// ---------------------------------------------------------------- reading

export interface ImportFileInput {
  name: string;
  content: ImportContent;
}

/**
 * Reads and checks the files (streamed, one after another) against each other
 * and against the database. Nothing is written.
 */
export async function checkImport(db: Conn, files: Iterable<ImportFileInput>, opts: { today: IsoDate }): Promise<ImportBatch> {
  const taTypes = await taTypeCodes(db);
  const parsed: ParsedImportFile[] = [];
  for (const f of files) parsed.push(await parseImportFile(f.name, f.content, { taTypes, today: opts.today }));
  return checkImportBatch(parsed, { existing: existingReferences(db) });
}

// ---------------------------------------------------------------- writing

export interface KindCounts {
  added: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<ImportFileKind, KindCounts>;

export type WriteResult =
  | { ok: true; counts: ImportCounts; rows: number; dryRun: boolean }
  | { ok: false; problems: ImportProblem[] };

class Refused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import refused");
  }
}
class DryRunDone extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run");
  }
}

const zero = (): KindCounts => ({ added: 0, updated: 0, unchanged: 0 });

function fileNameFor(batch: ImportBatch, kind: ImportFileKind): string {
  return batch.files.find((f) => f.kind === kind)?.file ?? IMPORT_TEMPLATE[kind].fileName;
}

async function stage(trx: Transaction<DB>, table: string, columns: string, rows: readonly object[]) {
  await sql.raw(`CREATE TEMP TABLE ${table} (${columns}) ON COMMIT DROP`).execute(trx);
  for (let i = 0; i < rows.length; i += BATCH) {
    const json = JSON.stringify(rows.slice(i, i + BATCH));
    await sql`INSERT INTO ${sql.table(table)} SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS t(${sql.raw(columns)})`.execute(trx);
  }
  // temporary tables have no statistics until analysed: without them the planner guesses badly
  await sql.raw(`ANALYZE ${table}`).execute(trx);
}

async function count(trx: Conn, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const r = await query.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Writes a checked batch (batch.ok must be true) in one transaction. With
 * dryRun everything is written and then rolled back, so the counts and any
 * refusal are exactly what a real import would give.
 */
export async function writeImport(
  db: Kysely<DB>,
  batch: ImportBatch,
  opts: { userId: number | null; reference?: string; dryRun?: boolean },
): Promise<WriteResult> {
  if (!batch.ok) return { ok: false, problems: batch.problems };
  const rows = Object.values(batch.records).reduce((n, r) => n + r.length, 0);
  try {
    const counts = await db.transaction().execute(async (trx) => {
      const counts = await writeRecords(trx, batch);
      await audit(trx, {
        userId: opts.userId,
        action: "import",
        entity: "import",
        entityId: opts.reference ?? "command-line",
        after: { templateVersion: batch.templateVersion, files: batch.files.map((f) => f.file), counts, warnings: batch.warnings },
      });
      if (opts.dryRun) throw new DryRunDone(counts);
      return counts;
    });
    return { ok: true, counts, rows, dryRun: false };
  } catch (e) {
    if (e instanceof DryRunDone) return { ok: true, counts: e.counts, rows, dryRun: true };
    if (e instanceof Refused) return { ok: false, problems: e.problems };
    // A rule only the database knew (a second lead, a duplicate): still a problem, never a crash.
    if (isUniqueViolation(e) || isCheckViolation(e) || isForeignKeyViolation(e)) {
      return { ok: false, problems: [{ file: batch.files.map((f) => f.file).join(", "), row: null, message: `The database refused the import (${constraintOf(e) ?? "a rule"}): nothing was imported. ${(e as Error).message}`, severity: "error" }] };
    }
    throw e;
  }
}

async function writeRecords(trx: Transaction<DB>, batch: ImportBatch): Promise<ImportCounts> {
  const r: ImportRecords = batch.records;
  const counts = Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, zero()])) as ImportCounts;
  const problems: ImportProblem[] = [];
  const refuse = (kind: ImportFileKind, row: number | null, message: string, column?: string, value?: string) =>
    problems.push({ file: fileNameFor(batch, kind), row, column, value: value?.slice(0, 100), message, severity: "error" });

  // ---- stage every file
  await stage(trx, "imp_providers", "row int, name text, provider_type text, email text, phone text",
    r.providers.map((p) => ({ row: p.row, name: p.providerName, provider_type: p.providerType, email: p.email, phone: p.phone })));
  await stage(trx, "imp_units",
    "row int, unit_ref text, provider_name text, property_name text, address_line_1 text, town text, postcode text, district_gss text, ta_type text, bedrooms int, max_occupants int, shared_kitchen boolean, shared_bathroom boolean, shared_toilet boolean, step_free boolean, in_use_from date, retired_on date",
    r.units.map((u) => ({
      row: u.row, unit_ref: u.unitRef, provider_name: u.providerName, property_name: u.propertyName, address_line_1: u.addressLine1,
      town: u.town, postcode: u.postcode, district_gss: u.districtGss, ta_type: u.taType, bedrooms: u.bedrooms, max_occupants: u.maxOccupants,
      shared_kitchen: u.sharedKitchen, shared_bathroom: u.sharedBathroom, shared_toilet: u.sharedToilet, step_free: u.stepFree,
      in_use_from: u.inUseFrom, retired_on: u.retiredOn,
    })));
  await stage(trx, "imp_rates", "row int, unit_ref text, amount_pence int, effective_from date",
    r.unit_rates.map((x) => ({ row: x.row, unit_ref: x.unitRef, amount_pence: x.nightlyRatePence, effective_from: x.effectiveFrom })));
  await stage(trx, "imp_households", "row int, case_ref text, lead_name text, duty text, step_free_needed boolean, support_needs text",
    r.households.map((h) => ({ row: h.row, case_ref: h.caseRef, lead_name: h.leadName, duty: h.duty, step_free_needed: h.stepFreeNeeded, support_needs: h.supportNeeds ?? "" })));
  await stage(trx, "imp_members", "row int, case_ref text, name text, date_of_birth date, relationship text, pregnant boolean, sex text",
    r.members.map((m) => ({ row: m.row, case_ref: m.caseRef, name: m.name, date_of_birth: m.dateOfBirth, relationship: m.relationship, pregnant: m.pregnant, sex: m.sex })));
  await stage(trx, "imp_placements", "row int, case_ref text, unit_ref text, start_date date, end_date date, end_reason text, destination text",
    r.placements.map((p) => ({ row: p.row, case_ref: p.caseRef, unit_ref: p.unitRef, start_date: p.startDate, end_date: p.endDate, end_reason: p.endReason, destination: p.destination })));

  // ---- providers, by name ignoring case and repeated spaces
  counts.providers.updated = await count(trx, sql<{ n: number }>`
    WITH u AS (
      UPDATE providers p SET provider_type = s.provider_type, email = s.email, phone = s.phone
      FROM imp_providers s
      WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.name")}
        AND (p.provider_type, p.email, p.phone) IS DISTINCT FROM (s.provider_type, s.email, s.phone)
      RETURNING p.id)
    SELECT count(*) AS n FROM u`);
  counts.providers.added = await count(trx, sql<{ n: number }>`
    WITH i AS (
      INSERT INTO providers (name, provider_type, email, phone)
      SELECT s.name, s.provider_type, s.email, s.phone FROM imp_providers s
      WHERE NOT EXISTS (SELECT 1 FROM providers p WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.name")})
      ORDER BY s.row
      RETURNING id)
    SELECT count(*) AS n FROM i`);
  counts.providers.unchanged = r.providers.length - counts.providers.added - counts.providers.updated;

  // ---- properties (one per provider and property name) and units, by unit_ref
  if (r.units.length > 0) {
    await sql`ALTER TABLE imp_units ADD COLUMN provider_id bigint, ADD COLUMN property_id bigint`.execute(trx);
    await sql`
      UPDATE imp_units s SET provider_id = p.id FROM providers p
      WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.provider_name")}`.execute(trx);
    // A property has one town, postcode and district: units naming it must agree.
    const clashes = await sql<{ row: number; first_row: number; property_name: string }>`
      WITH first AS (
        SELECT DISTINCT ON (provider_id, lower(property_name)) * FROM imp_units ORDER BY provider_id, lower(property_name), row)
      SELECT u.row, f.row AS first_row, u.property_name
      FROM imp_units u JOIN first f ON f.provider_id = u.provider_id AND lower(f.property_name) = lower(u.property_name) AND f.row <> u.row
      WHERE (u.town, u.postcode, u.district_gss) IS DISTINCT FROM (f.town, f.postcode, f.district_gss)
      ORDER BY u.row`.execute(trx);
    for (const c of clashes.rows) {
      refuse("units", c.row, `Property ${c.property_name} is on row ${c.first_row} with a different town, postcode or district_gss. A property has one town, postcode and district: make them the same, or use a different property_name`, "property_name", c.property_name);
    }
    if (problems.length > 0) throw new Refused(problems);
    await sql`
      WITH first AS (
        SELECT DISTINCT ON (provider_id, lower(property_name)) * FROM imp_units ORDER BY provider_id, lower(property_name), row)
      UPDATE properties p SET town = f.town, postcode = f.postcode, district_gss = f.district_gss
      FROM first f
      WHERE p.provider_id = f.provider_id AND lower(p.name) = lower(f.property_name)
        AND (p.town, p.postcode, p.district_gss) IS DISTINCT FROM (f.town, f.postcode, f.district_gss)`.execute(trx);
    await sql`
      INSERT INTO properties (provider_id, name, address_line_1, town, postcode, district_gss)
      SELECT DISTINCT ON (provider_id, lower(property_name)) provider_id, property_name, address_line_1, town, postcode, district_gss
      FROM imp_units s
      WHERE NOT EXISTS (SELECT 1 FROM properties p WHERE p.provider_id = s.provider_id AND lower(p.name) = lower(s.property_name))
      ORDER BY provider_id, lower(property_name), row`.execute(trx);
    await sql`
      UPDATE imp_units s SET property_id = p.id FROM properties p
      WHERE p.provider_id = s.provider_id AND lower(p.name) = lower(s.property_name)`.execute(trx);
    const unitValues = sql.raw(`s.property_id, s.ta_type, s.bedrooms, s.max_occupants, s.shared_kitchen, s.shared_bathroom, s.shared_toilet, s.step_free, s.in_use_from, s.retired_on,
      CASE WHEN s.address_line_1 = pr.address_line_1 THEN NULL ELSE s.address_line_1 END`);
    counts.units.updated = await count(trx, sql<{ n: number }>`
      WITH u AS (
        UPDATE units u SET property_id = s.property_id, ta_type_code = s.ta_type, bedrooms = s.bedrooms, max_occupants = s.max_occupants,
          shared_kitchen = s.shared_kitchen, shared_bathroom = s.shared_bathroom, shared_toilet = s.shared_toilet, step_free = s.step_free,
          in_use_from = s.in_use_from, retired_on = s.retired_on,
          address_line_1 = CASE WHEN s.address_line_1 = pr.address_line_1 THEN NULL ELSE s.address_line_1 END
        FROM imp_units s JOIN properties pr ON pr.id = s.property_id
        WHERE u.unit_ref = s.unit_ref
          AND (u.property_id, u.ta_type_code, u.bedrooms, u.max_occupants, u.shared_kitchen, u.shared_bathroom, u.shared_toilet, u.step_free, u.in_use_from, u.retired_on, u.address_line_1)
              IS DISTINCT FROM (${unitValues})
        RETURNING u.id)
      SELECT count(*) AS n FROM u`);
    counts.units.added = await count(trx, sql<{ n: number }>`
      WITH i AS (
        INSERT INTO units (property_id, ta_type_code, bedrooms, max_occupants, shared_kitchen, shared_bathroom, shared_toilet, step_free, in_use_from, retired_on, address_line_1, unit_ref)
        SELECT ${unitValues}, s.unit_ref
        FROM imp_units s JOIN properties pr ON pr.id = s.property_id
        WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_ref = s.unit_ref)
        ORDER BY s.row
        RETURNING id)
      SELECT count(*) AS n FROM i`);
    counts.units.unchanged = r.units.length - counts.units.added - counts.units.updated;
  }

  // ---- unit rates, by unit and effective_from
  if (r.unit_rates.length > 0) {
    const rates = await sql<{ inserted: boolean; n: number }>`
      WITH w AS (
        INSERT INTO unit_rates (unit_id, effective_from, amount_pence, basis)
        SELECT u.id, s.effective_from, s.amount_pence, 'night' FROM imp_rates s JOIN units u ON u.unit_ref = s.unit_ref
        ORDER BY s.row
        ON CONFLICT ON CONSTRAINT unit_rates_one_per_day DO UPDATE SET amount_pence = EXCLUDED.amount_pence, basis = 'night'
          WHERE (unit_rates.amount_pence, unit_rates.basis) IS DISTINCT FROM (EXCLUDED.amount_pence, 'night')
        RETURNING (xmax = 0) AS inserted)
      SELECT inserted, count(*) AS n FROM w GROUP BY inserted`.execute(trx);
    for (const x of rates.rows) counts.unit_rates[x.inserted ? "added" : "updated"] = Number(x.n);
    counts.unit_rates.unchanged = r.unit_rates.length - counts.unit_rates.added - counts.unit_rates.updated;
  }

  // ---- households, by case_ref
  if (r.households.length > 0) {
    const hh = await sql<{ inserted: boolean; n: number }>`
      WITH w AS (
        INSERT INTO households (case_ref, duty, step_free_needed, support_needs)
        SELECT case_ref, duty, step_free_needed, support_needs FROM imp_households ORDER BY row
        ON CONFLICT (case_ref) DO UPDATE SET duty = EXCLUDED.duty, step_free_needed = EXCLUDED.step_free_needed,
          support_needs = EXCLUDED.support_needs, updated_at = now()
          WHERE (households.duty, households.step_free_needed, households.support_needs)
                IS DISTINCT FROM (EXCLUDED.duty, EXCLUDED.step_free_needed, EXCLUDED.support_needs)
        RETURNING (xmax = 0) AS inserted)
      SELECT inserted, count(*) AS n FROM w GROUP BY inserted`.execute(trx);
    for (const x of hh.rows) counts.households[x.inserted ? "added" : "updated"] = Number(x.n);
    counts.households.unchanged = r.households.length - counts.households.added - counts.households.updated;
  }

  // ---- members, by (case_ref, name ignoring case, date_of_birth)
  if (r.members.length > 0) {
    await sql`ALTER TABLE imp_members ADD COLUMN household_id bigint, ADD COLUMN member_id bigint`.execute(trx);
    await sql`UPDATE imp_members s SET household_id = h.id FROM households h WHERE h.case_ref = s.case_ref`.execute(trx);
    await sql`
      UPDATE imp_members s SET member_id = m.id FROM household_members m
      WHERE m.household_id = s.household_id AND lower(m.name) = lower(s.name) AND m.date_of_birth = s.date_of_birth`.execute(trx);
    // A lead made from households.csv alone has no date of birth yet: the lead row completes it.
    await sql`
      UPDATE imp_members s SET member_id = m.id FROM household_members m
      WHERE s.member_id IS NULL AND s.relationship = 'lead' AND m.household_id = s.household_id
        AND m.relationship = 'lead' AND m.date_of_birth IS NULL AND lower(m.name) = lower(s.name)`.execute(trx);
    const otherLeads = await sql<{ row: number; case_ref: string; name: string; lead: string }>`
      SELECT s.row, s.case_ref, s.name, m.name AS lead FROM imp_members s
      JOIN household_members m ON m.household_id = s.household_id AND m.relationship = 'lead' AND m.id IS DISTINCT FROM s.member_id
      WHERE s.relationship = 'lead'
        AND NOT EXISTS (SELECT 1 FROM imp_members o WHERE o.member_id = m.id AND o.relationship <> 'lead')
      ORDER BY s.row`.execute(trx);
    for (const x of otherLeads.rows) {
      refuse("members", x.row, `Household ${x.case_ref} already has a lead member in Waypoint, ${x.lead}. Each household has exactly one lead: give ${x.lead} another relationship in this file, or make this row not the lead`, "relationship", "lead");
    }
    if (problems.length > 0) throw new Refused(problems);
    counts.members.updated = await count(trx, sql<{ n: number }>`
      WITH u AS (
        UPDATE household_members m SET name = s.name, date_of_birth = s.date_of_birth, relationship = s.relationship, pregnant = s.pregnant, sex = s.sex
        FROM imp_members s
        WHERE m.id = s.member_id
          AND (m.name, m.date_of_birth, m.relationship, m.pregnant, m.sex) IS DISTINCT FROM (s.name, s.date_of_birth, s.relationship, s.pregnant, s.sex)
        RETURNING m.id)
      SELECT count(*) AS n FROM u`);
    counts.members.added = await count(trx, sql<{ n: number }>`
      WITH i AS (
        INSERT INTO household_members (household_id, name, date_of_birth, relationship, pregnant, sex, position)
        SELECT s.household_id, s.name, s.date_of_birth, s.relationship, s.pregnant, s.sex,
               coalesce(last.position + 1, 0) + row_number() OVER (PARTITION BY s.household_id ORDER BY s.row) - 1
        FROM imp_members s
        LEFT JOIN (SELECT household_id, max(position) AS position FROM household_members
                   WHERE household_id IN (SELECT household_id FROM imp_members) GROUP BY household_id) last ON last.household_id = s.household_id
        WHERE s.member_id IS NULL
        ORDER BY s.row
        RETURNING id)
      SELECT count(*) AS n FROM i`);
    counts.members.unchanged = r.members.length - counts.members.added - counts.members.updated;
  }
  // A household given without its members still has a lead: the lead_name, date of birth unknown.
  if (r.households.length > 0) {
    await sql`
      INSERT INTO household_members (household_id, name, relationship, position)
      SELECT h.id, s.lead_name, 'lead', coalesce(last.position + 1, 0)
      FROM imp_households s JOIN households h ON h.case_ref = s.case_ref
      LEFT JOIN (SELECT household_id, max(position) AS position FROM household_members
                 WHERE household_id IN (SELECT h2.id FROM households h2 JOIN imp_households i ON i.case_ref = h2.case_ref)
                 GROUP BY household_id) last ON last.household_id = h.id
      WHERE NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id AND m.relationship = 'lead')
      ORDER BY s.row`.execute(trx);
  }

  // ---- placements, by (case_ref, unit_ref, start_date)
  if (r.placements.length > 0) {
    await sql`ALTER TABLE imp_placements ADD COLUMN household_id bigint, ADD COLUMN unit_id bigint, ADD COLUMN duty text, ADD COLUMN placement_id bigint`.execute(trx);
    await sql`UPDATE imp_placements s SET household_id = h.id, duty = h.duty FROM households h WHERE h.case_ref = s.case_ref`.execute(trx);
    await sql`UPDATE imp_placements s SET unit_id = u.id FROM units u WHERE u.unit_ref = s.unit_ref`.execute(trx);
    await sql`
      UPDATE imp_placements s SET placement_id = p.id FROM placements p
      WHERE p.household_id = s.household_id AND p.unit_id = s.unit_id AND p.start_date = s.start_date AND p.cancelled_at IS NULL`.execute(trx);
    await sql`CREATE INDEX ON imp_placements (household_id)`.execute(trx);
    await sql`ANALYZE imp_placements`.execute(trx);

    // Overlaps with what is already in Waypoint (the rows of the file were checked against each other).
    const unitClash = await sql<{ row: number; unit_ref: string; night: IsoDate; case_ref: string | null; start_date: IsoDate; oos: boolean }>`
      SELECT s.row, s.unit_ref, greatest(s.start_date, lower(c.nights)) AS night, h.case_ref, lower(c.nights) AS start_date,
             c.out_of_service_id IS NOT NULL AS oos
      FROM imp_placements s
      JOIN unit_calendar c ON c.unit_id = s.unit_id AND c.nights && daterange(s.start_date, s.end_date, '[)')
      LEFT JOIN placements p ON p.id = c.placement_id
      LEFT JOIN households h ON h.id = p.household_id
      WHERE c.placement_id IS DISTINCT FROM s.placement_id
        AND NOT EXISTS (SELECT 1 FROM imp_placements o WHERE o.placement_id = c.placement_id)
      ORDER BY s.row`.execute(trx);
    for (const c of unitClash.rows) {
      refuse("placements", c.row, c.oos
        ? `Unit ${c.unit_ref} is out of service in Waypoint on the night of ${formatDate(c.night)}`
        : `This placement overlaps a placement already in Waypoint in unit ${c.unit_ref} (household ${c.case_ref}, from ${formatDate(c.start_date)}): both include the night of ${formatDate(c.night)}`,
        "start_date");
    }
    const householdClash = await sql<{ row: number; case_ref: string; night: IsoDate; unit_ref: string; start_date: IsoDate }>`
      SELECT s.row, s.case_ref, greatest(s.start_date, p.start_date) AS night, u.unit_ref, p.start_date
      FROM imp_placements s
      JOIN placements p ON p.household_id = s.household_id AND p.cancelled_at IS NULL AND p.id IS DISTINCT FROM s.placement_id
        AND daterange(p.start_date, p.end_date, '[)') && daterange(s.start_date, s.end_date, '[)')
      JOIN units u ON u.id = p.unit_id
      WHERE NOT EXISTS (SELECT 1 FROM imp_placements o WHERE o.placement_id = p.id)
        AND p.unit_id IS DISTINCT FROM s.unit_id
      ORDER BY s.row`.execute(trx);
    for (const c of householdClash.rows) {
      refuse("placements", c.row, `This placement overlaps a placement of household ${c.case_ref} already in Waypoint (unit ${c.unit_ref}, from ${formatDate(c.start_date)}): both include the night of ${formatDate(c.night)}`, "start_date");
    }
    if (problems.length > 0) throw new Refused(problems);

    try {
      counts.placements.updated = await count(trx, sql<{ n: number }>`
        WITH u AS (
          UPDATE placements p SET end_date = s.end_date, end_reason = s.end_reason, destination = s.destination
          FROM imp_placements s
          WHERE p.id = s.placement_id AND (p.end_date, p.end_reason, p.destination) IS DISTINCT FROM (s.end_date, s.end_reason, s.destination)
          RETURNING p.id)
        SELECT count(*) AS n FROM u`);
      counts.placements.added = await count(trx, sql<{ n: number }>`
        WITH i AS (
          INSERT INTO placements (household_id, unit_id, start_date, end_date, duty, end_reason, destination)
          SELECT household_id, unit_id, start_date, end_date, duty, end_reason, destination
          FROM imp_placements WHERE placement_id IS NULL ORDER BY row
          RETURNING id)
        SELECT count(*) AS n FROM i`);
    } catch (e) {
      // The exclusion constraint is the last guard: name the row it refused.
      if (!isExclusionViolation(e)) throw e;
      throw new Refused([{ file: fileNameFor(batch, "placements"), row: rowFromOverlap(e, r), column: "start_date", message: "This placement overlaps another booking of its unit already in Waypoint. Check its dates against the unit's placements", severity: "error" }]);
    }
    counts.placements.unchanged = r.placements.length - counts.placements.added - counts.placements.updated;
    if (counts.placements.added + counts.placements.updated > 0) {
      await sql`SELECT rebuild_episodes(array(SELECT DISTINCT household_id FROM imp_placements))`.execute(trx);
    }
  }
  if (problems.length > 0) throw new Refused(problems);
  return counts;
}

/** The row of placements.csv a 23P01 is about, from the constraint's detail "(unit_id, nights)=(7, [2025-01-01,2025-02-01))". */
function rowFromOverlap(e: unknown, r: ImportRecords): number | null {
  const detail = String((e as { detail?: string }).detail ?? "");
  const m = /=\((\d+), \[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})?\)\)/.exec(detail);
  if (!m) return null;
  const hit = r.placements.find((p) => p.startDate === m[2] && (p.endDate ?? undefined) === (m[3] ?? undefined));
  return hit?.row ?? null;
}

// ---------------------------------------------------------------- summary

export function totalRows(batch: ImportBatch): number {
  return batch.files.reduce((n, f) => n + f.rowsRead, 0);
}

export function describeCounts(counts: ImportCounts): string[] {
  return IMPORT_FILE_KINDS.filter((k) => counts[k].added + counts[k].updated + counts[k].unchanged > 0).map(
    (k) => `${IMPORT_TEMPLATE[k].fileName}: ${counts[k].added} added, ${counts[k].updated} updated, ${counts[k].unchanged} unchanged`,
  );
}
