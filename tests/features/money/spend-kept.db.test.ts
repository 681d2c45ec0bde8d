/**
 * Spend of closed months kept on write (ADR 0044, db/definitions/spend-kept.ts): after
 * hundreds of random writes through the app's own write functions (place, transfer, end,
 * correct dates, cancel, rates and charges added and corrected, units retyped, brought into
 * use, retired; LHA figures changed) and a few straight SQL writes (as the importer or psql
 * would), interleaved with reads on several days, the money page and the month CSV read
 * from kept months equal the same figures computed afresh, to the penny, for every month;
 * and the financial-year views by TA type, provider and district, summed from the closed
 * months kept per group (spend_month_groups, migration 0076) and the rest afresh, equal
 * the same views computed afresh and spendBy's, for every group.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { randomPlacementWrite, randomRateWrite, randomUnitWrite } from "../../support/random-writes";
import { makeHousehold, makeUnit } from "../../support/factories";
import {
  emptyRow,
  forecastYear,
  keptGroups,
  keptMonths,
  monthlySpend,
  spendBy,
  spendPageNow,
  spendView,
} from "~/features/money/spend.server";
import { createInvoice } from "~/features/invoices/invoices.server";
import { setSetting } from "~/lib/settings.server";
import { placeHousehold } from "~/features/placements/placements.server";
import { addRate, addCharge } from "~/features/money/rates.server";
import { retireUnit } from "~/features/stock/stock.server";
import { Refusal } from "~/lib/refusal";
import { addDays, addMonths, financialYearStart, startOfMonth, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";

/** Fewer writes on PGlite, where CI time is tight. */
const WRITES = ENGINE === "pglite" ? 240 : 300;
const BATCH = 30;
const DAYS: IsoDate[] = ["2026-11-23", "2026-04-01", "2026-04-10", "2026-06-15", "2025-12-01"];
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
const units: { id: number; property_id: number; unit_ref: string }[] = [];
const households: number[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  await db
    .insertInto("brmas")
    .values([{ name: "Central Liverpool", in_london: false }])
    .execute();
  await db
    .insertInto("lha_rates")
    .values(
      (["shared", "1bed", "2bed", "3bed", "4bed"] as const).map((category, i) => ({
        brma: "Central Liverpool",
        category,
        weekly_pence: 6000 + 2500 * i,
      })),
    )
    .execute();
  const rnd = new Random(7301);
  for (let i = 0; i < 8; i++) {
    const u = await makeUnit(db, { ta_type_code: i % 3 === 0 ? "private_leased" : "bnb", bedrooms: 1 + (i % 3), shared: i % 2 === 0 });
    // Most in a BRMA with LHA figures (subsidy known), one without (unknown).
    if (i !== 7) await db.updateTable("properties").set({ brma: "Central Liverpool" }).where("id", "=", u.property_id).execute();
    await db.updateTable("units").set({ in_use_from: "2024-03-01" }).where("id", "=", u.id).execute();
    units.push(u);
    // A rate for most units from the start, some changing later; one unit starts unpriced.
    if (i !== 5)
      await addRate(db, null, u.id, { effectiveFrom: "2024-01-01", amount: rnd.int(3000, 9000), basis: rnd.pick(["night", "week"]) });
    if (i % 2 === 1) await addCharge(db, null, u.id, { effectiveFrom: "2024-06-01", amount: rnd.int(5000, 20000) });
  }
  for (let i = 0; i < 12; i++) households.push((await makeHousehold(db)).id);
});
afterAll(async () => {
  await t?.close();
});

const DATES_FROM = "2024-02-01";
const randomDate = (rnd: Random, from: IsoDate = DATES_FROM, span = 1000): IsoDate => addDays(from, rnd.int(0, span));

