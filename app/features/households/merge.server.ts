/**
 * Merging households, with undo (issue 22, item 6; migration 0071; ADR 0037). The same family
 * registered twice: a manager merges household B into household A. What moves is declared per
 * table (MERGE_TABLES; a test fails when a table holding household_id is not declared):
 *
 * - move       every row of B moves to A (its id is recorded)
 * - members    B's members and former members move, except a person A already holds (linked as
 *              the same person, or the same name and date of birth): that record stays on B as
 *              the duplicate; their pregnancies move with them
 * - unless-a   a row moves unless A already has its counterpart (one move-on plan per household;
 *              one application per start date; one tag per trial)
 * - derived    rebuilt from placements for both households (episodes)
 * - kept       rebuilt by its own triggers as the rows it is kept from move, on both households
 *              (household_fact_segments, from the members; ta_night_facts and ta_night_stale, the
 *              households in TA on a kept night): written to B too, so not guarded
 * - stays      history of B's own record: its audit trail, who looked at it, the filed TA1
 *              returns (a filed return is what was filed), the merge records themselves
 *
 * B is kept, marked merged (households.merged_into): hidden from lists and search, its page says
 * where it went. B's waiting for a placement (households.awaiting_since) counts as A's
 * (households_awaiting_on). The merge record keeps the ids that moved, so undo puts exactly
 * those back. Undo is refused when it is no longer safe: a row that moved is no longer in A, a
 * placement was recorded in A after the merge (it may continue B's stay), or A has itself been
 * merged since.
 */
import { sql } from "kysely";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import type { Conn } from "~/lib/db/connect";
import { formatDate } from "~/lib/dates";

export type MergeRule = "move" | "members" | "unless-a" | "derived" | "kept" | "stays";

/** Every table that holds a household_id, and what a merge does with it. */
export const MERGE_TABLES: Record<string, MergeRule> = {
  placements: "move",
  awaiting_periods: "move",
  s208_notices: "move",
  suitability_reviews: "move",
  contacts: "move",
  case_notes: "move",
  letters: "move",
  household_members: "members",
  former_household_members: "members",
  member_pregnancies: "members",
  move_on_plans: "unless-a",
  applications: "unless-a",
  trial_tags: "unless-a",
  episodes: "derived",
  household_fact_segments: "kept",
  ta_night_facts: "kept",
  ta_night_stale: "kept",
  audit_events: "stays",
  record_views: "stays",
  ta1_filed_households: "stays",
  household_merges: "stays",
};

/** Ids that moved, per table (trial_tags: the trial ids). */
export type Moved = Record<string, number[]>;

const MOVE_TABLES = Object.entries(MERGE_TABLES)
  .filter(([, r]) => r === "move")
  .map(([t]) => t);

async function lockPair(trx: Conn, a: number, b: number) {
  const rows = await trx
    .selectFrom("households")
    .select(["id", "case_ref", "merged_into", "anonymised_at"])
    .where("id", "in", [a, b])
    .orderBy("id")
    .forUpdate()
    .execute();
  return { A: rows.find((r) => r.id === a), B: rows.find((r) => r.id === b) };
}

/** Placements of A and B (not cancelled) that hold the same night: refused, two stays on one night. */
async function overlapping(trx: Conn, a: number, b: number, onlyB?: number[]) {
  const r = await sql<{ a_start: string; a_end: string | null; b_start: string; b_end: string | null }>`
    SELECT pa.start_date::text AS a_start, pa.end_date::text AS a_end, pb.start_date::text AS b_start, pb.end_date::text AS b_end
    FROM placements pa JOIN placements pb
      ON daterange(pa.start_date, pa.end_date, '[)') && daterange(pb.start_date, pb.end_date, '[)')
    WHERE pa.household_id = ${a} AND pb.household_id = ${b} AND pa.cancelled_at IS NULL AND pb.cancelled_at IS NULL
      ${onlyB ? sql`AND pb.id = ANY(${onlyB}::bigint[])` : sql``}
    ORDER BY pb.start_date LIMIT 1`.execute(trx);
  return r.rows[0];
}

/** Whether member m (of B) is a person household A already holds: linked as the same person, or the same name and date of birth. */
const heldBy = (intoId: number) => sql<boolean>`(
      EXISTS (SELECT 1 FROM household_members am WHERE am.household_id = ${intoId}
                AND name_key(am.name) = name_key(m.name) AND am.date_of_birth IS NOT DISTINCT FROM m.date_of_birth)
      OR EXISTS (SELECT 1 FROM former_household_members am WHERE am.household_id = ${intoId}
                AND name_key(am.name) = name_key(m.name) AND am.date_of_birth IS NOT DISTINCT FROM m.date_of_birth)
      OR EXISTS (SELECT 1 FROM person_links l JOIN household_members am ON am.id IN (l.member_id, l.other_member_id)
                 WHERE l.same_person AND am.household_id = ${intoId} AND m.id IN (l.member_id, l.other_member_id)))`;

