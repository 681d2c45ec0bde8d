/**
 * The data version (db/definitions/data-version.ts) and the results kept until data changes
 * (app/lib/cache.server.ts, ADR 0017): the version moves on once per committed
 * change and never for a read or a rollback; a kept result is served while nothing has
 * changed and never after a change has committed; the pages show a placement at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { makeHousehold, makeUnit } from "../support/factories";
import { MARKED_TABLES } from "../../db/definitions/data-version";
import { clearReportCache, dataVersion, keptUntilDataChanges, REPORT_CACHE_ENTRIES, reportCacheStats } from "~/lib/cache.server";
import { statutoryPage } from "~/features/reports/report-pages.server";
import { placeHousehold } from "~/features/placements/placements.server";

/** The officer's recorded decision, for placements in units that do not suit the household. */
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

/** Tables no kept result reads, or kept by triggers from marked tables. */
const UNMARKED = [
  "audit_events",
  // Case notes show on one household's page, which is not kept.
  "case_notes",
  "contacts",
  "data_change_marks",
  // Letters (migration 0070): read by the household page and the letter pages, none kept.
  "letter_templates",
  "letters",
  "data_version",
  // A kept forecast is keyed by its scenario's id, and a saved scenario never changes.
  "forecast_scenarios",
  // The record of merges (ADR 0037): a merge also changes households and placements, which are marked.
  "household_merges",
  "import_upload_chunks",
  "import_upload_problems",
  "import_uploads",
  "kysely_migration",
  "kysely_migration_lock",
  "occupancy_changes",
  "record_views",
  "schema_definitions",
  "sessions",
  "sign_in_throttles",
  // Spend of closed months, and their part of the year's views by group (ADR 0044): kept by triggers from marked tables.
  "spend_month_groups",
  "spend_month_totals",
  // Kept from the members (ADR 0039), which are marked: a change to them moves the version on.
  "household_fact_segments",
  // The households in TA on kept nights (ADR 0059): kept by triggers from marked tables.
  "ta_night_facts",
  "ta_night_stale",
  "ta_nights_kept",
  // Trial measures of settled episodes (ADR 0057): kept by triggers from marked tables.
  "trial_episode_facts",
  "unit_calendar",
  "users",
  // Property standards (issue 21): read by find a unit, the stock and provider pages, none kept.
  "certificates",
  "complaints",
  "inspection_works",
  "inspections",
  "provider_checks",
  "provider_contacts",
];

let t: TestDatabase;
const counter = (s: string) => Number(s.split(":")[1]);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => clearReportCache());

describe(`the data version on ${ENGINE}`, () => {
  it("covers every table: each is marked, or listed as read by no kept result", async () => {
    const r = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(
      t.db,
    );
    const tables = r.rows.map((x) => x.tablename);
    expect(tables.filter((x) => !MARKED_TABLES.includes(x) && !UNMARKED.includes(x))).toEqual([]);
    const triggers = await sql<{ t: string }>`
      SELECT c.relname AS t FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname LIKE '%\\_data\\_changed' ORDER BY 1`.execute(
      t.db,
    );
    expect(triggers.rows.map((x) => x.t)).toEqual([...MARKED_TABLES].sort());
  });

  it("moves on once per committed transaction, however many statements and rows it changes", async () => {
    const v0 = await dataVersion(t.db);
    await t.db.transaction().execute(async (trx) => {
      await makeHousehold(trx as never);
      await makeHousehold(trx as never);
      await trx
        .updateTable("settings")
        .set({ value: JSON.stringify("Test Council") })
        .where("key", "=", "council_name")
        .execute();
    });
    const v1 = await dataVersion(t.db);
    expect(counter(v1)).toBe(counter(v0) + 1);
    expect(v1.split(":")[0]).toBe(v0.split(":")[0]);
    expect((await sql`SELECT txid FROM data_change_marks`.execute(t.db)).rows).toEqual([]);
    // Outside a transaction every statement commits on its own.
    await makeHousehold(t.db, [{}, {}]);
    expect(counter(await dataVersion(t.db))).toBe(counter(v0) + 4);
  });

  it("does not move for a read, a rolled-back transaction or a change to a table no page reads", async () => {
    const v0 = await dataVersion(t.db);
    await t.db.selectFrom("households").selectAll().execute();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await makeHousehold(trx as never);
        throw new Error("part-way failure");
      }),
    ).rejects.toThrow("part-way failure");
    await t.db.insertInto("audit_events").values({ action: "test.read", entity: "test", entity_id: "1" }).execute();
    expect(await dataVersion(t.db)).toBe(v0);
  });

  it("moves on for a change inside a savepoint that is kept, and not for one rolled back", async () => {
    const v0 = await dataVersion(t.db);
    await t.db.transaction().execute(async (trx) => {
      await sql`SAVEPOINT a`.execute(trx);
      await makeHousehold(trx as never);
      await sql`ROLLBACK TO SAVEPOINT a`.execute(trx);
    });
    expect(await dataVersion(t.db)).toBe(v0);
    await t.db.transaction().execute(async (trx) => {
      await sql`SAVEPOINT a`.execute(trx);
      await sql`ROLLBACK TO SAVEPOINT a`.execute(trx);
      await makeHousehold(trx as never);
    });
    expect(counter(await dataVersion(t.db))).toBe(counter(v0) + 1);
  });
});