/** One random write; a refusal (a clash, a date out of order) is an answer, not a failure. */
async function randomWrite(rnd: Random): Promise<string> {
  const db = t.db;
  const kind = rnd.weighted([
    ["place", 6],
    ["transfer", 3],
    ["end", 3],
    ["correct", 3],
    ["cancel", 1],
    ["rate", 2],
    ["correct_rate", 1],
    ["charge", 1],
    ["unit", 1],
    ["retire", 0.3],
    ["lha", 0.3],
    ["sql", 0.5],
  ] as const);
  const household = rnd.pick(households);
  const unit = rnd.pick(units);
  try {
    switch (kind) {
      case "place":
      case "transfer":
      case "end":
      case "correct":
      case "cancel":
        if (
          (await randomPlacementWrite(db, rnd, kind, household, unit.id, {
            startDate: () => randomDate(rnd),
            openChance: 0.3,
            stayNights: 120,
            moveWithin: 90,
            leavesChance: 0.5,
            destination: () => "social_housing",
            correctOpenChance: 0.2,
          })) === "none"
        )
          return "none";
        break;
      case "rate":
      case "correct_rate":
      case "charge":
        if ((await randomRateWrite(db, rnd, kind, unit.id, () => randomDate(rnd))) === "none") return "none";
        break;
      case "unit":
        await randomUnitWrite(db, rnd, unit.id, {
          bedrooms: () => rnd.int(1, 4),
          inUseFrom: () => (rnd.chance(0.2) ? null : randomDate(rnd, "2024-01-01", 300)),
        });
        break;
      case "retire":
        await retireUnit(db, null, unit.id, randomDate(rnd, "2026-01-01", 300));
        break;
      case "lha":
        await db
          .updateTable("lha_rates")
          .set({ weekly_pence: rnd.int(5000, 20000) })
          .where("category", "=", rnd.pick(["shared", "1bed", "2bed", "3bed", "4bed"] as const))
          .execute();
        break;
      case "sql": {
        // As the importer or psql would: no app code, the triggers alone.
        const d = randomDate(rnd);
        await sql`UPDATE placements SET end_date = ${addDays(d, rnd.int(1, 60))}::date
                  WHERE id = (SELECT id FROM placements WHERE cancelled_at IS NULL AND start_date < ${d}::date AND end_date IS NULL
                              ORDER BY id LIMIT 1)`.execute(db);
        break;
      }
    }
    return kind;
  } catch (e) {
    if (e instanceof Refusal) return `${kind} refused`;
    throw e;
  }
}

/** Every figure read through the kept months equals the same computed afresh. */
async function expectKeptEqualsAfresh(day: IsoDate) {
  const db = t.db;
  const page = await spendPageNow(db, day, 28, true);
  expect(page).toEqual(await spendPageNow(db, day, 28, false));
  // Every group of the financial-year views, and the year to date, as spendBy prices them.
  for (const view of ["ta_type", "provider", "district"] as const)
    expect(page[view], `${view} on ${day}`).toEqual(await spendView(db, day, view));
  expect(page.forecast).toEqual(await forecastYear(db, day));
  expect(await monthlySpend(db, day, 24, true)).toEqual(await monthlySpend(db, day, 24, false));
  expect(await spendView(db, day, "month")).toEqual(await spendView(db, day, "month", false));
}