const stay = (start: string, end: string | null) => `${formatDate(start)} to ${end ? formatDate(end) : "now"}`;

/** The ids of a table's rows, as numbers. */
const ids = (rows: { id: number | string }[]) => rows.map((r) => Number(r.id)).sort((x, y) => x - y);

export async function mergeHouseholds(db: Conn, actorId: number, intoId: number, fromId: number): Promise<number> {
  if (intoId === fromId) throw new Refusal("into", "A household cannot be merged into itself");
  return db.transaction().execute(async (trx) => {
    const { A, B } = await lockPair(trx, intoId, fromId);
    if (!A) throw new Refusal("into", "The household to merge into is not recorded");
    if (!B) throw new Refusal("into", "The household to merge is not recorded");
    if (A.merged_into !== null) throw new Refusal("into", `${A.case_ref} has been merged into another household: merge into that one`);
    if (B.merged_into !== null) throw new Refusal("into", `${B.case_ref} has already been merged into another household`);
    if (A.anonymised_at !== null || B.anonymised_at !== null) throw new Refusal("into", "An anonymised household cannot be merged");
    const into = await trx.selectFrom("households").select("case_ref").where("merged_into", "=", fromId).executeTakeFirst();
    if (into) throw new Refusal("into", `${into.case_ref} has been merged into ${B.case_ref}: undo that merge first`);
    const clash = await overlapping(trx, intoId, fromId);
    if (clash)
      throw new Refusal(
        "into",
        `${A.case_ref} and ${B.case_ref} were both in temporary accommodation on the same nights (${stay(clash.a_start, clash.a_end)} and ${stay(clash.b_start, clash.b_end)}): correct the placements first`,
      );

    const moved: Moved = {};
    // People: a person A already holds stays on B, as the duplicate record.
    const dupOf = heldBy(intoId);
    const members = await sql<{ id: number; name: string; relationship: string; dup: boolean }>`
      SELECT m.id, m.name, m.relationship, ${dupOf} AS dup FROM household_members m WHERE m.household_id = ${fromId} ORDER BY m.id`.execute(
      trx,
    );
    const movingMembers = members.rows.filter((m) => !m.dup);
    const lead = movingMembers.find((m) => m.relationship === "lead");
    if (lead) {
      const aLead = await trx
        .selectFrom("household_members")
        .select("name")
        .where("household_id", "=", intoId)
        .where("relationship", "=", "lead")
        .executeTakeFirst();
      if (aLead)
        throw new Refusal(
          "into",
          `${lead.name}, the lead applicant of ${B.case_ref}, is not recorded in ${A.case_ref}, which has its own lead applicant (${aLead.name}): if they are the same person, record that first (data quality)`,
        );
    }
    const formers = await sql<{ id: number; dup: boolean }>`
      SELECT m.id, ${dupOf} AS dup FROM former_household_members m WHERE m.household_id = ${fromId}`.execute(trx);
    moved.household_members = ids(movingMembers);
    moved.former_household_members = ids(formers.rows.filter((m) => !m.dup));
    const people = [...moved.household_members, ...moved.former_household_members];
    moved.member_pregnancies = ids(
      (
        await sql<{
          id: number;
        }>`SELECT id FROM member_pregnancies WHERE household_id = ${fromId} AND member_id = ANY(${people}::bigint[])`.execute(trx)
      ).rows,
    );
    for (const t of ["household_members", "former_household_members", "member_pregnancies"])
      if (moved[t].length)
        await sql`UPDATE ${sql.table(t)} SET household_id = ${intoId} WHERE id = ANY(${moved[t]}::bigint[])`.execute(trx);

    for (const t of MOVE_TABLES) {
      const r = await sql<{
        id: number;
      }>`UPDATE ${sql.table(t)} SET household_id = ${intoId} WHERE household_id = ${fromId} RETURNING id`.execute(trx);
      moved[t] = ids(r.rows);
    }
    // Rows A already has a counterpart of stay on B.
    moved.move_on_plans = ids(
      (
        await sql<{ id: number }>`
          UPDATE move_on_plans SET household_id = ${intoId} WHERE household_id = ${fromId}
            AND NOT EXISTS (SELECT 1 FROM move_on_plans x WHERE x.household_id = ${intoId}) RETURNING id`.execute(trx)
      ).rows,
    );
    moved.applications = ids(
      (
        await sql<{ id: number }>`
          UPDATE applications a SET household_id = ${intoId} WHERE a.household_id = ${fromId}
            AND NOT EXISTS (SELECT 1 FROM applications x WHERE x.household_id = ${intoId} AND x.start_date = a.start_date) RETURNING id`.execute(
          trx,
        )
      ).rows,
    );
    moved.trial_tags = (
      await sql<{ trial_id: number }>`
        UPDATE trial_tags t SET household_id = ${intoId} WHERE t.household_id = ${fromId}
          AND NOT EXISTS (SELECT 1 FROM trial_tags x WHERE x.household_id = ${intoId} AND x.trial_id = t.trial_id) RETURNING trial_id`.execute(
        trx,
      )
    ).rows
      .map((r) => Number(r.trial_id))
      .sort((x, y) => x - y);

    await sql`SELECT rebuild_episodes(ARRAY[${intoId}, ${fromId}]::bigint[])`.execute(trx);
    await trx.updateTable("households").set({ merged_into: intoId, updated_at: new Date() }).where("id", "=", fromId).execute();
    const merge = await trx
      .insertInto("household_merges")
      .values({ household_id: intoId, merged_household_id: fromId, moved: JSON.stringify(moved), merged_by: actorId })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [h, other] of [
      [intoId, B.case_ref],
      [fromId, A.case_ref],
    ] as const)
      await audit(trx, {
        userId: actorId,
        action: "merge",
        entity: "household",
        entityId: fromId,
        householdId: h,
        after: { merge_id: merge.id, into: A.case_ref, merged: B.case_ref, other, moved },
      });
    return Number(merge.id);
  });
}

