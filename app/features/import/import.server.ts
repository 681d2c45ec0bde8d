/**
 * Importing the template's files (the database half of the spreadsheet import).
 *
 * `importFiles` streams each file through the row checks of app/features/import
 * into temporary staging tables (app/features/import/import-stage.server.ts), 5,000
 * rows at a time, keeping none of them in memory; checks the rows across
 * files and against Waypoint in SQL; and, when nothing is wrong, writes the
 * whole import in ONE transaction, every write one set-based statement per
 * table. Idempotent by reference: a row already in Waypoint with the same
 * values is left alone, one with other values is updated, a new one is added.
 * A dry run is the same transaction rolled back. Every problem is kept in a
 * table and handed out a page at a time, so none of it grows with the files.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import { audit } from "~/lib/audit.server";
import { constraintOf, isCheckViolation, isExclusionViolation, isForeignKeyViolation, isUniqueViolation } from "~/lib/db/errors";
import type { IsoDate } from "~/lib/dates";
import { IMPORT_MESSAGES, streamImportFile, type ImportContent, type ImportFileSummary, type ImportProblem } from "~/features/import/parse";
import { IMPORT_FILE_KINDS, IMPORT_TEMPLATE, TEMPLATE_VERSION, fileKindFromName, type ImportFileKind } from "~/features/import/template";
import { ImportStage, WAYPOINT_MESSAGES, providerKeySql, withSession, type StagedFile } from "~/features/import/import-stage.server";
import type { Conn } from "~/lib/db/connect";
import { takesEffectOn } from "~/lib/db/effective-date.server";

export async function taTypeCodes(db: Conn): Promise<string[]> {
  const rows = await db.selectFrom("ta_types").select("code").orderBy("sort_order").execute();
  return rows.map((r) => r.code);
}

export interface ImportFileInput {
  name: string;
  content: ImportContent;
}

export interface KindCounts {
  added: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<ImportFileKind, KindCounts>;

export interface ImportOptions {
  today: IsoDate;
  userId: number | null;
  /** The audit event's entity id: the upload, or "command-line". */
  reference?: string;
  /** Write everything, then roll it back: the counts and refusals a real import would give. */
  dryRun?: boolean;
  /** Called once the files are read and checked, before the checks against Waypoint and the writing. */
  onWriting?: () => Promise<void> | void;
  /** Every problem (errors and warnings), in reading order, a page at a time, once the work is done. */
  onProblems?: (page: ImportProblem[]) => Promise<void> | void;
}

export interface ImportOutcome {
  /** Written (or, on a dry run, would be): no errors, warnings allowed. */
  ok: boolean;
  dryRun: boolean;
  templateVersion: typeof TEMPLATE_VERSION;
  /** Counts per file, in the order given. */
  files: ImportFileSummary[];
  /** Data rows read in every file. */
  rows: number;
  errors: number;
  warnings: number;
  /** What was (or would be) added, updated and left alone; null when refused. */
  counts: ImportCounts | null;
  /** Seconds spent reading and checking the files, then checking against Waypoint and writing. */
  seconds: { checked: number; written: number };
}

const zero = (): KindCounts => ({ added: 0, updated: 0, unchanged: 0 });

class DryRunDone extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run");
  }
}
class Overlapped extends Error {
  constructor(readonly cause: unknown) {
    super("overlap");
  }
}

/**
 * Reads, checks and (when nothing is wrong) writes the files, imported
 * together in one transaction. Never throws for bad content: every problem
 * goes to `onProblems`, and `ok` is false.
 */
