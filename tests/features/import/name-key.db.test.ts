/**
 * One key for a provider's name (migration 0051, issue 16 item 8): name_key() in SQL is the
 * key the import matches names by and the database refuses a second provider with; the
 * in-memory reference of the import's checks uses the same key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { providerNameKey } from "../../support/reference-import";
import { refusalOf } from "../../support/refusal";
import { saveProvider } from "~/features/stock/stock.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`name_key on ${ENGINE}`, () => {
  it("makes runs of white space one space, trims, and lower-cases", async () => {
    const names = [
      "  Northside   Lettings LTD ",
      "northside lettings ltd",
      "\tNorthside\u00a0Lettings\nLtd",
      "ÉLAN Homes",
      "Acme\t\tHomes",
    ];
    const r = await sql<{ k: string }>`SELECT name_key(n) AS k FROM unnest(${names}::text[]) WITH ORDINALITY AS x(n, i) ORDER BY i`.execute(
      t.db,
    );
    expect(r.rows.map((x) => x.k)).toEqual([
      "northside lettings ltd",
      "northside lettings ltd",
      "northside lettings ltd",
      "élan homes",
      "acme homes",
    ]);
    // the reference of the import's checks keys names the same way
    expect(names.map(providerNameKey)).toEqual(r.rows.map((x) => x.k));
  });

  it("refuses a second provider whose name differs only in spaces or capitals, and saves nothing", async () => {
    const first = await saveProvider(t.db, null, null, { name: "Acme Homes", providerType: "agent", email: "", phone: "" });
    expect(first).toEqual(expect.any(Number));
    const second = await refusalOf(saveProvider(t.db, null, null, { name: "  ACME   homes", providerType: "hotel", email: "", phone: "" }));
    expect(second).toEqual({ field: "name", message: "A provider with this name already exists" });
    const rows = await t.db.selectFrom("providers").select(["name", "provider_type"]).execute();
    expect(rows).toEqual([{ name: "Acme Homes", provider_type: "agent" }]);
  });
});
