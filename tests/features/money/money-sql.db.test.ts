/**
 * The SQL mirror of the costing rule (app/features/money/spend.server.ts) agrees with the domain
 * functions (costOfStay, subsidyForStay, costByMonth) to the penny, on thousands of
 * generated placements with rate and charge changes, nightly and weekly bases, units with
 * no rate for a while, unknown BRMAs, London and elsewhere, open placements.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { forecastYear, spendBy, spendPage, spendView } from "~/features/money/spend.server";
import { costStays } from "~/features/money/cost.server";
import { type LhaTable, type RatePeriod } from "~/features/money/money";
import { nightlyCosts, subsidyForStay } from "../../support/reference-money";
import { addDays, addMonths, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";

let t: TestDatabase;

interface U {
  id: number;
  brma: string | null;
  selfContained: boolean;
  bedrooms: number;
  inLondon: boolean;
  rates: RatePeriod[];
  charges: RatePeriod[];
}
interface P {
  id: number;
  household_id: number;
  unit_id: number;
  start: IsoDate;
  end: IsoDate | null;
}
const units: U[] = [];
const placements: P[] = [];
const lha: Record<string, Record<string, number>> = {
  "Inner North London": { shared: 9000, "1bed": 25000, "2bed": 29000, "3bed": 34000, "4bed": 47000 },
  "Central Liverpool": { shared: 6000, "1bed": 8500, "2bed": 10500, "3bed": 12000, "4bed": 16000 },
  "Partly Known": { shared: 5000, "1bed": 9000 },
};
const BRMA_LONDON: Record<string, boolean> = { "Inner North London": true, "Central Liverpool": false, "Partly Known": false };

beforeAll(async () => {
  t = await createTestDatabase();
  const rnd = new Random(4242);
  const db = t.db;
  await db
    .insertInto("brmas")
    .values(Object.keys(lha).map((name) => ({ name, in_london: BRMA_LONDON[name] })))
    .execute();
  await db
    .insertInto("lha_rates")
    .values(
      Object.entries(lha).flatMap(([brma, r]) =>
        Object.entries(r).map(([category, weekly_pence]) => ({ brma, category: category as never, weekly_pence })),
      ),
    )
    .execute();
  const provider = await db
    .insertInto("providers")
    .values({ name: "Generated provider", provider_type: "agent" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const brmas = [...Object.keys(lha), null, "Not In Table"];
  const props: number[] = [];
  for (const brma of brmas) {
    const p = await db
      .insertInto("properties")
      .values({
        provider_id: provider.id,
        name: `P ${brma}`,
        address_line_1: "1 Street",
        town: "Town",
        postcode: "L1 1AA",
        district_gss: "E08000012",
        brma,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    props.push(p.id);
  }
  const unitRows = [];
  for (let i = 0; i < 300; i++) {
    const shared = rnd.chance(0.35);
    unitRows.push({
      unit_ref: `G-${i}`,
      property_id: props[i % props.length],
      ta_type_code: rnd.pick(["bnb", "nightly_self_contained", "private_leased", "hostel"]),
      bedrooms: rnd.int(0, 6),
      max_occupants: 6,
      shared_kitchen: shared,
      shared_bathroom: shared && rnd.chance(0.5),
      shared_toilet: false,
      step_free: false,
    });
  }
  const inserted = await db.insertInto("units").values(unitRows).returning(["id", "property_id", "bedrooms", "shared_kitchen"]).execute();
  const rateRows: { unit_id: number; effective_from: string; amount_pence: number; basis: "night" | "week" }[] = [];
  const chargeRows: { unit_id: number; effective_from: string; weekly_pence: number }[] = [];
  for (const u of inserted) {
    const brma = brmas[props.indexOf(u.property_id)];
    const basis = rnd.chance(0.5) ? "night" : "week";
    const rates: RatePeriod[] = [];
    let d = addDays("2023-01-01", rnd.int(-200, 400));
    const n = rnd.int(0, 5);
    for (let k = 0; k < n; k++) {
      const amount = basis === "night" ? rnd.int(2000, 12000) : rnd.int(10000, 90000);
      rates.push({ effectiveFrom: d, amountPence: amount, basis: rnd.chance(0.85) ? basis : basis === "night" ? "week" : "night" });
      d = addDays(d, rnd.int(20, 500));
    }
    const charges: RatePeriod[] = [];
    if (rnd.chance(0.6)) {
      let c = addDays("2023-03-01", rnd.int(-300, 500));
      for (let k = rnd.int(1, 3); k > 0; k--) {
        charges.push({ effectiveFrom: c, amountPence: rnd.int(5000, 60000), basis: "week" });
        c = addDays(c, rnd.int(30, 400));
      }
    }
    rates.forEach((r) => rateRows.push({ unit_id: u.id, effective_from: r.effectiveFrom, amount_pence: r.amountPence, basis: r.basis }));
    charges.forEach((c) => chargeRows.push({ unit_id: u.id, effective_from: c.effectiveFrom, weekly_pence: c.amountPence }));
    units.push({
      id: u.id,
      brma,
      selfContained: !u.shared_kitchen,
      bedrooms: u.bedrooms,
      inLondon: brma ? !!BRMA_LONDON[brma] : false,
      rates,
      charges,
    });
  }
  await db.insertInto("unit_rates").values(rateRows).execute();
  await db.insertInto("unit_charges").values(chargeRows).execute();
  const hh = await db
    .insertInto("households")
    .values(Array.from({ length: 500 }, (_, i) => ({ case_ref: `GEN-${i}`, duty: "s188" as const })))
    .returning("id")
    .execute();
  const pRows = [];
  for (const u of units) {
    let d = addDays("2022-10-01", rnd.int(0, 60));
    for (;;) {
      const len = rnd.chance(0.1) ? rnd.int(100, 500) : rnd.int(1, 90);
      const open = rnd.chance(0.05);
      const end = open ? null : addDays(d, len);
      pRows.push({
        household_id: hh[rnd.int(0, hh.length - 1)].id,
        unit_id: u.id,
        start_date: d,
        end_date: end,
        duty: "s188" as const,
        is_split: true,
      });
      if (!end || end > "2026-10-01") break;
      d = addDays(end, rnd.int(0, 20));
    }
  }
  for (let i = 0; i < pRows.length; i += 1000) {
    const rows = await db
      .insertInto("placements")
      .values(pRows.slice(i, i + 1000))
      .returning(["id", "household_id", "unit_id", "start_date", "end_date"])
      .execute();
    rows.forEach((r) =>
      placements.push({ id: r.id, household_id: r.household_id, unit_id: r.unit_id, start: r.start_date, end: r.end_date }),
    );
  }
}, 600_000);
afterAll(async () => {
  await t?.close();
});

const byId = () => new Map(units.map((u) => [u.id, u]));
function domain(p: P, from: IsoDate, to: IsoDate) {
  const u = byId().get(p.unit_id)!;
  return subsidyForStay({
    rates: u.rates,
    charges: u.charges,
    start: p.start,
    end: p.end,
    window: { from, to },
    accommodation: { selfContained: u.selfContained, bedrooms: u.bedrooms, brma: u.brma, inLondon: u.inLondon },
    lha: lha as LhaTable,
  });
}

describe(`SQL costing agrees with the domain on ${ENGINE}`, () => {
  it("has thousands of placements to compare", () => {
    expect(placements.length).toBeGreaterThan(3000);
  });

  it("prices every placement over a window exactly as costOfStay and subsidyForStay do", async () => {
    const from = "2023-02-14",
      to = "2026-03-31";
    const rows = await spendBy(t.db, { from, to, group: "placement" });
    const sqlBy = new Map(rows.map((r) => [Number(r.key), r]));
    let compared = 0;
    const mismatches: string[] = [];
    for (const p of placements) {
      const d = domain(p, from, to);
      const s = sqlBy.get(p.id);
      if (d.cost.nights === 0) {
        expect(s).toBeUndefined();
        continue;
      }
      compared++;
      const got = {
        nights: s!.nights,
        priced: s!.pricedNights,
        gross: s!.grossPence,
        subsidy: s!.unknownSubsidyNights > 0 ? null : s!.subsidyPence,
      };
      const want = { nights: d.cost.nights, priced: d.cost.pricedNights, gross: d.grossPence, subsidy: d.subsidyPence };
      if (JSON.stringify(got) !== JSON.stringify(want))
        mismatches.push(`${p.id}: sql ${JSON.stringify(got)} domain ${JSON.stringify(want)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(2000);
  });

  it("costs each stay (stay_pieces, read by the household and unit pages) exactly as the reference does", async () => {
    const from = "2023-02-14",
      to = "2026-03-31";
    const stays = placements.map((p) => ({ unitId: p.unit_id, start: p.start, end: p.end, from, to }));
    const got = await costStays(t.db, stays);
    const mismatches: string[] = [];
    let unknown = 0;
    placements.forEach((p, i) => {
      const d = domain(p, from, to);
      const g = got[i];
      if (g.subsidyPence === null) unknown++;
      const a = { nights: g.nights, unpriced: g.unpricedNights, gross: g.grossPence, subsidy: g.subsidyPence, net: g.netPence };
      const b = { nights: d.cost.nights, unpriced: d.cost.unpricedNights, gross: d.grossPence, subsidy: d.subsidyPence, net: d.netPence };
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${p.id}: sql ${JSON.stringify(a)} reference ${JSON.stringify(b)}`);
      if (d.cap.ok ? !g.explanation.endsWith(d.cap.explanation) : g.explanation !== d.cap.reason)
        mismatches.push(`${p.id}: "${g.explanation}" against ${JSON.stringify(d.cap)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // both kinds are compared: subsidy known and unknown (no BRMA, a BRMA not in the table, a missing category)
    expect(unknown).toBeGreaterThan(200);
    expect(placements.length - unknown).toBeGreaterThan(1500);
  });

  it("prices each night (night_costs, read by the invoice check) as the reference does, from any first night", async () => {
    const sample = placements.filter((_, i) => i % 7 === 0);
    const from = "2024-01-01",
      to = "2024-03-01";
    // a stay from the placement's start, and one from a later night (as an invoice line prices empty nights)
    const asks = sample.flatMap((p) => [
      { unitId: p.unit_id, start: p.start },
      { unitId: p.unit_id, start: addDays(p.start, 3) },
    ]);
    const rows = await sql<{ i: number; night: string; pence: string | null }>`
      SELECT q.i::int AS i, x.night::text AS night, x.pence
      FROM unnest(${asks.map((a) => a.unitId)}::int[], ${asks.map((a) => a.start)}::date[]) WITH ORDINALITY AS q(unit_id, s, i)
      CROSS JOIN LATERAL night_costs(q.unit_id, q.s, NULL, ${from}::date, ${to}::date) x
      ORDER BY 1, 2`.execute(t.db);
    const got = rows.rows.map((r) => `${r.i} ${r.night} ${r.pence}`);
    const want = asks.flatMap((a, i) =>
      nightlyCosts(byId().get(a.unitId)!.rates, a.start, null, { from, to }).map((c) => `${i + 1} ${c.night} ${c.pence}`),
    );
    expect(got.length).toBeGreaterThan(10_000);
    expect(got).toEqual(want);
  });

  it("splits by calendar month exactly as the domain does for each month's window", async () => {
    const from = "2024-11-17",
      to = "2025-11-05";
    const rows = await spendBy(t.db, { from, to, group: "month" });
    const want = new Map<string, { gross: number; subsidy: number; nights: number }>();
    for (let m = "2024-11-01"; m < to; m = addMonths(m, 1)) {
      const wf = m < from ? from : m,
        wt = addMonths(m, 1) > to ? to : addMonths(m, 1);
      const acc = { gross: 0, subsidy: 0, nights: 0 };
      for (const p of placements) {
        const d = domain(p, wf, wt);
        acc.gross += d.grossPence;
        acc.subsidy += d.subsidyPence ?? 0;
        acc.nights += d.cost.nights;
      }
      want.set(m.slice(0, 7), acc);
    }
    expect(rows.map((r) => [r.key, r.nights, r.grossPence, r.subsidyPence])).toEqual(
      [...want].map(([k, v]) => [k, v.nights, v.gross, v.subsidy]),
    );
  });

  it("gives the same gross cut by month as uncut (weekly rounding telescopes)", async () => {
    const from = "2023-06-03",
      to = "2025-02-11";
    const [all] = await spendBy(t.db, { from, to, group: "all" });
    const months = await spendBy(t.db, { from, to, group: "month" });
    expect(months.reduce((s, r) => s + r.grossPence, 0)).toBe(all.grossPence);
    expect(months.reduce((s, r) => s + r.nights, 0)).toBe(all.nights);
    const direct = await sql<{
      n: number;
    }>`SELECT sum(upper(nights * daterange(${from}::date, ${to}::date)) - lower(nights * daterange(${from}::date, ${to}::date)))::bigint AS n FROM unit_calendar WHERE nights && daterange(${from}::date, ${to}::date) AND placement_id IS NOT NULL`.execute(
      t.db,
    );
    expect(all.nights).toBe(direct.rows[0].n);
  });

  it("gives the money page in one pass the same figures as each view computed on its own", { timeout: 300_000 }, async () => {
    // A stay where a month's piece has more subsidy than gross (weekly rate £50.00, weekly
    // charge £49.99: the one night of June rounds to 715p of subsidy against 714p of cost), so
    // the year's figure is not the sum of clamped month pieces but the uncut piece, clamped.
    const prop = await t.db.selectFrom("properties").select("id").where("brma", "=", "Inner North London").executeTakeFirstOrThrow();
    const u = await t.db
      .insertInto("units")
      .values({
        unit_ref: "CLAMP-1",
        property_id: prop.id,
        ta_type_code: "bnb",
        bedrooms: 1,
        max_occupants: 2,
        shared_kitchen: true,
        shared_bathroom: false,
        shared_toilet: false,
        step_free: false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("unit_rates")
      .values({ unit_id: u.id, effective_from: "2024-01-01", amount_pence: 5000, basis: "week" })
      .execute();
    await t.db.insertInto("unit_charges").values({ unit_id: u.id, effective_from: "2024-01-01", weekly_pence: 4999 }).execute();
    const hh = await t.db.selectFrom("households").select("id").limit(1).executeTakeFirstOrThrow();
    await t.db
      .insertInto("placements")
      .values({ household_id: hh.id, unit_id: u.id, start_date: "2025-05-01", end_date: "2025-06-02", duty: "s188", is_split: true })
      .execute();
    const june = (await spendBy(t.db, { from: "2025-06-01", to: "2025-07-01", group: "placement", filter: sql`p.unit_id = ${u.id}` }))[0];
    expect([june.grossPence, june.subsidyPence]).toEqual([714, 714]);
    const whole = (await spendBy(t.db, { from: "2025-04-01", to: "2025-11-17", group: "placement", filter: sql`p.unit_id = ${u.id}` }))[0];
    expect([whole.grossPence, whole.subsidyPence]).toEqual([22857, 22853]);

    // 1 April: the views show the year just ended and the forecast a year with no night yet.
    for (const today of ["2025-11-17", "2025-04-01", "2026-01-01", "2024-06-30", "2025-04-02"]) {
      const page = await spendPage(t.db, today);
      expect(page.month, `month ${today}`).toEqual(await spendView(t.db, today, "month"));
      expect(page.ta_type, `ta_type ${today}`).toEqual(await spendView(t.db, today, "ta_type"));
      expect(page.provider, `provider ${today}`).toEqual(await spendView(t.db, today, "provider"));
      expect(page.district, `district ${today}`).toEqual(await spendView(t.db, today, "district"));
      expect(page.forecast, `forecast ${today}`).toEqual(await forecastYear(t.db, today));
      expect(page.ta_type.reduce((n, r) => n + r.nights, 0)).toBeGreaterThan(0);
    }
  });
});
