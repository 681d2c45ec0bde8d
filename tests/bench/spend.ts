/**
 * Times the money page computed afresh (spendPageNow) and its parts against a data set:
 * `npx tsx tests/bench/spend.ts postgres://.../waypoint_bench_130000_8 [runs]`.
 * Migrates the database it is given (the kept months' tables, migrations 0073 and 0076): point it at a copy.
 *
 * "all 24 months afresh" is the page as computed before closed months were kept (ADR 0044);
 * "closed months kept" reads them all kept (the months, and the financial year's closed
 * months by group), as after a write to the open month only; "after a settings change"
 * is the same after a no-op write to a setting (no kept month is dropped: a month's figures
 * do not read settings); "after a write to one old month" recomputes one closed month
 * before April; "after a write to a month this year" recomputes one closed month of the
 * financial year and its part of the views by group; "after a write to every month" (a
 * rate change dated before the 24 months) recomputes and stores all of them.
 */
import { sql } from "kysely";
import { timeParts } from "./time-parts";
import { migrateToLatest, openDatabase } from "~/lib/db/connect";
import { spendBy, spendPageNow } from "~/features/money/spend.server";
import { addDays, addMonths, startOfMonth } from "~/lib/dates";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
await migrateToLatest(db);
const oldMonth = addMonths(startOfMonth(day), -20);
const yearMonth = addMonths(startOfMonth(day), -3);
const parts: [string, () => Promise<unknown>][] = [
  ["all 24 months afresh", () => spendPageNow(db, day, 28, false)],
  ["closed months kept", () => spendPageNow(db, day, 28, true)],
  [
    "after a settings change",
    async () => {
      await sql`UPDATE settings SET value = value WHERE key = 'council_name'`.execute(db);
      return spendPageNow(db, day, 28, true);
    },
  ],
  [
    "after a write to one old month",
    async () => {
      await sql`DELETE FROM spend_month_totals WHERE month = ${oldMonth}::date`.execute(db);
      return spendPageNow(db, day, 28, true);
    },
  ],
  [
    "after a write to a month this year",
    async () => {
      await sql`DELETE FROM spend_month_totals WHERE month = ${yearMonth}::date`.execute(db);
      await sql`DELETE FROM spend_month_groups WHERE month = ${yearMonth}::date`.execute(db);
      return spendPageNow(db, day, 28, true);
    },
  ],
  [
    "after a write to every month",
    async () => {
      await sql`DELETE FROM spend_month_totals`.execute(db);
      await sql`DELETE FROM spend_month_groups`.execute(db);
      return spendPageNow(db, day, 28, true);
    },
  ],
  ["recent 28 nights", () => spendBy(db, { from: addDays(day, -28), to: day, group: "all" })],
];
await timeParts(parts, runs);
await close();
