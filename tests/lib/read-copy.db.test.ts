/**
 * Reports on the read-only copy (ADR 0029): the copy's state as the page reads it, and results
 * kept inside a read-only snapshot. The copy itself, a real streaming replica, is tested in
 * tests/e2e/replica.spec.ts; here the database stands in for it, as a copy that is not a standby.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { makeUnit } from "../support/factories";
import { clearReportCache, dataVersion, keptUntilDataChanges, markReadSnapshot, reportCacheStats } from "~/lib/cache.server";
import { copyState } from "~/lib/db/read-copy.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => clearReportCache());

const units = async (db: Parameters<typeof dataVersion>[0]) =>
  Number((await sql<{ n: number }>`SELECT count(*) AS n FROM units`.execute(db)).rows[0].n);

describe(`reading reports from a copy on ${ENGINE}`, () => {
  it("finds a database that is not a standby up to date, and not paused", async () => {
    const s = await copyState(t.db);
    expect(s.upToDate).toBe(true);
    expect(s.paused).toBe(false);
    expect(Number.isNaN(Date.parse(s.at))).toBe(false);
  });

  it("keeps a result computed in a marked read-only snapshot, and serves it again in the snapshot", async () => {
    await makeUnit(t.db);
    const n = await units(t.db);
    const seen = await t.db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute(async (trx) => {
        markReadSnapshot(trx);
        const first = await keptUntilDataChanges(trx, "units", () => units(trx));
        const again = await keptUntilDataChanges(trx, "units", () => units(trx));
        return [first, again];
      });
    expect(seen).toEqual([n, n]);
    expect(reportCacheStats()).toMatchObject({ hits: 1, misses: 1 });
    // The same version outside: the kept result is served there too.
    expect(await keptUntilDataChanges(t.db, "units", async () => -1)).toBe(n);
    expect(reportCacheStats().hits).toBe(2);
  });

  it.skipIf(ENGINE === "pglite")(
    "keeps a snapshot's result under the snapshot's version, so a change committed meanwhile is never hidden (PostgreSQL: a second connection)",
    async () => {
      const other = await t.second();
      await makeUnit(t.db);
      const before = await units(t.db);
      const inSnapshot = await t.db
        .transaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute(async (trx) => {
          const version = await dataVersion(trx); // takes the snapshot
          markReadSnapshot(trx);
          // A change commits on the live database while the page is being computed.
          await makeUnit(other.db);
          expect(await dataVersion(other.db)).not.toBe(version);
          return keptUntilDataChanges(trx, "units-race", () => units(trx));
        });
      // The snapshot's figure: without the new unit, as the version it was kept under.
      expect(inSnapshot).toBe(before);
      // Read now, the version has moved on: the kept figure is not served, the new unit counts.
      expect(await keptUntilDataChanges(t.db, "units-race", () => units(t.db))).toBe(before + 1);
    },
  );

  it("computes afresh in an unmarked transaction (it may see its own changes before the version moves)", async () => {
    await makeUnit(t.db);
    await keptUntilDataChanges(t.db, "plain", () => units(t.db));
    await t.db.transaction().execute(async (trx) => {
      await keptUntilDataChanges(trx, "plain", () => units(trx));
    });
    expect(reportCacheStats()).toMatchObject({ hits: 0, misses: 1 });
  });
});