export async function importFiles(db: Kysely<DB>, files: Iterable<ImportFileInput>, opts: ImportOptions): Promise<ImportOutcome> {
  const t0 = performance.now();
  return withSession(db, async (conn) => {
    const stage = new ImportStage(conn);
    try {
      await stage.create();
      const taTypes = await taTypeCodes(conn);
      const staged: StagedFile[] = [];
      const firstOfKind = new Map<ImportFileKind, StagedFile>();
      let fileNo = 0;
      for (const input of files) {
        const kind = fileKindFromName(input.name);
        const first = kind ? firstOfKind.get(kind) : undefined;
        const primary = kind !== null && first === undefined;
        const table = kind ? stage.tableFor(kind, fileNo, primary) : "";
        const counter = { staged: 0 };
        let read;
        if (kind) {
          await stage.createTable(kind, table);
          const sink = stage.sink(fileNo, kind, table, counter);
          read = await streamImportFile(input.name, input.content, { taTypes, today: opts.today }, sink);
          await sink.end();
          await sql`ANALYZE ${sql.raw(table)}`.execute(conn);
        } else {
          const no = fileNo;
          read = await streamImportFile(
            input.name,
            input.content,
            { taTypes, today: opts.today },
            { row() {}, problem: (p) => stage.addProblem(no, null, p) },
          );
        }
        const file: StagedFile = { ...read, fileNo, primary, table, staged: counter.staged };
        if (kind && first) {
          stage.addProblem(
            fileNo,
            kind,
            {
              file: input.name,
              row: null,
              message: IMPORT_MESSAGES.duplicateFile(IMPORT_TEMPLATE[kind].fileName, first.file),
              severity: "error",
            },
            30 * 10_000_000_000,
          );
        }
        if (kind && primary) firstOfKind.set(kind, file);
        staged.push(file);
        fileNo++;
      }
      const fileNames = [...staged.map((f) => f.file), staged.map((f) => f.file).join(", ")];
      // the writing reads every kind's table: an empty one for a kind not imported
      for (const kind of IMPORT_FILE_KINDS) if (!firstOfKind.has(kind)) await stage.createTable(kind, stage.tableFor(kind, -1, true));

      await stage.checkFiles(staged);
      let tally = await stage.tally();
      const errorsNow = () => [...tally.values()].reduce((n, x) => n + x.errors, 0);
      const checked = performance.now();

      let counts: ImportCounts | null = null;
      if (errorsNow() === 0) {
        await opts.onWriting?.();
        // against Waypoint: each check only when the one before found nothing, as the writing would stop there
        const units = firstOfKind.get("units");
        const members = firstOfKind.get("members");
        const placements = firstOfKind.get("placements");
        const outOfService = firstOfKind.get("out_of_service");
        const placementsTable = stage.tableFor("placements", placements?.fileNo ?? -1, true);
        const steps = [
          units && units.staged > 0 ? () => stage.checkProperties(units) : null,
          members && members.staged > 0 ? () => stage.checkLeads(members) : null,
          placements && placements.staged > 0 ? () => stage.checkWaypointPlacements(placements) : null,
          outOfService && outOfService.staged > 0 ? () => stage.checkWaypointOutOfService(outOfService, placementsTable) : null,
        ];
        for (const step of steps) {
          if (!step) continue;
          await step();
          tally = await stage.tally();
          if (errorsNow() > 0) break;
        }
        const warnings = [...tally.values()].reduce((n, x) => n + x.warnings, 0);
        if (errorsNow() === 0) counts = await write(conn, stage, staged, firstOfKind, fileNames, warnings, opts);
        tally = await stage.tally();
      }
      const written = performance.now();

      const summaries: ImportFileSummary[] = [];
      for (const f of staged) {
        const t = tally.get(f.fileNo) ?? { errors: 0, warnings: 0 };
        summaries.push({
          file: f.file,
          kind: f.kind,
          rowsRead: f.rowsRead,
          records: f.kind && f.primary ? await stage.records(f.table) : 0,
          errors: t.errors,
          warnings: t.warnings,
          problemsOmitted: 0,
        });
      }
      const other = tally.get(staged.length) ?? { errors: 0, warnings: 0 }; // the database's refusal of the whole import
      const errors = summaries.reduce((n, s) => n + s.errors, other.errors);
      const warnings = summaries.reduce((n, s) => n + s.warnings, 0);
      if (opts.onProblems) for await (const page of stage.readProblems(fileNames)) await opts.onProblems(page);
      return {
        ok: errors === 0 && counts !== null,
        dryRun: opts.dryRun ?? false,
        templateVersion: TEMPLATE_VERSION,
        files: summaries,
        rows: staged.reduce((n, f) => n + f.rowsRead, 0),
        errors,
        warnings,
        counts: errors === 0 ? counts : null,
        seconds: { checked: (checked - t0) / 1000, written: (written - checked) / 1000 },
      };
    } finally {
      await stage.drop().catch(() => {});
    }
  });
}

