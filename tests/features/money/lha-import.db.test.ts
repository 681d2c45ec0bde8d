/** Importing the published January 2011 LHA figures from CSV (issue 18, item 5): all rows or none. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { getLha, importLha, parseLhaCsv } from "~/features/money/lha.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insertInto("brmas").values({ name: "Demo Vale", in_london: false, illustrative: true }).execute();
  await t.db.insertInto("lha_rates").values({ brma: "Demo Vale", category: "1bed", weekly_pence: 9000 }).execute();
});
afterAll(async () => {
  await t?.close();
});

describe(`LHA import on ${ENGINE}`, () => {
  it("refuses a file with any bad row, naming the rows, and saves nothing", async () => {
    const bad = parseLhaCsv(
      "brma,in_london,shared,1bed,2bed,3bed,4bed\r\nInner East London,yes,80.00,150.00,200.00,250.00,300.00\r\nOuter Town,maybe,,-5,100.00,,\r\nInner East London,yes,,,,,\r\n",
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual([
      { row: 3, message: "in_london must be yes or no" },
      { row: 3, message: expect.stringMatching(/^1 bedroom: /) },
      { row: 4, message: "Inner East London is also on row 2" },
    ]);
    expect(parseLhaCsv("brma,shared\r\nX,1\r\n")).toEqual({
      ok: false,
      problems: [{ row: 1, message: "The first row must name the columns; missing: in_london, 1bed, 2bed, 3bed, 4bed" }],
    });
    expect((await getLha(t.db)).brmas.map((b) => b.name)).toEqual(["Demo Vale"]);
  });

  it("saves every area of a good file as the published figures, audited, leaving the others illustrative", async () => {
    const good = parseLhaCsv(
      "4bed,3bed,2bed,1bed,shared,in_london,brma\n300.00,250.00,200.00,150.00,80.00,yes,Inner East London\n,,110.50,95.25,,no,Outer Town\n",
    );
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    await importLha(t.db, null, good.rows);
    const { brmas, table } = await getLha(t.db);
    expect(brmas.map((b) => [b.name, b.in_london, b.illustrative])).toEqual([
      ["Demo Vale", false, true],
      ["Inner East London", true, false],
      ["Outer Town", false, false],
    ]);
    expect(table["Inner East London"]).toEqual({ shared: 8000, "1bed": 15000, "2bed": 20000, "3bed": 25000, "4bed": 30000 });
    expect(table["Outer Town"]).toEqual({ "1bed": 9525, "2bed": 11050 });
    const audits = await t.db.selectFrom("audit_events").select(["entity", "entity_id"]).where("entity", "=", "lha_rates").execute();
    expect(audits.map((a) => a.entity_id).sort()).toEqual(["Inner East London", "Outer Town"]);
  });
});
