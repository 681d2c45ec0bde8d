/**
 * Times the money page computed afresh (spendPageNow) and its parts against a data set:
 * `npx tsx tests/bench/spend.ts postgres://.../waypoint_bench_130000_8 [runs]`.
 */
import { openDatabase } from "~/db/connect";
import { spendBy, spendPageNow } from "~/models/spend.server";
import { addDays } from "~/domain/dates";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const parts: [string, () => Promise<unknown>][] = [
  ["spendPageNow", () => spendPageNow(db, day)],
  ["recent 28 nights", () => spendBy(db, { from: addDays(day, -28), to: day, group: "all" })],
];
for (const [name, f] of parts) {
  await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms (${ms.map((x) => x.toFixed(0)).join(", ")})`);
}
await close();