/** The transaction: every kind written from its staging table. Problems the database raises are kept after the rollback. */
async function write(
  conn: Kysely<DB>,
  stage: ImportStage,
  files: readonly StagedFile[],
  firstOfKind: ReadonlyMap<ImportFileKind, StagedFile>,
  fileNames: readonly string[],
  warnings: number,
  opts: ImportOptions,
): Promise<ImportCounts | null> {
  const names = Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, stage.tableFor(k, firstOfKind.get(k)?.fileNo ?? -1, true)])) as Record<
    ImportFileKind,
    string
  >;
  const staged = Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, firstOfKind.get(k)?.staged ?? 0])) as Record<ImportFileKind, number>;
  try {
    return await conn.transaction().execute(async (trx) => {
      // Members added, pregnancies recorded or ended and waits cleared take effect on the import's day.
      await takesEffectOn(trx, opts.today);
      const counts = await writeRecords(trx, stage, names, staged, { userId: opts.userId, reference: opts.reference ?? "command-line" });
      await audit(trx, {
        userId: opts.userId,
        action: "import",
        entity: "import",
        entityId: opts.reference ?? "command-line",
        after: { templateVersion: TEMPLATE_VERSION, files: files.map((f) => f.file), counts, warnings },
      });
      if (opts.dryRun) throw new DryRunDone(counts);
      return counts;
    });
  } catch (e) {
    if (e instanceof DryRunDone) return e.counts;
    if (e instanceof Overlapped) {
      const placements = firstOfKind.get("placements")!;
      const row = await rowFromOverlap(conn, names.placements, e.cause);
      await stage.addDatabaseProblem(placements.fileNo, "placements", {
        file: placements.file,
        row,
        column: "start_date",
        message: WAYPOINT_MESSAGES.constraintOverlap(),
        severity: "error",
      });
      return null;
    }
    // A rule only the database knew (a second lead, a duplicate): still a problem, never a crash.
    if (isUniqueViolation(e) || isCheckViolation(e) || isForeignKeyViolation(e) || isExclusionViolation(e)) {
      await stage.addDatabaseProblem(files.length, null, {
        file: fileNames[files.length],
        row: null,
        message: `The database refused the import (${constraintOf(e) ?? "a rule"}): nothing was imported. ${(e as Error).message}`,
        severity: "error",
      });
      return null;
    }
    throw e;
  }
}

