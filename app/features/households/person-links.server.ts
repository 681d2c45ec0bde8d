/**
 * Telling the same person apart across records (issue 22, item 6; migration 0068): an officer
 * decides that two members of different households are the same person, or are not. The
 * decision is kept once per pair (the lower member id first), audited on both households.
 */
import { sql } from "kysely";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import type { Conn } from "~/lib/db/connect";

export async function decidePersonLink(db: Conn, actorId: number, a: number, b: number, samePerson: boolean): Promise<void> {
  if (a === b) throw new Refusal("_form", "A member cannot be linked to themselves");
  const [memberId, otherMemberId] = a < b ? [a, b] : [b, a];
  await db.transaction().execute(async (trx) => {
    const members = await trx
      .selectFrom("household_members")
      .select(["id", "household_id", "name"])
      .where("id", "in", [memberId, otherMemberId])
      .execute();
    if (members.length !== 2) throw new Refusal("_form", "One of these members is no longer recorded");
    if (members[0].household_id === members[1].household_id)
      throw new Refusal("_form", "These members are in the same household: they are different people");
    const before = await trx
      .selectFrom("person_links")
      .selectAll()
      .where("member_id", "=", memberId)
      .where("other_member_id", "=", otherMemberId)
      .executeTakeFirst();
    await sql`
      INSERT INTO person_links (member_id, other_member_id, same_person, decided_by)
      VALUES (${memberId}, ${otherMemberId}, ${samePerson}, ${actorId})
      ON CONFLICT (member_id, other_member_id) DO UPDATE SET same_person = excluded.same_person,
        decided_by = excluded.decided_by, decided_at = now()`.execute(trx);
    for (const m of members) {
      const other = members.find((x) => x.id !== m.id)!;
      await audit(trx, {
        userId: actorId,
        action: samePerson ? "link" : "unlink",
        entity: "person",
        entityId: `${memberId}-${otherMemberId}`,
        householdId: m.household_id,
        before,
        after: { member: m.name, other_household_id: other.household_id, same_person: samePerson },
      });
    }
  });
}

/** A household's members linked as the same person as a member of another household. */
export async function linkedElsewhere(db: Conn, householdId: number) {
  const r = await sql<{ name: string; other_household_id: number; other_case_ref: string }>`
    SELECT m.name, o.household_id AS other_household_id, h.case_ref AS other_case_ref
    FROM person_links l
    JOIN household_members m ON m.id IN (l.member_id, l.other_member_id) AND m.household_id = ${householdId}
    JOIN household_members o ON o.id IN (l.member_id, l.other_member_id) AND o.id <> m.id
    JOIN households h ON h.id = o.household_id
    WHERE l.same_person
    ORDER BY m.name, h.case_ref`.execute(db);
  return r.rows;
}

export interface PossibleSamePerson {
  /** Which of the people asked about (their index). */
  index: number;
  name: string;
  memberId: number;
  memberName: string;
  householdId: number;
  caseRef: string;
  kind: "same_person" | "similar_person";
}

/**
 * Registration's check at the door (issue 20, item 6): members of other households who are
 * likely the same person as one of `people` (the same date of birth and a matching name, by
 * person_match, the rule the data-quality page uses). People with no date of birth are not checked.
 */
export async function possibleSamePeople(
  db: Conn,
  people: { name: string; dateOfBirth: string | null }[],
  exceptHouseholdId?: number,
): Promise<PossibleSamePerson[]> {
  const asked = people.map((p, index) => ({ ...p, index })).filter((p) => p.dateOfBirth && p.name.trim());
  if (asked.length === 0) return [];
  const r = await sql<PossibleSamePerson>`
    SELECT q.index, q.name, m.id AS "memberId", m.name AS "memberName", m.household_id AS "householdId", h.case_ref AS "caseRef",
           person_match(q.name, m.name) AS kind
    FROM jsonb_to_recordset(${JSON.stringify(asked.map((p) => ({ index: p.index, name: p.name, dob: p.dateOfBirth })))}::jsonb)
         AS q(index int, name text, dob date)
    JOIN household_members m ON m.date_of_birth = q.dob
    JOIN households h ON h.id = m.household_id
    WHERE person_match(q.name, m.name) IS NOT NULL
      AND h.merged_into IS NULL AND h.anonymised_at IS NULL
      AND (${exceptHouseholdId ?? null}::bigint IS NULL OR m.household_id <> ${exceptHouseholdId ?? null}::bigint)
    ORDER BY q.index, person_match(q.name, m.name) = 'similar_person', h.case_ref, m.id
    LIMIT 50`.execute(db);
  return r.rows.map((x) => ({ ...x, index: Number(x.index), memberId: Number(x.memberId), householdId: Number(x.householdId) }));
}

/** Pairs between a household's members and other households' that are likely one person and not yet decided. */
export async function undecidedPairsFor(db: Conn, householdId: number) {
  const members = await db
    .selectFrom("household_members")
    .select(["id", "name", "date_of_birth"])
    .where("household_id", "=", householdId)
    .orderBy("position")
    .execute();
  const found = await possibleSamePeople(
    db,
    members.map((m) => ({ name: m.name, dateOfBirth: m.date_of_birth })),
    householdId,
  );
  const decided = found.length
    ? await db
        .selectFrom("person_links")
        .select(["member_id", "other_member_id"])
        .where((eb) =>
          eb.or(
            found.map((f) => {
              const a = members[f.index].id;
              const [lo, hi] = a < f.memberId ? [a, f.memberId] : [f.memberId, a];
              return eb.and([eb("member_id", "=", lo), eb("other_member_id", "=", hi)]);
            }),
          ),
        )
        .execute()
    : [];
  const isDecided = new Set(decided.map((d) => `${d.member_id}-${d.other_member_id}`));
  return found
    .map((f) => ({ ...f, ownMemberId: members[f.index].id }))
    .filter((f) => {
      const [lo, hi] = f.ownMemberId < f.memberId ? [f.ownMemberId, f.memberId] : [f.memberId, f.ownMemberId];
      return !isDecided.has(`${lo}-${hi}`);
    });
}
