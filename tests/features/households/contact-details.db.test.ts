/**
 * The case file's contact details against a real database: saved and audited; a refused save
 * changes nothing; sensitive vulnerability needs are hidden from an officer who is not the case
 * officer (in the page's data, not only its words); subject access carries the new fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold } from "../../support/factories";
import { contactDetailsSchema, HOUSEHOLD_PERSONAL_FIELDS, RESTRICTED, toContactDetailsInput } from "~/features/households/contact-details";
import { contactDetailsOf, saveContactDetails } from "~/features/households/contact-details.server";
import { householdPage } from "~/features/casework/case-page.server";
import { subjectAccess } from "~/features/households/subject-access.server";
import { Refusal } from "~/lib/refusal";

let t: TestDatabase;
const users: Record<"caseOfficer" | "otherOfficer" | "manager" | "analyst", { id: number; role: "officer" | "manager" | "analyst" }> =
  {} as never;
let h: { id: number; case_ref: string };

const input = (v: Record<string, string>) => {
  const r = contactDetailsSchema.safeParse({ interpreter: "no", ...v });
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return toContactDetailsInput(r.data);
};
const SENSITIVE = "Fleeing domestic abuse: do not share the address with the former partner";

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [key, role] of [
    ["caseOfficer", "officer"],
    ["otherOfficer", "officer"],
    ["manager", "manager"],
    ["analyst", "analyst"],
  ] as const) {
    const u = await t.db
      .insertInto("users")
      .values({ email: `${key}@example.test`, name: `${key} User`, role, password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    users[key] = { id: u.id, role };
  }
  await t.db.insertInto("districts").values({ gss: "E08000012", name: "Liverpool" }).execute();
  h = await makeHousehold(t.db, [{ name: "Amara Okafor", dob: "1994-05-01" }]);
  await t.db.updateTable("households").set({ officer_id: users.caseOfficer.id }).where("id", "=", h.id).execute();
});
afterAll(async () => {
  await t?.close();
});

const row = () => t.db.selectFrom("households").selectAll().where("id", "=", h.id).executeTakeFirstOrThrow();
const auditCount = async () =>
  (
    await t.db
      .selectFrom("audit_events")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("household_id", "=", h.id)
      .executeTakeFirstOrThrow()
  ).n;

describe(`contact details on ${ENGINE}`, () => {
  it("saves the case officer's contact details in their written form, and audits before and after", async () => {
    await saveContactDetails(
      t.db,
      users.caseOfficer,
      h.id,
      input({
        phone: "+44 7700 900982",
        email: "amara.okafor@example.com",
        preferred_contact: "text",
        language: "Polish",
        interpreter: "yes",
        current_address: "Staying with a friend, 2 Example Road, Liverpool",
        previous_address: "41 Sample Street, Bootle",
        local_connection: "Lived in the district for 6 of the last 10 years",
        local_connection_gss: "e08000012",
        vulnerability_needs: SENSITIVE,
        vulnerability_sensitive: "yes",
      }),
    );
    expect(await row()).toMatchObject({
      phone: "07700 900982",
      email: "amara.okafor@example.com",
      preferred_contact: "text",
      language: "Polish",
      interpreter_needed: true,
      local_connection_gss: "E08000012",
      vulnerability_needs: SENSITIVE,
      vulnerability_sensitive: true,
    });
    const a = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("household_id", "=", h.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ action: "contact-details", entity: "household", user_id: users.caseOfficer.id });
    expect(a.before).toMatchObject({ phone: "", vulnerability_sensitive: false });
    expect(a.after).toMatchObject({ phone: "07700 900982", vulnerability_sensitive: true });
  });

  it("saves nothing from a refused request: a district not in the register", async () => {
    const before = await row();
    const audits = await auditCount();
    const err = await saveContactDetails(
      t.db,
      users.caseOfficer,
      h.id,
      input({ phone: "020 7946 0000", email: "changed@example.com", local_connection_gss: "E08000099" }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Refusal);
    expect(err).toMatchObject({ field: "local_connection_gss", message: "Select a district from the list" });
    expect(await row()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it("hides sensitive needs from an officer who is not the case officer, and from an analyst, in the page's data itself", async () => {
    for (const who of [users.otherOfficer, users.analyst, null]) {
      const page = await householdPage(t.db, h.id, "2026-12-07", who);
      expect(page.contactDetails.vulnerability).toEqual({ restricted: true, message: RESTRICTED });
      expect(JSON.stringify(page)).not.toContain("domestic abuse");
      // The rest of the contact details are theirs to see.
      expect(page.contactDetails).toMatchObject({ phone: "07700 900982", localConnectionDistrict: "Liverpool (E08000012)" });
    }
    for (const who of [users.caseOfficer, users.manager]) {
      const page = await householdPage(t.db, h.id, "2026-12-07", who);
      expect(page.contactDetails.vulnerability).toEqual({ restricted: false, needs: SENSITIVE, sensitive: true });
    }
  });

  it("leaves sensitive needs as they are when an officer who may not see them saves the form", async () => {
    await saveContactDetails(t.db, users.otherOfficer, h.id, input({ phone: "0151 496 0123", vulnerability_needs: "" }));
    expect(await row()).toMatchObject({ phone: "0151 496 0123", vulnerability_needs: SENSITIVE, vulnerability_sensitive: true });
    expect((await contactDetailsOf(t.db, h.id, users.otherOfficer)).vulnerability.restricted).toBe(true);
  });

  it("lists personal columns that the households table has, and subject access carries them", async () => {
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'households'`.execute(t.db);
    const have = new Set(cols.rows.map((c) => c.column_name));
    expect(HOUSEHOLD_PERSONAL_FIELDS.filter((f) => !have.has(f))).toEqual([]);
    const s = await subjectAccess(t.db, users.manager.id, { name: "Amara Okafor", dateOfBirth: "1994-05-01" }, "file");
    const household = s.households[0].sections.find((x) => x.table === "households")!.rows[0];
    expect(household).toMatchObject({ phone: "0151 496 0123", vulnerability_needs: SENSITIVE, vulnerability_sensitive: true });
  });
});