describe(`spend of closed months kept on write on ${ENGINE}`, () => {
  it(
    `equals spend computed afresh after ${WRITES} random writes`,
    async () => {
      const rnd = new Random(20261207);
      const done: Record<string, number> = {};
      for (let i = 0; i < WRITES; i += BATCH) {
        for (let j = 0; j < BATCH; j++) {
          const k = await randomWrite(rnd);
          done[k] = (done[k] ?? 0) + 1;
        }
        await expectKeptEqualsAfresh(rnd.pick(DAYS));
      }
      for (const day of DAYS) await expectKeptEqualsAfresh(day);
      console.log(JSON.stringify(done));
      // Writes were made and refused of each kind, and months were kept.
      expect(done.place).toBeGreaterThan(10);
      const kept = await t.db
        .selectFrom("spend_month_totals")
        .select(sql<string>`to_char(month, 'YYYY-MM-DD')`.as("month"))
        .execute();
      expect(kept.length).toBeGreaterThan(10);
      // The financial year's closed months kept per group, with real figures of every kind.
      const groups = await t.db.selectFrom("spend_month_groups").selectAll().execute();
      expect(new Set(groups.map((g) => g.kind))).toEqual(new Set(["done", "all", "ta_type", "provider", "district"]));
      expect(groups.filter((g) => g.kind === "done").length).toBeGreaterThan(3);
      expect(groups.filter((g) => g.kind === "ta_type" && Number(g.gross_pence) > 0).length).toBeGreaterThan(3);
      expect(groups.some((g) => g.kind === "provider" && Number(g.subsidy_pence) > 0)).toBe(true);
      expect(groups.some((g) => g.kind === "district" && Number(g.void_pence) > 0)).toBe(true);
      expect(groups.some((g) => Number(g.unknown_subsidy_nights) > 0)).toBe(true);
      // Every kept month's groups are the month computed afresh, alone (computed in a
      // transaction that first drops it, and rolled back).
      let withRows = 0;
      const isoMonth = (m: unknown) => (m instanceof Date ? m.toISOString() : String(m)).slice(0, 10) as IsoDate;
      for (const g of groups.filter((x) => x.kind === "done")) {
        const month = isoMonth(g.month);
        const day = addMonths(financialYearStart(month), 12);
        const keptRows = await keptGroups(t.db, month, addMonths(month, 1), day);
        let afresh: typeof keptRows = [];
        await t.db
          .transaction()
          .execute(async (trx) => {
            await sql`DELETE FROM spend_month_groups WHERE month = ${month}::date`.execute(trx);
            afresh = await keptGroups(trx, month, addMonths(month, 1), day);
            throw new Error("roll back");
          })
          .catch((e: Error) => expect(e.message).toBe("roll back"));
        const order = (xs: typeof keptRows) => [...xs].sort((a, b) => `${a.kind} ${a.row.key}`.localeCompare(`${b.kind} ${b.row.key}`));
        if (keptRows.length > 0) withRows++;
        expect(order(keptRows), `groups of ${month}`).toEqual(order(afresh));
      }
      expect(withRows).toBeGreaterThan(3);
      // Every kept row is the month computed afresh, alone.
      for (const { month } of kept) {
        const [afresh] = await spendBy(t.db, { from: month as IsoDate, to: addMonths(month as IsoDate, 1), group: "month" });
        const [k] = (await keptMonths(t.db, month as IsoDate, addMonths(month as IsoDate, 1), "2026-11-23")).values();
        expect(k).toEqual(afresh ?? emptyRow(month.slice(0, 7), month.slice(0, 7)));
      }
    },
    ENGINE === "pglite" ? 60_000 : 120_000,
  );

  it("drops only the months a placement's nights touch, and every month on from a rate's start", async () => {
    const db = t.db;
    const day: IsoDate = "2026-11-23";
    const months = async () =>
      (
        await db
          .selectFrom("spend_month_totals")
          .select(sql<string>`to_char(month, 'YYYY-MM')`.as("m"))
          .orderBy("month")
          .execute()
      ).map((r) => r.m);
    const h = (await makeHousehold(db)).id;
    // A new unit drops every month (it may be paid for every night).
    const u = await makeUnit(db);
    expect(await months()).toEqual([]);
    await monthlySpend(db, day); // the 23 closed months of the 24 kept
    const before = await months();
    expect(before).toHaveLength(23);
    expect(before).toContain("2025-03");
    await placeHousehold(db, null, { householdId: h, unitId: u.id, startDate: "2025-03-10", endDate: "2025-05-02", decision: EMERGENCY });
    expect(await months()).toEqual(before.filter((m) => m < "2025-03" || m > "2025-05"));
    await monthlySpend(db, day);
    await addRate(db, null, u.id, { effectiveFrom: "2025-09-15", amount: 5000, basis: "night" });
    expect(await months()).toEqual(before.filter((m) => m < "2025-09"));
    await expectKeptEqualsAfresh(day);
    // A rolled-back write drops nothing.
    await monthlySpend(db, day);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`UPDATE unit_rates SET amount_pence = amount_pence + 1`.execute(trx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await months()).toEqual(before);
  });

  it("drops a month's groups with its figures, from the month before a rate's start; a setting or an invoice drops nothing", async () => {
    const db = t.db;
    const day: IsoDate = "2026-11-23";
    const monthsOf = async (table: "spend_month_totals" | "spend_month_groups") =>
      (
        await db
          .selectFrom(table)
          .select(sql<string>`to_char(month, 'YYYY-MM')`.as("m"))
          .distinct()
          .orderBy("m")
          .execute()
      ).map((r) => r.m);
    const h = (await makeHousehold(db)).id;
    const u = await makeUnit(db, { ta_type_code: "private_leased" });
    expect(await monthsOf("spend_month_groups")).toEqual([]);
    await spendPageNow(db, day);
    const year = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
    expect(await monthsOf("spend_month_groups")).toEqual(year);
    const totals = await monthsOf("spend_month_totals");
    expect(totals).toHaveLength(23);
    // Settings (the council's name and district) and invoices are read by no kept figure.
    await setSetting(db, "council_name", "Anytown Borough Council");
    await setSetting(db, "council_gss", "E08000012");
    const provider = await db.selectFrom("providers").select("id").orderBy("id").executeTakeFirstOrThrow();
    await createInvoice(db, null, { providerId: provider.id, invoiceRef: "SPEND-KEPT-1", receivedOn: "2026-11-20", lines: [] });
    expect(await monthsOf("spend_month_groups")).toEqual(year);
    expect(await monthsOf("spend_month_totals")).toEqual(totals);
    // A stay from 10 May to 2 June drops May and June, figures and groups.
    await placeHousehold(db, null, { householdId: h, unitId: u.id, startDate: "2026-05-10", endDate: "2026-06-02", decision: EMERGENCY });
    expect(await monthsOf("spend_month_groups")).toEqual(year.filter((m) => m < "2026-05" || m > "2026-06"));
    expect(await monthsOf("spend_month_totals")).toEqual(totals.filter((m) => m < "2026-05" || m > "2026-06"));
    await expectKeptEqualsAfresh(day);
    // A rate from 1 September ends the spans before it on 31 August: groups from August, figures from September.
    await addRate(db, null, u.id, { effectiveFrom: "2026-09-01", amount: 4000, basis: "night" });
    expect(await monthsOf("spend_month_groups")).toEqual(year.filter((m) => m < "2026-08"));
    expect(await monthsOf("spend_month_totals")).toEqual(totals.filter((m) => m < "2026-09"));
    await expectKeptEqualsAfresh(day);
    // Spans ending exactly where the open month begins (a stay ending on 1 November, a rate
    // from 1 November cutting a stay running through it) are kept in October, and counted once.
    const h2 = (await makeHousehold(db)).id;
    await placeHousehold(db, null, { householdId: h, unitId: u.id, startDate: "2026-10-03", endDate: "2026-11-01", decision: EMERGENCY });
    await placeHousehold(db, null, { householdId: h2, unitId: u.id, startDate: "2026-11-01", endDate: null, decision: EMERGENCY });
    const u2 = await makeUnit(db, { ta_type_code: "bnb" });
    await addRate(db, null, u2.id, { effectiveFrom: "2026-01-01", amount: 3100, basis: "week" });
    const h3 = (await makeHousehold(db)).id;
    await placeHousehold(db, null, { householdId: h3, unitId: u2.id, startDate: "2026-07-20", endDate: null, decision: EMERGENCY });
    await addRate(db, null, u2.id, { effectiveFrom: "2026-11-01", amount: 3300, basis: "week" });
    await expectKeptEqualsAfresh(day);
    await expectKeptEqualsAfresh("2026-11-01");
    await expectKeptEqualsAfresh(day);
    // A unit's own district: the district view's groups, not the months' figures.
    const totalsNow = await monthsOf("spend_month_totals");
    expect(totalsNow.length).toBeGreaterThan(20);
    await db.updateTable("units").set({ district_gss: "E08000013" }).where("id", "=", u.id).execute();
    expect(await monthsOf("spend_month_groups")).toEqual([]);
    expect(await monthsOf("spend_month_totals")).toEqual(totalsNow);
    const page = await spendPageNow(db, day);
    expect(page.district.find((r) => r.key === "E08000013")?.voidNights).toBeGreaterThan(0);
    await expectKeptEqualsAfresh(day);
  });

  it("keeps only closed months for the day asked", async () => {
    await expect(keptMonths(t.db, "2026-10-01", "2026-12-01", "2026-11-23")).rejects.toThrow("not closed");
    // On the first of a month the month before is closed.
    const open = startOfMonth("2026-11-01");
    expect([...(await keptMonths(t.db, "2026-10-01", open, "2026-11-01")).keys()]).toEqual(["2026-10"]);
  });
});
