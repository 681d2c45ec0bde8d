/**
 * Retention (issue 22, item 2; migration 0072; ADR 0038): a closed case is kept for the
 * council's retention period (settings.retention_years, default six years) after its last
 * placement ended or its case closed, then anonymised by `waypoint maintain --retention`,
 * unless an administrator has put it on legal hold. Every figure stays the same.
 *
 * What is personal is declared per table (PERSONAL_COLUMNS): every table holding a
 * household_id (or a placement_id without one), and in each every column of text, array or
 * JSON type and every date of birth, says what anonymising does to it. A test fails when a
 * table or such a column is not declared, so a table or field added later is classified when
 * it is added.
 */
import { sql } from "kysely";
import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import { getSetting, setSetting } from "~/lib/settings.server";
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";

export const RETENTION_YEARS_DEFAULT = 6;
/** What a retained name becomes. */
export const ANONYMISED_NAME = "Anonymised";

/**
 * keep: not personal (a code, a date, the council's own case reference); name: the placeholder;
 * birth: the year of birth (anonymised_birth_date: the earliest date of the year that keeps
 * every age the figures use); empty: '' (free text that may not be null); null: removed.
 */
export type Treatment = "keep" | "name" | "birth" | "empty" | "null";

export const PERSONAL_COLUMNS: Record<string, { key: "id" | "household_id" | "placement_id"; columns: Record<string, Treatment> }> = {
  households: {
    key: "id",
    columns: {
      case_ref: "keep",
      duty: "keep",
      support_needs: "empty",
      legal_hold_reason: "keep",
      // The case file (HOUSEHOLD_PERSONAL_FIELDS): contact details, addresses, needs.
      phone: "empty",
      email: "empty",
      preferred_contact: "null",
      language: "empty",
      current_address: "empty",
      previous_address: "empty",
      local_connection: "empty",
      local_connection_gss: "keep",
      vulnerability_needs: "empty",
    },
  },
  household_members: { key: "household_id", columns: { name: "name", date_of_birth: "birth", relationship: "keep", sex: "keep" } },
  former_household_members: { key: "household_id", columns: { name: "name", date_of_birth: "birth", relationship: "keep", sex: "keep" } },
  member_pregnancies: { key: "household_id", columns: {} },
  // Counts and codes kept from the members (rebuilt when a date of birth is anonymised).
  household_fact_segments: { key: "household_id", columns: { household_type: "keep", ta2_category: "keep" } },
  // The households in TA on a kept night (ADR 0059): codes and counts, kept from the record.
  ta_night_facts: {
    key: "household_id",
    columns: { duty: "keep", ta_type_code: "keep", district_gss: "keep", household_type: "keep", ta2: "keep", six_weeks_status: "keep" },
  },
  ta_night_stale: { key: "household_id", columns: {} },
  awaiting_periods: { key: "household_id", columns: {} },
  applications: { key: "household_id", columns: {} },
  placements: {
    key: "household_id",
    columns: {
      duty: "keep",
      destination: "keep",
      unsuitable_reasons: "keep",
      decision_reason: "keep",
      end_reason: "null",
      cancel_reason: "null",
      decision_note: "null",
    },
  },
  episodes: { key: "household_id", columns: { destination: "keep", entry_ta_type: "keep" } },
  move_on_plans: { key: "household_id", columns: { pathway: "keep", next_action: "empty" } },
  s208_notices: { key: "household_id", columns: { sent_to: "keep", method: "keep" } },
  suitability_reviews: { key: "household_id", columns: { outcome: "keep", notes: "empty" } },
  contacts: { key: "household_id", columns: { kind: "keep", outcome: "keep", contact_time: "keep", note: "empty" } },
  // A note's body may not be empty (migration 0069): it becomes the placeholder.
  case_notes: { key: "household_id", columns: { body: "name" } },
  // A letter as sent names the household and its address: the text goes (it may not be empty).
  letters: { key: "household_id", columns: { kind: "keep", sent_to: "name", body: "name" } },
  complaints: { key: "placement_id", columns: { kind: "keep", outcome: "keep", details: "name", outcome_note: "empty" } },
  trial_tags: { key: "household_id", columns: {} },
  ta1_filed_households: { key: "household_id", columns: { line: "keep" } },
  // The audit trail keeps who changed what and when; the before and after (names, dates of birth, notes) go.
  audit_events: { key: "household_id", columns: { action: "keep", entity: "keep", entity_id: "keep", before: "null", after: "null" } },
  record_views: { key: "household_id", columns: { what: "keep", detail: "keep" } },
  household_merges: { key: "household_id", columns: { moved: "keep" } },
};

