/**
 * Times the forecast against a data set: reading its inputs, one baseline, and one scenario
 * recomputed from kept inputs, with one pass over placements for scale:
 * `npx tsx tests/bench/forecast.ts postgres://.../waypoint_bench_10000_10 [runs]`.
 */
import { sql } from "kysely";
import { openDatabase } from "~/lib/db/connect";
import { forecastInputs, priceNewUnits } from "~/features/forecast/inputs.server";
import { runForecast, type Change } from "~/features/forecast/model";
import { londonDate } from "~/lib/dates";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const day = process.env.WAYPOINT_TODAY ?? londonDate();
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const time = async (label: string, fn: () => Promise<unknown> | unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { label, median: ms[Math.floor(ms.length / 2)] };
};
const pass = await time("one pass over placements", () => sql`SELECT count(*) FROM placements`.execute(db));
const inputs = await forecastInputs(db, day);
const read = await time("forecast inputs (read afresh)", () => forecastInputs(db, day));
const lease: Change[] = [
  {
    kind: "units",
    action: "add",
    count: 100,
    taType: "private_leased",
    bedrooms: 2,
    district: null,
    ratePence: 17_500,
    basis: "week",
    paidFor: "every_night",
    from: `${Number(day.slice(0, 4)) + (day.slice(5) >= "04-01" ? 1 : 0)}-04-01`,
  },
];
const leasePrices = await priceNewUnits(db, inputs, lease);
const base = await time("baseline, 24 months", () => runForecast(inputs, [], 24));
const scenario = await time("scenario recomputed from kept inputs, 24 months", () => runForecast(inputs, lease, 24, leasePrices));
for (const r of [pass, read, base, scenario])
  console.log(`${r.label.padEnd(50)} ${r.median.toFixed(1).padStart(9)} ms  ${(r.median / pass.median).toFixed(1).padStart(8)} x one pass`);
if (process.env.FORECAST_DUMP) {
  const b = runForecast(inputs, [], 24);
  const s = runForecast(inputs, lease, 24, leasePrices);
  console.log(JSON.stringify({ seasonality: b.seasonality, arrivals: b.arrivalsPerMonth }, null, 1));
  for (let i = 0; i < b.months.length; i++) {
    const x = b.months[i],
      y = s.months[i];
    console.log(
      x.month,
      Math.round(x.households.mean),
      `[${Math.round(x.households.lower)}-${Math.round(x.households.upper)}]`,
      "famBnB",
      x.familiesInBnb.mean.toFixed(1),
      y.familiesInBnb.mean.toFixed(1),
      "breach",
      x.breaches.toFixed(1),
      y.breaches.toFixed(1),
      "inNew",
      y.inNewUnits.toFixed(0),
      "net",
      (x.netPence / 100).toFixed(0),
      (y.netPence / 100).toFixed(0),
      "void",
      x.voidNights,
      y.voidNights,
      "cats",
      x.byCat.map(Math.round).join("/"),
    );
  }
}
await close();
