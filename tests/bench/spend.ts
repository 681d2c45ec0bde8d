/**
 * Times the money page computed afresh (spendPageNow) and its parts against a data set:
 * `npx tsx tests/bench/spend.ts postgres://.../waypoint_bench_130000_8 [runs]`.
 */
import { timeParts } from "./time-parts";
import { openDatabase } from "~/lib/db/connect";
import { spendBy, spendPageNow } from "~/features/money/spend.server";
import { addDays } from "~/lib/dates";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const parts: [string, () => Promise<unknown>][] = [
  ["spendPageNow", () => spendPageNow(db, day)],
  ["recent 28 nights", () => spendBy(db, { from: addDays(day, -28), to: day, group: "all" })],
];
await timeParts(parts, runs);
await close();