export async function retentionYears(db: Conn): Promise<number> {
  const v = await getSetting<number>(db, "retention_years");
  return typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : RETENTION_YEARS_DEFAULT;
}

export const retentionSettingSchema = z.object({
  years: z.coerce
    .number({ error: "Enter the number of years as a whole number, like 6" })
    .int("Enter the number of years as a whole number, like 6")
    .min(1, "Keep closed cases for at least 1 year")
    .max(100, "Keep closed cases for 100 years or fewer"),
});

export async function setRetentionYears(db: Conn, actorId: number, years: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await retentionYears(trx);
    await setSetting(trx, "retention_years", years);
    await audit(trx, {
      userId: actorId,
      action: "update",
      entity: "settings",
      entityId: "retention",
      before: { years: before },
      after: { years },
    });
  });
}

export interface DueCase {
  householdId: number;
  caseRef: string;
  closedOn: IsoDate;
  members: number;
  onHold: boolean;
  holdReason: string | null;
  /** A household merged into this one: anonymised with it. */
  mergedInto: string | null;
}

/** The cases past retention on day d (held ones too, marked), and the households merged into them. */
export async function retentionDue(db: Conn, day: IsoDate): Promise<{ years: number; cases: DueCase[] }> {
  const years = await retentionYears(db);
  const r = await sql<{
    id: number;
    case_ref: string;
    closed_on: string;
    members: string;
    on_hold: boolean;
    hold: string | null;
    into: string | null;
  }>`
    WITH due AS (SELECT * FROM retention_due(${day}::date, ${years}::int))
    SELECT h.id, h.case_ref, d.closed_on::text AS closed_on, d.on_hold, h.legal_hold_reason AS hold, NULL::text AS into,
           (SELECT count(*) FROM household_members m WHERE m.household_id = h.id) AS members
    FROM due d JOIN households h ON h.id = d.household_id
    UNION ALL
    SELECT b.id, b.case_ref, d.closed_on::text, d.on_hold, h.legal_hold_reason, h.case_ref,
           (SELECT count(*) FROM household_members m WHERE m.household_id = b.id)
    FROM due d JOIN households h ON h.id = d.household_id JOIN households b ON b.merged_into = h.id AND b.anonymised_at IS NULL
    ORDER BY 3, 2`.execute(db);
  return {
    years,
    cases: r.rows.map((x) => ({
      householdId: Number(x.id),
      caseRef: x.case_ref,
      closedOn: x.closed_on as IsoDate,
      members: Number(x.members),
      onHold: x.on_hold,
      holdReason: x.hold,
      mergedInto: x.into,
    })),
  };
}

function setClause(columns: Record<string, Treatment>, hidRef: string) {
  const parts: ReturnType<typeof sql>[] = [];
  for (const [c, t] of Object.entries(columns)) {
    if (t === "keep") continue;
    const col = sql.ref(c);
    if (t === "name") parts.push(sql`${col} = ${ANONYMISED_NAME}`);
    else if (t === "empty") parts.push(sql`${col} = ''`);
    else if (t === "null") parts.push(sql`${col} = NULL`);
    else parts.push(sql`${col} = anonymised_birth_date(${col}, ${sql.ref(hidRef)})`);
  }
  return parts;
}

