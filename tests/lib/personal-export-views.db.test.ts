/**
 * Who downloaded personal data is recorded wherever the download starts: /exports, the report
 * pages' CSV links (/reports/csv) and the command line all call recordPersonalExport (the
 * report pages' link recorded nothing before). An export without personal data records nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { getExport, recordPersonalExport } from "~/features/exports.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const views = () => t.db.selectFrom("record_views").select(["user_id", "what", "detail", "household_id"]).orderBy("id").execute();

describe(`downloads of personal data on ${ENGINE}`, () => {
  it("records the statutory extract with who and which night, from the app and from the command line; not the TA1 figures", async () => {
    const user = await t.db
      .insertInto("users")
      .values({ email: "exporter@example.test", name: "Ezra Exporter", role: "manager", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const extract = getExport("statutory-extract")!;
    const ta1 = getExport("ta1")!;
    expect(extract.permission).toBe("export:personal-data");
    expect(ta1.permission).toBeUndefined();

    await recordPersonalExport(t.db, user.id, ta1, { asOf: "2026-09-30" });
    expect(await views()).toEqual([]);

    await recordPersonalExport(t.db, user.id, extract, { asOf: "2026-09-30" });
    await recordPersonalExport(t.db, null, extract, { asOf: "2026-06-30" });
    expect(await views()).toEqual([
      { user_id: user.id, what: "export", detail: "statutory-extract as at 2026-09-30", household_id: null },
      { user_id: null, what: "export", detail: "statutory-extract as at 2026-06-30 (command line)", household_id: null },
    ]);
  });
});
