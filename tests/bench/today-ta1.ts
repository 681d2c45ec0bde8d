/**
 * Times Today and TA1 computed afresh, and their parts, against a data set:
 * `npx tsx tests/bench/today-ta1.ts postgres://.../waypoint_bench_10000_10 [runs]`.
 */
import { sql } from "kysely";
import { timeParts } from "./time-parts";
import { openDatabase } from "~/lib/db/connect";
import { statutoryCounts } from "~/features/reports/reports.server";
import { inTaOn } from "~/features/reports/headline.server";
import { todayLists } from "~/features/casework/today.server";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const parts: [string, () => Promise<unknown>][] = [
  ["count(*) placements", () => sql`SELECT count(*) FROM placements`.execute(db)],
  ["households_in_ta", () => sql`SELECT count(*) FROM households_in_ta(${day}::date)`.execute(db)],
  ["six_weeks_on", () => sql`SELECT count(*) FROM six_weeks_on(${day}::date)`.execute(db)],
  [
    "facts of those in TA",
    () =>
      sql`SELECT sum(f.children) FROM households_in_ta(${day}::date) t CROSS JOIN LATERAL household_facts_on(t.household_id, ${day}::date) f`.execute(
        db,
      ),
  ],
  ["TA1 and TA2 counts", () => statutoryCounts(db, "2026-09-30")],
  ["Today counts (inTaOn)", () => inTaOn(db, day)],
  ["Today lists", () => todayLists(db, day, null)],
];
await timeParts(parts, runs);
await close();