async function count(trx: Conn, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const r = await query.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

async function writeRecords(
  trx: Transaction<DB>,
  stage: ImportStage,
  names: Record<ImportFileKind, string>,
  staged: Record<ImportFileKind, number>,
  by: { userId: number | null; reference: string },
): Promise<ImportCounts> {
  /**
   * One audit row per record a statement added or changed, naming the import: appended as
   * a CTE to a statement whose CTE \`w\` returns the record's id, whether it was inserted,
   * and its household (or null).
   */
  const audited = (entity: string) => sql`
    , audited AS (
      INSERT INTO audit_events (user_id, action, entity, entity_id, household_id, after)
      SELECT ${by.userId}::bigint, 'import', ${entity}, w.id::text, w.household_id,
             jsonb_build_object('import', ${by.reference}::text, 'change', CASE WHEN w.inserted THEN 'added' ELSE 'changed' END)
      FROM w)`;
  const T = Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, sql.raw(names[k])])) as Record<ImportFileKind, ReturnType<typeof sql.raw>>;
  const counts = Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, zero()])) as ImportCounts;

  // ---- providers, by name ignoring case and repeated spaces
  counts.providers.updated = await count(
    trx,
    sql<{ n: number }>`
    WITH u AS (
      UPDATE providers p SET provider_type = s.provider_type, email = s.email, phone = s.phone
      FROM ${T.providers} s
      WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.provider_name")}
        AND (p.provider_type, p.email, p.phone) IS DISTINCT FROM (s.provider_type, s.email, s.phone)
      RETURNING p.id)
    SELECT count(*) AS n FROM u`,
  );
  counts.providers.added = await count(
    trx,
    sql<{ n: number }>`
    WITH i AS (
      INSERT INTO providers (name, provider_type, email, phone)
      SELECT s.provider_name, s.provider_type, s.email, s.phone FROM ${T.providers} s
      WHERE NOT EXISTS (SELECT 1 FROM providers p WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.provider_name")})
      ORDER BY s.row
      RETURNING id)
    SELECT count(*) AS n FROM i`,
  );
  counts.providers.unchanged = staged.providers - counts.providers.added - counts.providers.updated;

  // ---- properties (one per provider and property name) and units, by unit_ref
  if (staged.units > 0) {
    await sql`
      UPDATE ${T.units} s SET provider_id = p.id FROM providers p
      WHERE ${providerKeySql("p.name")} = ${providerKeySql("s.provider_name")}`.execute(trx);
    // A property already in Waypoint keeps its address: each unit stores where it differs
    // (below), so every unit's own address is as the file says and a re-import changes nothing.
    await sql`
      WITH first AS (
        SELECT DISTINCT ON (provider_id, lower(property_name)) * FROM ${T.units} WHERE brma IS NOT NULL ORDER BY provider_id, lower(property_name), row)
      UPDATE properties p SET brma = f.brma
      FROM first f
      WHERE p.provider_id = f.provider_id AND lower(p.name) = lower(f.property_name) AND p.brma IS DISTINCT FROM f.brma`.execute(trx);
    await sql`
      INSERT INTO properties (provider_id, name, address_line_1, town, postcode, district_gss, brma)
      SELECT DISTINCT ON (provider_id, lower(property_name)) provider_id, property_name, address_line_1, town, postcode, district_gss, brma
      FROM ${T.units} s
      WHERE NOT EXISTS (SELECT 1 FROM properties p WHERE p.provider_id = s.provider_id AND lower(p.name) = lower(s.property_name))
      ORDER BY provider_id, lower(property_name), row`.execute(trx);
    await sql`
      UPDATE ${T.units} s SET property_id = p.id FROM properties p
      WHERE p.provider_id = s.provider_id AND lower(p.name) = lower(s.property_name)`.execute(trx);
    // A unit's address parts are kept only where they differ from its property's (null: the property's).
    const own = (col: string) => `CASE WHEN s.${col} = pr.${col} THEN NULL ELSE s.${col} END`;
    const unitValues = sql.raw(
      `s.property_id, s.ta_type, s.bedrooms, s.max_occupants, s.shared_kitchen, s.shared_bathroom, s.shared_toilet, s.step_free, s.in_use_from, s.retired_on, s.paid_for, ${["address_line_1", "town", "postcode", "district_gss"].map(own).join(", ")}`,
    );
    counts.units.updated = await count(
      trx,
      sql<{ n: number }>`
      WITH u AS (
        UPDATE units u SET property_id = s.property_id, ta_type_code = s.ta_type, bedrooms = s.bedrooms, max_occupants = s.max_occupants,
          shared_kitchen = s.shared_kitchen, shared_bathroom = s.shared_bathroom, shared_toilet = s.shared_toilet, step_free = s.step_free,
          in_use_from = s.in_use_from, retired_on = s.retired_on, paid_for = s.paid_for,
          address_line_1 = ${sql.raw(own("address_line_1"))}, town = ${sql.raw(own("town"))},
          postcode = ${sql.raw(own("postcode"))}, district_gss = ${sql.raw(own("district_gss"))}
        FROM ${T.units} s JOIN properties pr ON pr.id = s.property_id
        WHERE u.unit_ref = s.unit_ref
          AND (u.property_id, u.ta_type_code, u.bedrooms, u.max_occupants, u.shared_kitchen, u.shared_bathroom, u.shared_toilet, u.step_free, u.in_use_from, u.retired_on, u.paid_for,
               u.address_line_1, u.town, u.postcode, u.district_gss)
              IS DISTINCT FROM (${unitValues})
        RETURNING u.id),
      w AS (SELECT id, false AS inserted, NULL::bigint AS household_id FROM u) ${audited("unit")}
      SELECT count(*) AS n FROM u`,
    );
    counts.units.added = await count(
      trx,
      sql<{ n: number }>`
      WITH i AS (
        INSERT INTO units (property_id, ta_type_code, bedrooms, max_occupants, shared_kitchen, shared_bathroom, shared_toilet, step_free, in_use_from, retired_on, paid_for,
                           address_line_1, town, postcode, district_gss, unit_ref)
        SELECT ${unitValues}, s.unit_ref
        FROM ${T.units} s JOIN properties pr ON pr.id = s.property_id
        WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_ref = s.unit_ref)
        ORDER BY s.row
        RETURNING id),
      w AS (SELECT id, true AS inserted, NULL::bigint AS household_id FROM i) ${audited("unit")}
      SELECT count(*) AS n FROM i`,
    );
    counts.units.unchanged = staged.units - counts.units.added - counts.units.updated;
  }

  // ---- unit rates, by unit and effective_from
  if (staged.unit_rates > 0) {
    const rates = await sql<{ inserted: boolean; n: number }>`
      WITH w AS (
        INSERT INTO unit_rates (unit_id, effective_from, amount_pence, basis)
        SELECT u.id, s.effective_from, coalesce(s.nightly_rate, s.weekly_rate), CASE WHEN s.weekly_rate IS NULL THEN 'night' ELSE 'week' END
        FROM ${T.unit_rates} s JOIN units u ON u.unit_ref = s.unit_ref
        ORDER BY s.row
        ON CONFLICT ON CONSTRAINT unit_rates_one_per_day DO UPDATE SET amount_pence = EXCLUDED.amount_pence, basis = EXCLUDED.basis
          WHERE (unit_rates.amount_pence, unit_rates.basis) IS DISTINCT FROM (EXCLUDED.amount_pence, EXCLUDED.basis)
        RETURNING id, (xmax = 0) AS inserted, NULL::bigint AS household_id) ${audited("unit_rate")}
      SELECT inserted, count(*) AS n FROM w GROUP BY inserted`.execute(trx);
    for (const x of rates.rows) counts.unit_rates[x.inserted ? "added" : "updated"] = Number(x.n);
    counts.unit_rates.unchanged = staged.unit_rates - counts.unit_rates.added - counts.unit_rates.updated;
  }

  // ---- households, by case_ref
  if (staged.households > 0) {
    const hh = await sql<{ inserted: boolean; n: number }>`
      WITH w AS (
        INSERT INTO households (case_ref, duty, step_free_needed, support_needs, awaiting_since)
        SELECT case_ref, duty, coalesce(step_free_needed, false), coalesce(support_needs, ''), awaiting_since FROM ${T.households} ORDER BY row
        ON CONFLICT (case_ref) DO UPDATE SET duty = EXCLUDED.duty, step_free_needed = EXCLUDED.step_free_needed,
          support_needs = EXCLUDED.support_needs, awaiting_since = EXCLUDED.awaiting_since, updated_at = now()
          WHERE (households.duty, households.step_free_needed, households.support_needs, households.awaiting_since)
                IS DISTINCT FROM (EXCLUDED.duty, EXCLUDED.step_free_needed, EXCLUDED.support_needs, EXCLUDED.awaiting_since)
        RETURNING id, (xmax = 0) AS inserted, id AS household_id) ${audited("household")}
      SELECT inserted, count(*) AS n FROM w GROUP BY inserted`.execute(trx);
    for (const x of hh.rows) counts.households[x.inserted ? "added" : "updated"] = Number(x.n);
    counts.households.unchanged = staged.households - counts.households.added - counts.households.updated;
  }

  // ---- members, by (case_ref, name ignoring case, date_of_birth)
  if (staged.members > 0) {
    await stage.resolveMembers(names.members, trx);
    counts.members.updated = await count(
      trx,
      sql<{ n: number }>`
      WITH u AS (
        UPDATE household_members m SET name = s.name, date_of_birth = s.date_of_birth, relationship = s.relationship, pregnant = coalesce(s.pregnant, false), sex = s.sex
        FROM ${T.members} s
        WHERE m.id = s.member_id
          AND ((m.name, m.date_of_birth, m.relationship, m.pregnant, m.sex) IS DISTINCT FROM (s.name, s.date_of_birth, s.relationship, coalesce(s.pregnant, false), s.sex)
               OR (s.pregnant_since IS NOT NULL AND s.pregnant_since IS DISTINCT FROM
                     (SELECT mp.from_date FROM member_pregnancies mp WHERE mp.member_id = m.id AND mp.to_date IS NULL)))
        RETURNING m.id, m.household_id),
      w AS (SELECT id, false AS inserted, household_id FROM u) ${audited("member")}
      SELECT count(*) AS n FROM u`,
    );
    counts.members.added = await count(
      trx,
      sql<{ n: number }>`
      WITH i AS (
        INSERT INTO household_members (household_id, name, date_of_birth, relationship, pregnant, sex, position)
        SELECT s.household_id, s.name, s.date_of_birth, s.relationship, coalesce(s.pregnant, false), s.sex,
               coalesce(last.position + 1, 0) + row_number() OVER (PARTITION BY s.household_id ORDER BY s.row) - 1
        FROM ${T.members} s
        LEFT JOIN (SELECT household_id, max(position) AS position FROM household_members
                   WHERE household_id IN (SELECT household_id FROM ${T.members}) GROUP BY household_id) last ON last.household_id = s.household_id
        WHERE s.member_id IS NULL
        ORDER BY s.row
        RETURNING id, household_id),
      w AS (SELECT id, true AS inserted, household_id FROM i) ${audited("member")}
      SELECT count(*) AS n FROM i`,
    );
    counts.members.unchanged = staged.members - counts.members.added - counts.members.updated;
    // A pregnancy counts from pregnant_since where the file gives it (the trigger dated it from the import's day).
    await stage.resolveMembers(names.members, trx);
    await sql`
      UPDATE member_pregnancies mp SET from_date = s.pregnant_since
      FROM ${T.members} s
      WHERE mp.member_id = s.member_id AND mp.to_date IS NULL AND s.pregnant_since IS NOT NULL
        AND mp.from_date IS DISTINCT FROM s.pregnant_since`.execute(trx);
  }
  // A household given without its members still has a lead: the lead_name, date of birth unknown.
  if (staged.households > 0) {
    await sql`
      WITH w AS (
      INSERT INTO household_members (household_id, name, relationship, position)
      SELECT h.id, s.lead_name, 'lead', coalesce(last.position + 1, 0)
      FROM ${T.households} s JOIN households h ON h.case_ref = s.case_ref
      LEFT JOIN (SELECT household_id, max(position) AS position FROM household_members
                 WHERE household_id IN (SELECT h2.id FROM households h2 JOIN ${T.households} i ON i.case_ref = h2.case_ref)
                 GROUP BY household_id) last ON last.household_id = h.id
      WHERE NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id AND m.relationship = 'lead')
      ORDER BY s.row
      RETURNING id, true AS inserted, household_id) ${audited("member")}
      SELECT 1`.execute(trx);
  }

  // ---- placements, by (case_ref, unit_ref, start_date)
  if (staged.placements > 0) {
    await stage.resolvePlacements(names.placements, trx);
    await sql`ANALYZE ${T.placements}`.execute(trx);

    try {
      counts.placements.updated = await count(
        trx,
        sql<{ n: number }>`
        WITH u AS (
          UPDATE placements p SET end_date = s.end_date, end_reason = s.end_reason, destination = s.destination, duty = coalesce(s.duty, p.duty)
          FROM ${T.placements} s
          WHERE p.id = s.placement_id
            AND (p.end_date, p.end_reason, p.destination, p.duty) IS DISTINCT FROM (s.end_date, s.end_reason, s.destination, coalesce(s.duty, p.duty))
          RETURNING p.id, p.household_id),
        w AS (SELECT id, false AS inserted, household_id FROM u) ${audited("placement")}
        SELECT count(*) AS n FROM u`,
      );
      counts.placements.added = await count(
        trx,
        sql<{ n: number }>`
        WITH i AS (
          INSERT INTO placements (household_id, unit_id, start_date, end_date, duty, end_reason, destination)
          SELECT household_id, unit_id, start_date, end_date, placement_duty, end_reason, destination
          FROM ${T.placements} WHERE placement_id IS NULL ORDER BY row
          RETURNING id, household_id),
        w AS (SELECT id, true AS inserted, household_id FROM i) ${audited("placement")}
        SELECT count(*) AS n FROM i`,
      );
    } catch (e) {
      // The exclusion constraint is the last guard: name the row it refused (after the rollback).
      if (!isExclusionViolation(e)) throw e;
      throw new Overlapped(e);
    }
    counts.placements.unchanged = staged.placements - counts.placements.added - counts.placements.updated;
    if (counts.placements.added + counts.placements.updated > 0) {
      await sql`SELECT rebuild_episodes(array(SELECT DISTINCT household_id FROM ${T.placements}))`.execute(trx);
    }
  }

  // ---- out-of-service periods, by (unit_ref, start_date), after the placements they must not overlap
  if (staged.out_of_service > 0) {
    await stage.resolveOutOfService(names.out_of_service, trx);
    counts.out_of_service.updated = await count(
      trx,
      sql<{ n: number }>`
      WITH u AS (
        UPDATE out_of_service o SET end_date = s.end_date, reason = s.reason
        FROM ${T.out_of_service} s
        WHERE o.id = s.out_of_service_id AND (o.end_date, o.reason) IS DISTINCT FROM (s.end_date, s.reason)
        RETURNING o.id)
      SELECT count(*) AS n FROM u`,
    );
    counts.out_of_service.added = await count(
      trx,
      sql<{ n: number }>`
      WITH i AS (
        INSERT INTO out_of_service (unit_id, start_date, end_date, reason)
        SELECT unit_id, start_date, end_date, reason FROM ${T.out_of_service} WHERE out_of_service_id IS NULL ORDER BY row
        RETURNING id)
      SELECT count(*) AS n FROM i`,
    );
    counts.out_of_service.unchanged = staged.out_of_service - counts.out_of_service.added - counts.out_of_service.updated;
  }

  // ---- inspections (issue 21), by (the unit, or its property for a whole_property row, inspected_on)
  if (staged.inspections > 0) {
    await stage.resolveInspections(names.inspections, trx);
    counts.inspections.updated = await count(
      trx,
      sql<{ n: number }>`
      WITH u AS (
        UPDATE inspections i SET inspector = s.inspector, grade = s.grade, findings = coalesce(s.findings, ''), reinspect_on = s.reinspect_on
        FROM ${T.inspections} s
        WHERE i.id = s.inspection_id
          AND (i.inspector, i.grade, i.findings, i.reinspect_on) IS DISTINCT FROM (s.inspector, s.grade, coalesce(s.findings, ''), s.reinspect_on)
        RETURNING i.id),
      w AS (SELECT id, false AS inserted, NULL::bigint AS household_id FROM u) ${audited("inspection")}
      SELECT count(*) AS n FROM u`,
    );
    counts.inspections.added = await count(
      trx,
      sql<{ n: number }>`
      WITH i AS (
        INSERT INTO inspections (property_id, unit_id, inspected_on, inspector, grade, findings, reinspect_on, created_by)
        SELECT property_id, CASE WHEN coalesce(whole_property, false) THEN NULL ELSE unit_id END, inspected_on, inspector, grade,
               coalesce(findings, ''), reinspect_on, ${by.userId}::bigint
        FROM ${T.inspections} WHERE inspection_id IS NULL ORDER BY row
        RETURNING id),
      w AS (SELECT id, true AS inserted, NULL::bigint AS household_id FROM i) ${audited("inspection")}
      SELECT count(*) AS n FROM i`,
    );
    // The works of each row: added once (matched by the inspection and the description); a completion date given later is kept.
    await stage.resolveInspections(names.inspections, trx);
    await sql`
      UPDATE inspection_works w SET completed_on = s.works_completed, due_on = s.works_due
      FROM ${T.inspections} s
      WHERE w.inspection_id = s.inspection_id AND w.description = s.works AND s.works IS NOT NULL
        AND (w.completed_on, w.due_on) IS DISTINCT FROM (s.works_completed, s.works_due)`.execute(trx);
    await sql`
      INSERT INTO inspection_works (inspection_id, description, due_on, completed_on)
      SELECT s.inspection_id, s.works, s.works_due, s.works_completed
      FROM ${T.inspections} s
      WHERE s.works IS NOT NULL AND s.works_due IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM inspection_works w WHERE w.inspection_id = s.inspection_id AND w.description = s.works)
      ORDER BY s.row`.execute(trx);
    counts.inspections.unchanged = staged.inspections - counts.inspections.added - counts.inspections.updated;
  }

  // ---- certificates (issue 21), by (the unit, or its property, certificate, issued_on)
  if (staged.certificates > 0) {
    await stage.resolveCertificates(names.certificates, trx);
    counts.certificates.updated = await count(
      trx,
      sql<{ n: number }>`
      WITH u AS (
        UPDATE certificates c SET expires_on = s.expires_on, reference = s.reference
        FROM ${T.certificates} s
        WHERE c.id = s.certificate_id AND (c.expires_on, c.reference) IS DISTINCT FROM (s.expires_on, s.reference)
        RETURNING c.id),
      w AS (SELECT id, false AS inserted, NULL::bigint AS household_id FROM u) ${audited("certificate")}
      SELECT count(*) AS n FROM u`,
    );
    counts.certificates.added = await count(
      trx,
      sql<{ n: number }>`
      WITH i AS (
        INSERT INTO certificates (property_id, unit_id, kind, issued_on, expires_on, reference, created_by)
        SELECT property_id, CASE WHEN coalesce(whole_property, false) THEN NULL ELSE unit_id END, certificate, issued_on, expires_on,
               reference, ${by.userId}::bigint
        FROM ${T.certificates} WHERE certificate_id IS NULL ORDER BY row
        RETURNING id),
      w AS (SELECT id, true AS inserted, NULL::bigint AS household_id FROM i) ${audited("certificate")}
      SELECT count(*) AS n FROM i`,
    );
    counts.certificates.unchanged = staged.certificates - counts.certificates.added - counts.certificates.updated;
  }
  return counts;
}

/** The row of placements.csv a 23P01 is about, from the constraint's detail "(unit_id, nights)=(7, [2025-01-01,2025-02-01))". */
async function rowFromOverlap(conn: Kysely<DB>, table: string, e: unknown): Promise<number | null> {
  const detail = String((e as { detail?: string }).detail ?? "");
  const m = /=\((\d+), \[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})?\)\)/.exec(detail);
  if (!m) return null;
  const r = await sql<{ row: number }>`
    SELECT row FROM ${sql.raw(table)} WHERE start_date = ${m[2]}::date AND end_date IS NOT DISTINCT FROM ${m[3] ?? null}::date
    ORDER BY row LIMIT 1`.execute(conn);
  return r.rows[0]?.row ?? null;
}

// ---------------------------------------------------------------- summary

export function describeCounts(counts: ImportCounts): string[] {
  return IMPORT_FILE_KINDS.filter((k) => counts[k].added + counts[k].updated + counts[k].unchanged > 0).map(
    (k) => `${IMPORT_TEMPLATE[k].fileName}: ${counts[k].added} added, ${counts[k].updated} updated, ${counts[k].unchanged} unchanged`,
  );
}