/** Puts back exactly what a merge moved, when that is still safe; audited on both households. */
export async function undoMerge(db: Conn, actorId: number, mergeId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom("household_merges").selectAll().where("id", "=", mergeId).forUpdate().executeTakeFirst();
    if (!m) throw new Refusal("_form", "This merge is not recorded");
    if (m.undone_at !== null) throw new Refusal("_form", "This merge has already been undone");
    const intoId = Number(m.household_id);
    const fromId = Number(m.merged_household_id);
    const { A, B } = await lockPair(trx, intoId, fromId);
    if (!A || !B) throw new Refusal("_form", "One of the households is no longer recorded");
    if (A.merged_into !== null)
      throw new Refusal("_form", `${A.case_ref} has since been merged into another household: undo that merge first`);
    if (A.anonymised_at !== null) throw new Refusal("_form", `${A.case_ref} has been anonymised: the merge can no longer be undone`);
    const moved = (typeof m.moved === "string" ? JSON.parse(m.moved) : m.moved) as Moved;
    const unsafe = (why: string) => new Refusal("_form", `The merge can no longer be undone safely: ${why}`);
    for (const [t, list] of Object.entries(moved)) {
      if (!list.length) continue;
      const still =
        t === "trial_tags"
          ? await sql<{
              n: string;
            }>`SELECT count(*) AS n FROM trial_tags WHERE household_id = ${intoId} AND trial_id = ANY(${list}::bigint[])`.execute(trx)
          : await sql<{
              n: string;
            }>`SELECT count(*) AS n FROM ${sql.table(t)} WHERE household_id = ${intoId} AND id = ANY(${list}::bigint[])`.execute(trx);
      if (Number(still.rows[0].n) !== list.length)
        throw unsafe(`some ${t.replace(/_/g, " ")} that moved to ${A.case_ref} have since been removed or changed household`);
    }
    const later = await sql<{ n: string }>`
      SELECT count(*) AS n FROM placements WHERE household_id = ${intoId} AND created_at > ${m.merged_at}
        AND NOT (id = ANY(${moved.placements ?? []}::bigint[]))`.execute(trx);
    if (Number(later.rows[0].n) > 0)
      throw unsafe(
        `a placement has been recorded in ${A.case_ref} since the merge, and it may continue a stay that came from ${B.case_ref}`,
      );
    // B is unmerged first: rows may not be written to a merged household (db/definitions/merged-households.ts).
    await trx.updateTable("households").set({ merged_into: null, updated_at: new Date() }).where("id", "=", fromId).execute();
    try {
      for (const [t, list] of Object.entries(moved)) {
        if (!list.length) continue;
        if (t === "trial_tags")
          await sql`UPDATE trial_tags SET household_id = ${fromId} WHERE household_id = ${intoId} AND trial_id = ANY(${list}::bigint[])`.execute(
            trx,
          );
        else await sql`UPDATE ${sql.table(t)} SET household_id = ${fromId} WHERE id = ANY(${list}::bigint[])`.execute(trx);
      }
      const clash = await overlapping(trx, intoId, fromId);
      if (clash)
        throw unsafe(`${A.case_ref} now has a stay on the same nights as one that would go back (${stay(clash.b_start, clash.b_end)})`);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "23505" || code === "23P01") throw unsafe(`${B.case_ref} would hold two of something it may hold only once`);
      // A correcting note (or another row) written in A since the merge names a row going back.
      if (code === "23503")
        throw unsafe(`a record made in ${A.case_ref} since the merge refers to one that would go back to ${B.case_ref}`);
      throw e;
    }
    await sql`SELECT rebuild_episodes(ARRAY[${intoId}, ${fromId}]::bigint[])`.execute(trx);
    await trx.updateTable("household_merges").set({ undone_at: new Date(), undone_by: actorId }).where("id", "=", mergeId).execute();
    for (const h of [intoId, fromId])
      await audit(trx, {
        userId: actorId,
        action: "undo_merge",
        entity: "household",
        entityId: fromId,
        householdId: h,
        before: { merge_id: mergeId, into: A.case_ref, merged: B.case_ref },
        after: { moved_back: moved },
      });
  });
}

