/**
 * Times the parts of the kept pages computed afresh against a data set, to see which part
 * grows: `npx tsx tests/bench/parts.ts postgres://.../waypoint_bench_130000_8`.
 */
import { timeParts } from "./time-parts";
import { openDatabase } from "~/lib/db/connect";
import {
  arrivalsAndDepartures,
  awaitingPlacement,
  bnbWarnings,
  moveOnPastTarget,
  s202Overdue,
  s208Overdue,
} from "~/features/casework/today.server";
import { inTaOn } from "~/features/reports/headline.server";
import { flow, lengthOfStay, losBands, statutoryCounts } from "~/features/reports/reports.server";

const url = process.argv[2];
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const parts: [string, () => Promise<unknown>][] = [
  ["inTaOn", () => inTaOn(db, day)],
  ["arrivalsAndDepartures", () => arrivalsAndDepartures(db, day)],
  ["bnbWarnings", () => bnbWarnings(db, day)],
  ["s208Overdue", () => s208Overdue(db, day)],
  ["moveOnPastTarget", () => moveOnPastTarget(db, day)],
  ["s202Overdue", () => s202Overdue(db, day)],
  ["awaitingPlacement", () => awaitingPlacement(db, day)],
  ["statutoryCounts", () => statutoryCounts(db, "2026-09-30")],
  ["lengthOfStay", () => lengthOfStay(db, day, "none")],
  ["losBands", () => losBands(db, day, "none")],
  ["flow", () => flow(db, { from: "2025-11-24", to: day, interval: "month" })],
];
await timeParts(parts, 3);
await close();