/** Anonymises these households in one transaction (their personal columns as declared), audited on each. */
export async function anonymiseHouseholds(trx: Conn, actorId: number | null, ids: number[], why: Record<string, unknown>): Promise<void> {
  if (!ids.length) return;
  // The one change the audit trail allows: emptying the before and after of these households' rows.
  await sql`SELECT set_config('waypoint.anonymising', 'on', true)`.execute(trx);
  // Dates of birth first: they read the households' nights, which nothing here changes.
  for (const [table, { key, columns }] of Object.entries(PERSONAL_COLUMNS)) {
    const set = setClause(columns, key === "id" ? "id" : "household_id");
    if (!set.length) continue;
    const where =
      key === "placement_id"
        ? sql`placement_id IN (SELECT id FROM placements WHERE household_id = ANY(${ids}::bigint[]))`
        : sql`${sql.ref(key)} = ANY(${ids}::bigint[])`;
    await sql`UPDATE ${sql.table(table)} SET ${sql.join(set, sql`, `)} WHERE ${where}`.execute(trx);
  }
  await sql`SELECT set_config('waypoint.anonymising', 'off', true)`.execute(trx);
  await trx.updateTable("households").set({ anonymised_at: new Date(), updated_at: new Date() }).where("id", "in", ids).execute();
  for (const id of ids)
    await audit(trx, { userId: actorId, action: "anonymise", entity: "household", entityId: id, householdId: id, after: why });
}

export interface RetentionRun {
  years: number;
  anonymised: DueCase[];
  held: DueCase[];
  viewsRemoved: number;
}

/**
 * `waypoint maintain --retention`: anonymises every case past retention and not on hold, and
 * removes the log of views older than the retention period. dryRun: lists, changes nothing.
 */
export async function applyRetention(db: Conn, day: IsoDate, opts: { dryRun: boolean; actorId?: number | null }): Promise<RetentionRun> {
  return db.transaction().execute(async (trx) => {
    const { years, cases } = await retentionDue(trx, day);
    const anonymised = cases.filter((c) => !c.onHold);
    const held = cases.filter((c) => c.onHold && c.mergedInto === null);
    const cutoff = sql`(${day}::date - make_interval(years => ${years}::int))::date`;
    let viewsRemoved: number;
    if (opts.dryRun) {
      viewsRemoved = Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*) AS n FROM record_views WHERE (at AT TIME ZONE 'Europe/London')::date < ${cutoff}`.execute(trx)
        ).rows[0].n,
      );
    } else {
      await anonymiseHouseholds(
        trx,
        opts.actorId ?? null,
        anonymised.map((c) => c.householdId),
        { retention_years: years, on: day },
      );
      const del = await sql`DELETE FROM record_views WHERE (at AT TIME ZONE 'Europe/London')::date < ${cutoff}`.execute(trx);
      viewsRemoved = Number(del.numAffectedRows ?? 0);
    }
    return { years, anonymised, held, viewsRemoved };
  });
}

export const legalHoldSchema = z.object({
  intent: z.enum(["hold", "lift"]),
  reason: z.string().trim().max(500, "The reason must be 500 characters or fewer").optional(),
});

/** Puts a case on legal hold (reason required) or takes it off; audited. */
export async function setLegalHold(db: Conn, actorId: number, householdId: number, hold: { reason: string } | null): Promise<void> {
  if (hold && !hold.reason.trim()) throw new Refusal("reason", "Enter why the case must be kept");
  await db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom("households")
      .select(["id", "legal_hold_reason", "anonymised_at"])
      .where("id", "=", householdId)
      .forUpdate()
      .executeTakeFirst();
    if (!h) throw new Refusal("reason", "This household is not recorded");
    if (hold && h.anonymised_at !== null)
      throw new Refusal("reason", "This case has already been anonymised: there is nothing left to hold");
    if (!hold && h.legal_hold_reason === null) throw new Refusal("reason", "This case is not on legal hold");
    await trx
      .updateTable("households")
      .set(
        hold
          ? { legal_hold_reason: hold.reason.trim(), legal_hold_by: actorId, legal_hold_at: new Date() }
          : { legal_hold_reason: null, legal_hold_by: null, legal_hold_at: null },
      )
      .where("id", "=", householdId)
      .execute();
    await audit(trx, {
      userId: actorId,
      action: hold ? "legal-hold" : "lift-legal-hold",
      entity: "household",
      entityId: householdId,
      householdId,
      before: { reason: h.legal_hold_reason },
      after: { reason: hold ? hold.reason.trim() : null },
    });
  });
}