describe(`results kept until data changes on ${ENGINE}`, () => {
  it("serves the kept result while nothing changes, and computes again after a change", async () => {
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await keptUntilDataChanges(t.db, "k", compute)).toEqual({ n: 1 });
    expect(await keptUntilDataChanges(t.db, "k", compute)).toEqual({ n: 1 });
    expect(await keptUntilDataChanges(t.db, "other", compute)).toEqual({ n: 2 });
    await makeHousehold(t.db);
    expect(await keptUntilDataChanges(t.db, "k", compute)).toEqual({ n: 3 });
    expect(reportCacheStats()).toMatchObject({ hits: 1, misses: 3, entries: 2 });
  });

  it("shares one computation between requests that arrive together", async () => {
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 50));
      return computed;
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => keptUntilDataChanges(t.db, "together", compute)));
    expect(results).toEqual(Array(10).fill(1));
    expect(computed).toBe(1);
  });

  it("keeps at most REPORT_CACHE_ENTRIES results, dropping the least recently used", async () => {
    let computed = 0;
    const compute = async () => ++computed;
    for (let i = 0; i < REPORT_CACHE_ENTRIES; i++) await keptUntilDataChanges(t.db, `key ${i}`, compute);
    expect(await keptUntilDataChanges(t.db, "key 0", compute)).toBe(1); // used again: now the most recent
    expect(await keptUntilDataChanges(t.db, "one more", compute)).toBe(REPORT_CACHE_ENTRIES + 1);
    expect(reportCacheStats().entries).toBe(REPORT_CACHE_ENTRIES);
    expect(await keptUntilDataChanges(t.db, "key 0", compute)).toBe(1);
    expect(await keptUntilDataChanges(t.db, "key 1", compute)).toBe(REPORT_CACHE_ENTRIES + 2); // dropped, so computed again
  });

  it("does not keep a failed computation", async () => {
    await expect(
      keptUntilDataChanges(t.db, "fails", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await keptUntilDataChanges(t.db, "fails", async () => 7)).toBe(7);
  });

  it("gives each request sharing a computation its own copy of a thrown Response (the 503 of a lost connection)", async () => {
    const compute = async () => {
      await new Promise((r) => setTimeout(r, 50));
      throw new Response("The database cannot be reached just now.", { status: 503 });
    };
    const failures = await Promise.all(
      Array.from({ length: 3 }, () => keptUntilDataChanges(t.db, "lost connection", compute).catch((e: unknown) => e)),
    );
    // Remix reads the body of the Response a loader throws: one body read by three requests was a 500 for two.
    for (const f of failures) {
      expect(f).toBeInstanceOf(Response);
      expect((f as Response).status).toBe(503);
      expect(await (f as Response).text()).toBe("The database cannot be reached just now.");
    }
  });

  it("computes afresh inside a transaction, which sees its own changes before the version moves", async () => {
    const before = await keptUntilDataChanges(
      t.db,
      "households",
      async () =>
        (
          await t.db
            .selectFrom("households")
            .select(sql<number>`count(*)::int`.as("n"))
            .executeTakeFirstOrThrow()
        ).n,
    );
    await t.db.transaction().execute(async (trx) => {
      await makeHousehold(trx as never);
      const inside = await keptUntilDataChanges(
        trx,
        "households",
        async () =>
          (
            await trx
              .selectFrom("households")
              .select(sql<number>`count(*)::int`.as("n"))
              .executeTakeFirstOrThrow()
          ).n,
      );
      expect(inside).toBe(before + 1);
    });
  });

  it("never serves a result computed while a change was committing", async () => {
    // The change commits after the version was read and before the result is kept: the
    // result carries the old version, and the next request sees a new one.
    let computed = 0;
    const first = await keptUntilDataChanges(t.db, "race", async () => {
      computed++;
      await makeHousehold(t.db);
      return "computed beside a change";
    });
    expect(first).toBe("computed beside a change");
    expect(await keptUntilDataChanges(t.db, "race", async () => (computed++, "after"))).toBe("after");
    expect(computed).toBe(2);
  });

  it("shows a new placement on the statutory counts at once", async () => {
    const unit = await makeUnit(t.db, { ta_type_code: "bnb" });
    const h = await makeHousehold(t.db, [
      { relationship: "lead", dob: "1990-01-01" },
      { relationship: "child", dob: "2020-01-01" },
    ]);
    const asOf = "2026-06-30";
    const before = await statutoryPage(t.db, { asOf });
    const line = (p: typeof before, l: string) => p.ta1.find((r) => r.line === l)!.n;
    expect(await statutoryPage(t.db, { asOf })).toEqual(before);
    const r = await placeHousehold(t.db, null, {
      decision: EMERGENCY,
      householdId: h.id,
      unitId: unit.id,
      startDate: "2026-06-01",
      endDate: null,
    });
    expect(r).toEqual(expect.any(Number));
    const after = await statutoryPage(t.db, { asOf });
    expect(line(after, "total")).toBe((line(before, "total") as number) + 1);
    expect(line(after, "bnb_with_children")).toBe((line(before, "bnb_with_children") as number) + 1);
  });
});