/** What a merge of the household with this case reference into intoId would move, in words; null: no such household. */
export async function mergeCandidate(
  db: Conn,
  intoId: number,
  caseRef: string,
): Promise<{ caseRef: string; moves: string[]; stays: string[] } | null> {
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("case_ref", "=", caseRef).executeTakeFirst();
  if (!h || Number(h.id) === intoId) return null;
  const fromId = Number(h.id);
  const members = await sql<{ name: string; dup: boolean }>`
    SELECT m.name, ${heldBy(intoId)} AS dup FROM household_members m WHERE m.household_id = ${fromId} ORDER BY m.position, m.id`.execute(
    db,
  );
  const counts = await sql<{ placements: string; contacts: string; reviews: string; notices: string; applications: string }>`
    SELECT (SELECT count(*) FROM placements WHERE household_id = ${fromId} AND cancelled_at IS NULL) AS placements,
           (SELECT count(*) FROM contacts WHERE household_id = ${fromId}) AS contacts,
           (SELECT count(*) FROM suitability_reviews WHERE household_id = ${fromId}) AS reviews,
           (SELECT count(*) FROM s208_notices WHERE household_id = ${fromId}) AS notices,
           (SELECT count(*) FROM applications WHERE household_id = ${fromId}) AS applications`.execute(db);
  const n = counts.rows[0];
  const plural = (k: string | number, one: string, many: string) => `${k} ${Number(k) === 1 ? one : many}`;
  const moves = [
    ...members.rows.filter((m) => !m.dup).map((m) => `${m.name} (member)`),
    plural(n.placements, "placement", "placements"),
    plural(n.applications, "application", "applications"),
    plural(n.contacts, "contact or visit", "contacts and visits"),
    plural(n.reviews, "suitability review", "suitability reviews"),
    plural(n.notices, "s208 notice", "s208 notices"),
  ];
  const stays = members.rows.filter((m) => m.dup).map((m) => `${m.name} (already a member here)`);
  return { caseRef: h.case_ref, moves, stays };
}

export interface MergeView {
  id: number;
  householdId: number;
  caseRef: string;
  mergedHouseholdId: number;
  mergedCaseRef: string;
  at: Date;
  by: string | null;
}

/** The merges in force that touch a household: the one it went into, and those merged into it. */
export async function mergesOf(db: Conn, householdId: number): Promise<{ into: MergeView | null; from: MergeView[] }> {
  const rows = await db
    .selectFrom("household_merges as m")
    .innerJoin("households as a", "a.id", "m.household_id")
    .innerJoin("households as b", "b.id", "m.merged_household_id")
    .leftJoin("users as u", "u.id", "m.merged_by")
    .select(["m.id", "m.household_id", "a.case_ref", "m.merged_household_id", "b.case_ref as merged_case_ref", "m.merged_at", "u.name"])
    .where("m.undone_at", "is", null)
    .where((eb) => eb.or([eb("m.household_id", "=", householdId), eb("m.merged_household_id", "=", householdId)]))
    .orderBy("m.id")
    .execute();
  const views = rows.map((r) => ({
    id: Number(r.id),
    householdId: Number(r.household_id),
    caseRef: r.case_ref,
    mergedHouseholdId: Number(r.merged_household_id),
    mergedCaseRef: r.merged_case_ref,
    at: r.merged_at,
    by: r.name,
  }));
  return { into: views.find((v) => v.mergedHouseholdId === householdId) ?? null, from: views.filter((v) => v.householdId === householdId) };
}
