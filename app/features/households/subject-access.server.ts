/**
 * Subject access (issue 22, item 1; UK GDPR article 15): everything Waypoint holds about a
 * person, found by name and date of birth, as one readable page and one machine-readable
 * file. A person is every member, current or former, with the same name (name_key: case and
 * spaces ignored) and date of birth; their data is the record of each household they are or
 * were in, every table that holds a household's data (SUBJECT_TABLES: a test holds the list
 * to every table with a household_id, or a placement_id and no household_id), and the invoice lines that name the household.
 * The household's row carries the case file's contact details (HOUSEHOLD_PERSONAL_FIELDS,
 * contact-details.ts), sensitive vulnerability needs included: the requester is entitled to them.
 * The household's record includes other members: the page says so, for the officer to
 * check before sending (article 15(4)).
 */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";
import { audit, recordView } from "~/lib/audit.server";

/** Every table that holds a household's data, by what it is called in the download. */
export const SUBJECT_TABLES = [
  { table: "households", title: "The household", key: "id" },
  { table: "household_members", title: "Members", key: "household_id" },
  { table: "former_household_members", title: "Former members", key: "household_id" },
  { table: "member_pregnancies", title: "Pregnancies", key: "household_id" },
  { table: "household_fact_segments", title: "The household's make-up over time (counted from the members)", key: "household_id" },
  { table: "awaiting_periods", title: "Waiting for a placement", key: "household_id" },
  { table: "applications", title: "Applications", key: "household_id" },
  { table: "placements", title: "Placements", key: "household_id" },
  { table: "episodes", title: "Stays in temporary accommodation", key: "household_id" },
  { table: "move_on_plans", title: "Move-on plans", key: "household_id" },
  { table: "s208_notices", title: "Notices of an out-of-district placement (s208)", key: "household_id" },
  { table: "suitability_reviews", title: "Suitability reviews (s202)", key: "household_id" },
  { table: "contacts", title: "Contacts and visits", key: "household_id" },
  { table: "case_notes", title: "Case notes (a correction names the note it corrects)", key: "household_id" },
  { table: "letters", title: "Letters sent, as sent", key: "household_id" },
  { table: "complaints", title: "Complaints about the accommodation", key: "placement_id" },
  { table: "trial_tags", title: "Changes tested with the household (test and learn)", key: "household_id" },
  { table: "ta1_filed_households", title: "Counted in a filed TA1 return", key: "household_id" },
  { table: "audit_events", title: "Changes to the record, and who made them", key: "household_id" },
  { table: "record_views", title: "Who looked at the record", key: "household_id" },
  { table: "household_merges", title: "Households merged into this one", key: "household_id" },
] as const;

export interface Person {
  name: string;
  dateOfBirth: IsoDate;
}

export interface SubjectMatch {
  householdId: number;
  caseRef: string;
  name: string;
  relationship: string;
  former: boolean;
}

/** The households where the person is or was a member. */
export async function findSubject(db: Conn, p: Person): Promise<SubjectMatch[]> {
  const r = await sql<SubjectMatch>`
    WITH found AS (
      SELECT id FROM household_members WHERE date_of_birth = ${p.dateOfBirth}::date AND name_key(name) = name_key(${p.name})
    )
    SELECT h.id AS "householdId", h.case_ref AS "caseRef", m.name, m.relationship::text AS relationship, m.former
    FROM (
      SELECT household_id, name, relationship, false AS former FROM household_members WHERE id IN (SELECT id FROM found)
      UNION
      -- members an officer linked as the same person (under another name or date of birth)
      SELECT o.household_id, o.name, o.relationship, false FROM person_links l
      JOIN household_members o ON o.id IN (l.member_id, l.other_member_id)
      WHERE l.same_person AND (l.member_id IN (SELECT id FROM found) OR l.other_member_id IN (SELECT id FROM found))
        AND o.id NOT IN (SELECT id FROM found)
      UNION ALL
      SELECT household_id, name, relationship, true FROM former_household_members
      WHERE date_of_birth = ${p.dateOfBirth}::date AND name_key(name) = name_key(${p.name})
    ) m JOIN households h ON h.id = m.household_id
    ORDER BY h.case_ref, m.former`.execute(db);
  return r.rows;
}

export interface SubjectSection {
  table: string;
  title: string;
  rows: Record<string, unknown>[];
}

export interface SubjectAccess {
  person: Person;
  producedAt: string;
  households: { householdId: number; caseRef: string; sections: SubjectSection[] }[];
}

/** Everything held about the person, read in one transaction; the download is audited and logged as a view. */
export async function subjectAccess(db: Conn, actorId: number, p: Person, format: "page" | "file"): Promise<SubjectAccess> {
  const matches = await findSubject(db, p);
  const ids = [...new Set(matches.map((m) => m.householdId))];
  const households: SubjectAccess["households"] = [];
  for (const id of ids) {
    const sections: SubjectSection[] = [];
    for (const t of SUBJECT_TABLES) {
      const rows =
        t.key === "placement_id"
          ? await sql<Record<string, unknown>>`
              SELECT * FROM ${sql.table(t.table)} WHERE placement_id IN (SELECT id FROM placements WHERE household_id = ${id}) ORDER BY 1`.execute(
              db,
            )
          : await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.table)} WHERE ${sql.ref(t.key)} = ${id} ORDER BY 1`.execute(db);
      sections.push({ table: t.table, title: t.title, rows: rows.rows });
    }
    const caseRef = matches.find((m) => m.householdId === id)!.caseRef;
    // Provider invoices name the household by its case reference.
    const lines = await sql<Record<string, unknown>>`
      SELECT i.invoice_ref, pr.name AS provider, l.line_no, l.unit_ref, l.household_ref, l.from_date, l.to_date, l.amount_pence
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN providers pr ON pr.id = i.provider_id
      WHERE upper(btrim(l.household_ref)) = upper(${caseRef})
      ORDER BY i.received_on, i.invoice_ref, l.line_no`.execute(db);
    sections.push({ table: "invoice_lines", title: "Lines of providers' invoices that name the household", rows: lines.rows });
    households.push({ householdId: id, caseRef, sections });
  }
  const what = `subject access (${format === "file" ? "machine-readable file" : "page"})`;
  await audit(db, {
    userId: actorId,
    action: "subject_access",
    entity: "person",
    entityId: `${p.name} ${p.dateOfBirth}`,
    after: { households: households.map((h) => h.caseRef), format },
  });
  for (const h of households) await recordView(db, { userId: actorId, what: "export", householdId: h.householdId, detail: what });
  return { person: p, producedAt: new Date().toISOString(), households };
}
