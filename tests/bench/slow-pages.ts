/**
 * Times, computed afresh (the kept results forgotten before every run), the four pages issue 23's
 * last bench found furthest from their small-size time, at day 2026-11-23:
 * `npx tsx tests/bench/slow-pages.ts postgres://.../wp_large [runs] [part...]`.
 * Parts: data-quality, rates-market, placements-export, households-behind.
 */
import { timeParts } from "./time-parts";
import { openDatabase } from "~/lib/db/connect";
import { clearReportCache } from "~/lib/cache.server";
import { dataQuality } from "~/features/reports/data-quality.server";
import { rateBenchmark } from "~/features/money/benchmark.server";
import { householdsBehind } from "~/features/reports/reports.server";
import { getExport } from "~/features/exports.server";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const only = process.argv.slice(4);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const afresh =
  <T>(f: () => Promise<T>) =>
  () => {
    clearReportCache();
    return f();
  };
const all: [string, () => Promise<unknown>][] = [
  ["data-quality", afresh(() => dataQuality(db, day))],
  ["rates-market", afresh(() => rateBenchmark(db, day))],
  [
    "placements-export",
    async () => {
      let bytes = 0;
      for await (const chunk of getExport("placements")!.run(db, { today: day })) bytes += chunk.length;
      return bytes;
    },
  ],
  ["households-behind", afresh(() => householdsBehind(db, { asOf: day }, 1))],
];
await timeParts(
  all.filter(([name]) => only.length === 0 || only.includes(name)),
  runs,
);
await close();
