/**
 * Reads and writes the case file's contact details (contact-details.ts holds the rules). A save
 * runs in one transaction with its audit entry; a refused save changes nothing. Vulnerability
 * needs marked sensitive are read only by those maySeeVulnerability allows, and left as they
 * are when anyone else saves the form (ADR 0028).
 */
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import { isCheckViolation } from "~/lib/db/errors";
import { PREFERRED_CONTACTS } from "~/lib/vocabulary";
import { maySeeVulnerability, RESTRICTED, type ContactDetailsInput, type Viewer } from "~/features/households/contact-details";

function inTransaction<T>(db: Conn, fn: (trx: Conn) => Promise<T>): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

const COLUMNS = [
  "id",
  "officer_id",
  "phone",
  "email",
  "preferred_contact",
  "language",
  "interpreter_needed",
  "current_address",
  "previous_address",
  "local_connection",
  "local_connection_gss",
  "vulnerability_needs",
  "vulnerability_sensitive",
] as const;

/** The contact details as the form shows them; vulnerability needs only to those who may see them. */
export async function contactDetailsOf(db: Conn, householdId: number, viewer: Viewer | null) {
  const h = await db
    .selectFrom("households")
    .select(["case_ref", ...COLUMNS])
    .where("id", "=", householdId)
    .executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const district = h.local_connection_gss
    ? await db.selectFrom("districts").select(["gss", "name"]).where("gss", "=", h.local_connection_gss).executeTakeFirst()
    : undefined;
  const maySee = maySeeVulnerability(viewer, h);
  return {
    id: h.id,
    caseRef: h.case_ref,
    phone: h.phone,
    email: h.email,
    preferredContact: h.preferred_contact,
    preferredContactLabel: h.preferred_contact ? PREFERRED_CONTACTS[h.preferred_contact] : null,
    language: h.language,
    interpreterNeeded: h.interpreter_needed,
    currentAddress: h.current_address,
    previousAddress: h.previous_address,
    localConnection: h.local_connection,
    localConnectionGss: h.local_connection_gss,
    /** "Knowsley (E08000011)", or the bare code when the register does not name it. */
    localConnectionDistrict: h.local_connection_gss ? (district ? `${district.name} (${district.gss})` : h.local_connection_gss) : null,
    vulnerability: maySee
      ? { restricted: false as const, needs: h.vulnerability_needs, sensitive: h.vulnerability_sensitive }
      : { restricted: true as const, message: RESTRICTED },
  };
}
export type ContactDetailsView = Awaited<ReturnType<typeof contactDetailsOf>>;

/** The districts of the register, for the local connection's list. */
export async function districtChoices(db: Conn) {
  return db.selectFrom("districts").select(["gss", "name"]).orderBy("name").execute();
}

/**
 * Saves the household's contact details. Refused (nothing saved): a district not in the
 * register. Needs marked sensitive are kept as they are when the person saving may not see them.
 */
export async function saveContactDetails(db: Conn, viewer: Viewer, householdId: number, input: ContactDetailsInput): Promise<void> {
  try {
    await inTransaction(db, async (trx) => {
      const before = await trx.selectFrom("households").select(COLUMNS).where("id", "=", householdId).forUpdate().executeTakeFirst();
      if (!before) throw new Response("Not Found", { status: 404 });
      if (input.localConnectionGss !== null) {
        const d = await trx.selectFrom("districts").select("gss").where("gss", "=", input.localConnectionGss).executeTakeFirst();
        if (!d) throw new Refusal("local_connection_gss", "Select a district from the list");
      }
      const maySee = maySeeVulnerability(viewer, before);
      const after = await trx
        .updateTable("households")
        .set({
          phone: input.phone,
          email: input.email,
          preferred_contact: input.preferredContact,
          language: input.language,
          interpreter_needed: input.interpreterNeeded,
          current_address: input.currentAddress,
          previous_address: input.previousAddress,
          local_connection: input.localConnection,
          local_connection_gss: input.localConnectionGss,
          ...(maySee ? { vulnerability_needs: input.vulnerabilityNeeds, vulnerability_sensitive: input.vulnerabilitySensitive } : {}),
          updated_at: new Date(),
        })
        .where("id", "=", householdId)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await audit(trx, {
        userId: viewer.id,
        action: "contact-details",
        entity: "household",
        entityId: householdId,
        householdId,
        before,
        after,
      });
    });
  } catch (e) {
    if (isCheckViolation(e)) throw new Refusal("_form", "Check the contact details and try again");
    throw e;
  }
}
