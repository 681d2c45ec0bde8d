import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";

// rebuild_episodes has two ways through (migration 0013): a few households go in by
// the household index, many by hash joins with nested loops switched off for the call.
// Both must build the same episodes, and the setting must be back afterwards.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: "2026-11-23", households: 300, years: 4 });
}, 600_000);
afterAll(async () => {
  await t?.close();
});

async function episodes() {
  const r = await sql<{
    household_id: number;
    start_date: string;
    end_date: string | null;
    first_placement_id: number;
    last_placement_id: number;
    placements: number;
    destination: string | null;
    members: number;
  }>`
    SELECT e.household_id, e.start_date, e.end_date, e.first_placement_id, e.last_placement_id, e.placements, e.destination,
           (SELECT count(*) FROM placements p WHERE p.episode_id = e.id) AS members
    FROM episodes e ORDER BY e.household_id, e.start_date`.execute(t.db);
  return r.rows;
}

describe(`rebuild_episodes on ${ENGINE}`, { timeout: 300_000 }, () => {
  it("builds the same episodes one household at a time as in one bulk call", async () => {
    const bulk = await episodes();
    expect(bulk.length).toBeGreaterThan(500);
    // every live placement belongs to exactly the episode that counts it
    expect(bulk.every((e) => Number(e.members) === Number(e.placements))).toBe(true);
    const ids = (await sql<{ id: number }>`SELECT id FROM households ORDER BY id`.execute(t.db)).rows.map((r) => r.id);
    for (const id of ids) await sql`SELECT rebuild_episodes(ARRAY[${id}]::bigint[])`.execute(t.db);
    expect(await episodes()).toEqual(bulk);
    await sql`SELECT rebuild_episodes(${sql.val(ids)}::bigint[])`.execute(t.db);
    expect(await episodes()).toEqual(bulk);
  });

  it("gives nested loops back to the transaction after a bulk call", async () => {
    const setting = await t.db.transaction().execute(async (trx) => {
      await sql`SELECT rebuild_episodes(array_agg(id)) FROM households`.execute(trx);
      return (await sql<{ v: string }>`SELECT current_setting('enable_nestloop') AS v`.execute(trx)).rows[0].v;
    });
    expect(setting).toBe("on");
  });
});
