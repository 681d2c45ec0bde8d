/**
 * Subject access (issue 22, item 1): every table holding a household's data is in the
 * download; a person is found by name (case and spaces ignored) and date of birth, in every
 * household they are or were in; the download is audited and logged as a view.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { findSubject, subjectAccess, SUBJECT_TABLES } from "~/features/households/subject-access.server";
import { personFrom } from "~/features/households/subject-access-form.server";

let t: TestDatabase;
let actor: number;
let a: { id: number; case_ref: string };
let b: { id: number; case_ref: string };
beforeAll(async () => {
  t = await createTestDatabase();
  actor = (
    await t.db
      .insertInto("users")
      .values({ email: "dpo@example.test", name: "Dee Protection", role: "manager", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  a = await makeHousehold(t.db, [
    { name: "Ria Subject", dob: "1990-05-17" },
    { name: "Kit Subject", dob: "2018-01-02" },
  ]);
  b = await makeHousehold(t.db, [
    { name: "  RIA   subject", dob: "1990-05-17", relationship: "partner" },
    { name: "Other Person", dob: "1990-05-17" },
  ]);
  await makeHousehold(t.db, [{ name: "Ria Subject", dob: "1991-05-17" }]); // another birthday: another person
  const unit = await makeUnit(t.db);
  await t.db
    .insertInto("placements")
    .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-01-05", end_date: "2026-02-01", duty: "s188", is_split: true })
    .execute();
  await t.db
    .insertInto("invoices")
    .values({
      provider_id: (await t.db.selectFrom("providers").select("id").executeTakeFirstOrThrow()).id,
      invoice_ref: "INV-SAR",
      received_on: "2026-02-03",
    })
    .execute();
  const inv = await t.db.selectFrom("invoices").select("id").where("invoice_ref", "=", "INV-SAR").executeTakeFirstOrThrow();
  await t.db
    .insertInto("invoice_lines")
    .values({
      invoice_id: inv.id,
      line_no: 1,
      unit_ref: unit.unit_ref,
      household_ref: ` ${a.case_ref.toLowerCase()} `,
      from_date: "2026-01-05",
      to_date: "2026-02-01",
      amount_pence: 100,
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

describe(`subject access on ${ENGINE}`, () => {
  it("covers every table that holds a household's data", async () => {
    const r = await sql<{ table_name: string }>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables x ON x.table_name = c.table_name AND x.table_schema = c.table_schema AND x.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name = 'household_id' ORDER BY 1`.execute(t.db);
    const byPlacement = await sql<{ table_name: string }>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables x ON x.table_name = c.table_name AND x.table_schema = c.table_schema AND x.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name = 'placement_id'
        AND NOT EXISTS (SELECT 1 FROM information_schema.columns h WHERE h.table_name = c.table_name AND h.table_schema = 'public' AND h.column_name = 'household_id')
      ORDER BY 1`.execute(t.db);
    // unit_calendar: the nights a placement holds, derived from the placement itself; the
    // households in TA on kept nights (ADR 0059): figures kept from the record, which is listed.
    const derived = ["unit_calendar", "ta_night_facts", "ta_night_stale"];
    const listed = SUBJECT_TABLES.map((s) => s.table).filter((n) => n !== "households");
    expect(
      [...r.rows, ...byPlacement.rows]
        .map((x) => x.table_name)
        .filter((n) => !derived.includes(n))
        .sort(),
    ).toEqual([...listed].sort());
  });

  it("finds the person in every household by name and date of birth, and gathers each household's record", async () => {
    const matches = await findSubject(t.db, { name: "ria subject", dateOfBirth: "1990-05-17" });
    expect(matches.map((m) => [m.caseRef, m.relationship, m.former]).sort()).toEqual(
      [
        [a.case_ref, "lead", false],
        [b.case_ref, "partner", false],
      ].sort(),
    );
    const s = await subjectAccess(t.db, actor, { name: "Ria Subject", dateOfBirth: "1990-05-17" }, "file");
    expect(s.households.map((h) => h.caseRef).sort()).toEqual([a.case_ref, b.case_ref].sort());
    const ofA = s.households.find((h) => h.caseRef === a.case_ref)!;
    const section = (name: string) => ofA.sections.find((x) => x.table === name)!.rows;
    expect(section("households")).toHaveLength(1);
    expect(section("household_members").map((m) => m.name)).toEqual(["Ria Subject", "Kit Subject"]);
    expect(section("placements")).toHaveLength(1);
    expect(section("invoice_lines")).toEqual([expect.objectContaining({ invoice_ref: "INV-SAR", amount_pence: 100 })]);
    expect(ofA.sections.map((x) => x.table)).toEqual([...SUBJECT_TABLES.map((x) => x.table), "invoice_lines"]);
    // audited, and logged as a view of each household
    const audit = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "subject_access").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: actor, entity: "person", entity_id: "Ria Subject 1990-05-17" });
    const views = await t.db.selectFrom("record_views").select(["household_id", "what", "detail"]).orderBy("household_id").execute();
    expect(views).toEqual(
      [a.id, b.id]
        .sort((x, y) => x - y)
        .map((id) => ({ household_id: id, what: "export", detail: "subject access (machine-readable file)" })),
    );
  });

  it("refuses a query without a name or with a date of birth that is not a date, in GOV.UK words", () => {
    expect(personFrom(new URLSearchParams({ name: "", dob: "31/02/1990" }))).toMatchObject({
      ok: false,
      errors: { name: "Enter the person's full name", dob: expect.stringMatching(/date of birth/i) },
    });
    expect(personFrom(new URLSearchParams({ name: "Ria Subject", dob: "17/05/1990" }))).toMatchObject({
      ok: true,
      person: { name: "Ria Subject", dateOfBirth: "1990-05-17" },
    });
  });
});
