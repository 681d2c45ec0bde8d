import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold } from "../../support/factories";
import { COUNT_CAP, searchHouseholds } from "~/features/households/households.server";

describe(`household search on ${ENGINE}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("finds by part of any member's name in any case, by case reference in any case, and by date of birth", async () => {
    const a = await makeHousehold(t.db, [
      { name: "Aisha Okonkwo-Bright", dob: "1991-02-03" },
      { name: "Tobi Okonkwo-Bright", dob: "2015-06-07" },
    ]);
    await makeHousehold(t.db, [{ name: "Grace Lowe", dob: "1980-01-01" }]);
    const byName = await searchHouseholds(t.db, { q: "okonkwo", page: 1 }, "2026-11-23");
    expect(byName.rows.map((r) => r.id)).toEqual([a.id]);
    expect(byName.total).toBe(1);
    expect(byName.more).toBe(false);
    expect((await searchHouseholds(t.db, { q: a.case_ref.toLowerCase(), page: 1 }, "2026-11-23")).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await searchHouseholds(t.db, { q: "2015-06-07", page: 1 }, "2026-11-23")).rows.map((r) => r.id)).toEqual([a.id]);
    // A date of birth as a UK spreadsheet writes it, as the importer reads it.
    expect((await searchHouseholds(t.db, { q: "07/06/2015", page: 1 }, "2026-11-23")).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await searchHouseholds(t.db, { q: " 7/6/2015 ", page: 1 }, "2026-11-23")).rows.map((r) => r.id)).toEqual([a.id]);
    // Not a real date: says why, finds nothing.
    const bad = await searchHouseholds(t.db, { q: "31/02/2015", page: 1 }, "2026-11-23");
    expect([bad.total, bad.problem]).toEqual([0, "The date of birth is not a real date"]);
    const monthFirst = await searchHouseholds(t.db, { q: "06/07/2015", page: 1 }, "2026-11-23");
    expect(monthFirst.problem).toBeNull(); // 6 July 2015: a real date, nobody born on it
    expect(monthFirst.total).toBe(0);
    expect((await searchHouseholds(t.db, { q: "06/13/2015", page: 1 }, "2026-11-23")).problem).toBe(
      "The date of birth is not a real date. Put the day first: DD/MM/YYYY",
    );
    expect((await searchHouseholds(t.db, { q: "100%_", page: 1 }, "2026-11-23")).total).toBe(0);
  });

  it("lists a household once when its case reference and several members all match, newest first", async () => {
    const older = await makeHousehold(t.db, [{ name: "Ren Quillfeather" }]);
    const both = await makeHousehold(t.db, [{ name: "Ada Quillfeather" }, { name: "Bo Quillfeather" }]);
    await t.db.updateTable("households").set({ case_ref: "QUILLFEATHER" }).where("id", "=", both.id).execute();
    const r = await searchHouseholds(t.db, { q: "quillfeather", page: 1 }, "2026-11-23");
    expect(r.rows.map((x) => x.id)).toEqual([both.id, older.id]);
    expect(r.total).toBe(2);
    const byRef = await searchHouseholds(t.db, { q: "QuillFeather", page: 1 }, "2026-11-23");
    expect(byRef.rows.map((x) => [x.id, x.members])).toEqual([
      [both.id, 2],
      [older.id, 1],
    ]);
  });

  it("counts matches up to 1,000 and then says there are more", async () => {
    await sql`INSERT INTO households (case_ref, duty) SELECT 'CAP-' || g, 's188' FROM generate_series(1, ${COUNT_CAP + 5}) g`.execute(t.db);
    await sql`INSERT INTO household_members (household_id, name, relationship) SELECT id, 'Pat Capperfield', 'lead' FROM households WHERE case_ref LIKE 'CAP-%'`.execute(
      t.db,
    );
    const r = await searchHouseholds(t.db, { q: "capperfield", page: 1 }, "2026-11-23");
    expect(r.total).toBe(COUNT_CAP);
    expect(r.more).toBe(true);
    expect(r.rows).toHaveLength(25);
    expect(r.pages).toBe(40);
    const ids = r.rows.map((x) => x.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const second = (await searchHouseholds(t.db, { q: "capperfield", page: 2 }, "2026-11-23")).rows.map((x) => x.id);
    expect(second).toHaveLength(25);
    expect(second[0]).toBeLessThan(ids[24]);
    expect(second).toEqual([...second].sort((a, b) => b - a));
  });
});
