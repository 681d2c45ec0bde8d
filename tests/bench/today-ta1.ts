/**
 * Times Today's counts and TA1 computed afresh, read from the kept night (ADR 0059), and after
 * a write to one household in TA (its rows computed again), with their parts:
 * `npx tsx tests/bench/today-ta1.ts postgres://.../waypoint_bench_10000_10 [runs]`.
 * Migrates the database it is given and writes to it (a no-op update of one placement): point
 * it at a copy.
 */
import { sql } from "kysely";
import { timeParts } from "./time-parts";
import { migrateToLatest, openDatabase } from "~/lib/db/connect";
import { statutoryCounts } from "~/features/reports/reports.server";
import { inTaOn } from "~/features/reports/headline.server";
import { todayLists } from "~/features/casework/today.server";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const day = "2026-11-23";
const quarter = "2026-09-30";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
await migrateToLatest(db);
const one = Number(
  (await sql<{ id: number }>`SELECT placement_id AS id FROM households_in_ta(${day}::date) ORDER BY household_id LIMIT 1`.execute(db))
    .rows[0].id,
);
/** A write to one household in TA, as an officer's would be: its rows are stale on every kept night. */
const touch = () => sql`UPDATE placements SET duty = duty WHERE id = ${one}`.execute(db);
/** Inside a transaction that may write, the rows are computed afresh (withNightFacts). */
const afresh = <T>(f: (c: typeof db) => Promise<T>) => db.transaction().execute((trx) => f(trx as unknown as typeof db));
const parts: [string, () => Promise<unknown>][] = [
  ["count(*) placements", () => sql`SELECT count(*) FROM placements`.execute(db)],
  ["households_in_ta", () => sql`SELECT count(*) FROM households_in_ta(${day}::date)`.execute(db)],
  ["six_weeks_on", () => sql`SELECT count(*) FROM six_weeks_on(${day}::date)`.execute(db)],
  ["TA1 afresh", () => afresh((c) => statutoryCounts(c, quarter))],
  ["TA1 kept", () => statutoryCounts(db, quarter)],
  [
    "TA1 after a write",
    async () => {
      await touch();
      return statutoryCounts(db, quarter);
    },
  ],
  ["Today counts afresh", () => afresh((c) => inTaOn(c, day))],
  ["Today counts kept", () => inTaOn(db, day)],
  [
    "Today counts after a write",
    async () => {
      await touch();
      return inTaOn(db, day);
    },
  ],
  ["Today lists", () => todayLists(db, day, null)],
];
await timeParts(parts, runs);
await close();
