/**
 * Data quality before a return (issue 22, item 5) and who looked (item 3): each kind of
 * problem found with its household or unit and words, nothing else flagged; the CSV gives the
 * same rows; a view is logged without changing the data version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { countByKind, dataQuality } from "~/features/reports/data-quality.server";
import { getExport } from "~/features/exports.server";
import { recordView, viewsFor } from "~/lib/audit.server";
import { decidePersonLink, linkedElsewhere } from "~/features/households/person-links.server";
import { findSubject } from "~/features/households/subject-access.server";
import { Refusal } from "~/lib/refusal";

let t: TestDatabase;
const DAY = "2026-06-30";
const refs: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  // Clean: a lead and a child, a stay ended with a destination.
  const clean = await makeHousehold(db, [
    { name: "Ada Clean", dob: "1980-02-02" },
    { name: "Bo Clean", dob: "2015-03-03" },
  ]);
  // A child with no date of birth.
  const noDob = await makeHousehold(db, [{ name: "Cy Nodob", dob: "1981-04-04" }, { name: "Di Nodob" }]);
  await db.updateTable("household_members").set({ date_of_birth: null }).where("name", "=", "Di Nodob").execute();
  // No lead applicant.
  const noLead = await makeHousehold(db, [{ name: "Ed Nolead", dob: "1982-05-05", relationship: "partner" }]);
  // Two stays: the first ended with no destination and the next starts 5 nights later; the second ended with none.
  const gap = await makeHousehold(db, [{ name: "Fay Gap", dob: "1983-06-06" }]);
  // The same person (name differing only in spaces and capitals) in two households, and a similar name.
  const same1 = await makeHousehold(db, [{ name: "Gil  Same", dob: "1984-07-07" }]);
  const same2 = await makeHousehold(db, [{ name: "gil same", dob: "1984-07-07" }]);
  const similar = await makeHousehold(db, [{ name: "Gill Same", dob: "1984-07-07" }]);
  Object.assign(refs, {
    clean: clean.case_ref,
    noDob: noDob.case_ref,
    noLead: noLead.case_ref,
    gap: gap.case_ref,
    same1: same1.case_ref,
    same2: same2.case_ref,
    similar: similar.case_ref,
  });
  const selfContained = await makeUnit(db, { ta_type_code: "nightly_self_contained", shared: false });
  const other = await makeUnit(db, { ta_type_code: "nightly_self_contained", shared: false });
  // A private hotel's shared room typed as a hostel: B&B by the 2003 Order.
  const contradicts = await makeUnit(db, { ta_type_code: "hostel", shared: true, providerType: "hotel" });
  refs.contradicts = contradicts.unit_ref;
  const place = (household_id: number, unit_id: number, start_date: string, end_date: string | null, destination: string | null) =>
    db
      .insertInto("placements")
      .values({ household_id, unit_id, start_date, end_date, destination: destination as never, duty: "s188", is_split: true })
      .execute();
  await place(clean.id, selfContained.id, "2026-01-01", "2026-02-01", "private_rented");
  await place(gap.id, other.id, "2026-01-01", "2026-01-20", null);
  await place(gap.id, other.id, "2026-01-25", "2026-03-01", null);
  // Ends after the day: not yet a problem.
  await place(noDob.id, selfContained.id, "2026-06-01", "2026-07-15", null);
  // Episodes are rebuilt by the placement writes; these rows were inserted directly.
  await sql`SELECT rebuild_episodes(${[clean.id, gap.id, noDob.id]}::bigint[])`.execute(db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`data quality on ${ENGINE}`, () => {
  it("finds each kind of problem, with its household or unit and words, and nothing else", async () => {
    const rows = await dataQuality(t.db, DAY);
    const got = rows.map((r) => [r.kind, r.caseRef ?? r.unitRef, r.otherCaseRef, r.problem]);
    const sameTwo = [refs.same1, refs.same2].sort();
    expect(got).toEqual(
      expect.arrayContaining([
        ["no_date_of_birth", refs.noDob, null, "The child has no date of birth"],
        ["no_lead", refs.noLead, null, "No member is recorded as the lead applicant"],
        [
          "gap_in_stay",
          refs.gap,
          null,
          "5 nights without a placement between a stay ending 20 January 2026 and the next starting 25 January 2026",
        ],
        ["no_destination", refs.gap, null, "The stay ended on 1 March 2026 with no destination recorded"],
        ["type_contradiction", refs.contradicts, null, "The unit is B&B by its facilities and provider, but typed otherwise"],
      ]),
    );
    const people = got.filter((g) => g[0] === "same_person" || g[0] === "similar_person");
    // same1/same2: the same person; Gill Same is similar to both (one row per pair of households)
    expect(people.filter((g) => g[0] === "same_person").map((g) => [g[1], g[2]].sort())).toEqual([sameTwo]);
    expect(people.filter((g) => g[0] === "similar_person")).toHaveLength(2);
    expect(
      people.every((g) => String(g[3]).endsWith("born 7 July 1984, is in both households") || String(g[3]).includes("has a similar name")),
    ).toBe(true);
    expect(got).toHaveLength(8);
    expect(got.some((g) => g[1] === refs.clean)).toBe(false);
    expect(Object.fromEntries(countByKind(rows).map((c) => [c.kind, c.count]))).toEqual({
      no_date_of_birth: 1,
      no_lead: 1,
      no_destination: 1,
      gap_in_stay: 1,
      type_contradiction: 1,
      same_person: 1,
      similar_person: 2,
    });
  });

  it("leaves the list when fixed, and the CSV has the same rows as the page", async () => {
    await t.db.updateTable("household_members").set({ date_of_birth: "2016-01-01" }).where("name", "=", "Di Nodob").execute();
    const rows = await dataQuality(t.db, DAY);
    expect(rows.some((r) => r.kind === "no_date_of_birth")).toBe(false);
    let csv = "";
    for await (const chunk of getExport("data-quality")!.run(t.db, { today: DAY })) csv += chunk;
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("kind,case_ref,other_case_ref,unit_ref,problem");
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines).toContain(`no_lead,${refs.noLead},,,No member is recorded as the lead applicant`);
  });
});

describe(`telling the same person apart on ${ENGINE}`, () => {
  it("a decided pair leaves the list; linked as the same person, both households show it and subject access finds both", async () => {
    const rows = await dataQuality(t.db, DAY);
    const same = rows.find((r) => r.kind === "same_person")!;
    const similar = rows.filter((r) => r.kind === "similar_person");
    const user = await t.db
      .insertInto("users")
      .values({ email: "linker@example.test", name: "Lin Ker", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await decidePersonLink(t.db, user.id, same.otherMemberId!, same.memberId!, true);
    await decidePersonLink(t.db, user.id, similar[0].memberId!, similar[0].otherMemberId!, false);
    const after = await dataQuality(t.db, DAY);
    expect(after.filter((r) => r.kind === "same_person")).toEqual([]);
    expect(after.filter((r) => r.kind === "similar_person")).toHaveLength(1);
    // Deciding again changes the decision; a member is not linked to themselves or within a household.
    await expect(decidePersonLink(t.db, user.id, same.memberId!, same.memberId!, true)).rejects.toThrow(Refusal);
    const h1 = await t.db.selectFrom("households").select("id").where("case_ref", "=", same.caseRef!).executeTakeFirstOrThrow();
    const linked = await linkedElsewhere(t.db, h1.id);
    expect(linked.map((l) => l.other_case_ref)).toEqual([same.otherCaseRef]);
    // Subject access finds a record linked as the same person under another name ("Gill Same").
    expect(new Set((await findSubject(t.db, { name: "gil same", dateOfBirth: "1984-07-07" })).map((f) => f.caseRef))).toEqual(
      new Set([refs.same1, refs.same2]),
    );
    await decidePersonLink(t.db, user.id, similar[1].memberId!, similar[1].otherMemberId!, true);
    expect(new Set((await findSubject(t.db, { name: "gil same", dateOfBirth: "1984-07-07" })).map((f) => f.caseRef))).toEqual(
      new Set([refs.same1, refs.same2, refs.similar]),
    );
  });
});

describe(`who looked on ${ENGINE}`, () => {
  it("logs a view without changing the data version, and lists a household's views newest first", async () => {
    const h = await t.db.selectFrom("households").select("id").where("case_ref", "=", refs.clean).executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto("users")
      .values({ email: "viewer@example.test", name: "Vera Viewer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = async () => (await sql<{ v: string }>`SELECT version::text AS v FROM data_version`.execute(t.db)).rows[0].v;
    const before = await version();
    await recordView(t.db, { userId: user.id, what: "household", householdId: h.id });
    await recordView(t.db, { userId: user.id, what: "letter", householdId: h.id, detail: "s208 notice" });
    await recordView(t.db, { userId: null, what: "export", detail: "statutory-extract (command line)" });
    expect(await version()).toBe(before);
    const mine = await viewsFor(t.db, { householdId: h.id });
    expect(mine.map((v) => [v.what, v.detail, v.user_name, v.case_ref])).toEqual([
      ["letter", "s208 notice", "Vera Viewer", refs.clean],
      ["household", "", "Vera Viewer", refs.clean],
    ]);
    const all = await viewsFor(t.db, {});
    expect(all[0]).toMatchObject({ what: "export", detail: "statutory-extract (command line)", user_name: null, household_id: null });
  });
});
