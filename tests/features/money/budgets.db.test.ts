/** Budgets (issue 18, item 4): bad input refused with nothing saved; budget against paid to date and forecast. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { budgetReport, budgetSchema, parseBudgetCsv, saveBudgets, type BudgetInput } from "~/features/money/budgets.server";

let t: TestDatabase;
const TODAY = "2026-05-11";
let providerB = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  // A: private leased (paid every night), in use from 1 April 2026 at £50 a night; placed 1-10 April.
  const a = await makeUnit(db, { ta_type_code: "private_leased", shared: false });
  await db.updateTable("units").set({ in_use_from: "2026-04-01" }).where("id", "=", a.id).execute();
  await db.insertInto("unit_rates").values({ unit_id: a.id, effective_from: "2026-01-01", amount_pence: 5000, basis: "night" }).execute();
  const h = await makeHousehold(db);
  await db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: a.id, start_date: "2026-04-01", end_date: "2026-04-11", duty: "s188" })
    .execute();
  // B: nightly paid, £70 a night, placed from 1 May (open).
  const b = await makeUnit(db, { ta_type_code: "nightly_self_contained", shared: false });
  await db.insertInto("unit_rates").values({ unit_id: b.id, effective_from: "2026-01-01", amount_pence: 7000, basis: "night" }).execute();
  await db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: b.id, start_date: "2026-05-01", end_date: null, duty: "s188" })
    .execute();
  providerB = (await db.selectFrom("properties").select("provider_id").where("id", "=", b.property_id).executeTakeFirstOrThrow())
    .provider_id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const input = (over: Partial<BudgetInput>): BudgetInput => ({
  year: 2026,
  taType: "private_leased",
  providerId: null,
  costCentre: null,
  amount: 2_000_000,
  ...over,
});
const count = async () =>
  Number(
    (
      await t.db
        .selectFrom("budgets")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`budgets on ${ENGINE}`, () => {
  it("refuses a negative amount, a provider and a cost centre together, and an overlap, saving nothing", async () => {
    const neg = budgetSchema.safeParse({ year: "2026", taType: "private_leased", amount: "-10.00" });
    expect(neg.success).toBe(false);
    expect(neg.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["amount", "The budget must be £0.00 or more"]]);
    const both = budgetSchema.safeParse({ year: "2026", taType: "private_leased", providerId: "1", costCentre: "TA-01", amount: "1.00" });
    expect(both.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["costCentre", "Give a provider or a cost centre, not both"],
    ]);

    expect(await saveBudgets(t.db, null, [input({})], TODAY)).toMatchObject({ ok: true });
    // The type-wide budget covers every provider of the type: a provider's budget of the same year overlaps it.
    const r = await saveBudgets(
      t.db,
      null,
      [input({ taType: "nightly_self_contained", providerId: providerB, amount: 500_000 }), input({ providerId: providerB })],
      TODAY,
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          index: 1,
          field: "taType",
          message: expect.stringMatching(/^The budget overlaps one already set: Private sector leased in 2026 to 2027$/),
        },
      ],
    });
    // Two in one set that overlap each other; a year out of range.
    const r2 = await saveBudgets(
      t.db,
      null,
      [input({ taType: "hostel", costCentre: "H1" }), input({ taType: "hostel" }), input({ year: 2031, taType: "bnb" })],
      TODAY,
    );
    expect(r2.ok).toBe(false);
    if (!r2.ok)
      expect(r2.problems.map((p) => [p.index, p.field])).toEqual([
        [1, "taType"],
        [2, "year"],
      ]);
    expect(await count()).toBe(1);
    // Different providers, or different cost centres, of one type do not overlap.
    expect(
      await saveBudgets(
        t.db,
        null,
        [
          input({ taType: "nightly_self_contained", providerId: providerB, amount: 500_000 }),
          input({ taType: "hostel", costCentre: "H1", amount: 0 }),
          input({ taType: "hostel", costCentre: "H2", amount: 0 }),
        ],
        TODAY,
      ),
    ).toMatchObject({ ok: true });
    expect(await count()).toBe(4);
  });

  it("holds each budget against paid to date (occupied and void) and the run-rate forecast", async () => {
    const lines = await budgetReport(t.db, TODAY, 2026);
    const leased = lines.find((l) => l.taType === "private_leased")!;
    // A: 10 nights occupied and 30 empty (11 April to 10 May) at £50 = £2,000; the last 28 nights all empty: £1,400,
    // spread over the 325 nights from 11 May to 31 March: £16,250. Forecast £18,250; budget £20,000.
    expect([leased.budgetPence, leased.toDatePence, leased.forecastPence, leased.variancePence]).toEqual([
      2_000_000, 200_000, 1_825_000, 175_000,
    ]);
    // B's provider: 10 nights at £70 = £700 to date; 28 nights' run-rate: 10 nights = £700, over 325 nights: £8,125.
    const nsc = lines.find((l) => l.taType === "nightly_self_contained")!;
    expect([nsc.toDatePence, nsc.forecastPence, nsc.variancePence]).toEqual([70_000, 70_000 + 812_500, 500_000 - 882_500]);
    // A cost centre's budget has no spend to compare (units carry no cost centre).
    expect(lines.filter((l) => l.costCentre !== null).map((l) => [l.costCentre, l.toDatePence, l.variancePence])).toEqual([
      ["H1", null, null],
      ["H2", null, null],
    ]);
  });

  it("reads a budget file, refusing it whole with each row's reason", async () => {
    const providers = new Map([["jones lettings", 7]]);
    expect(
      parseBudgetCsv(
        'financial_year,ta_type,provider,cost_centre,amount\n2027-28,bnb,Jones Lettings,,"1,000.00"\n2027,hostel,,C9,0\n',
        providers,
      ),
    ).toEqual({
      ok: true,
      rows: [
        { year: 2027, taType: "bnb", providerId: 7, costCentre: null, amount: 100_000 },
        { year: 2027, taType: "hostel", providerId: null, costCentre: "C9", amount: 0 },
      ],
    });
    expect(
      parseBudgetCsv(
        "financial_year,ta_type,provider,cost_centre,amount\n2027-29,bnb,,,1\n2027,bnb,Nobody,,1\n2027,bnb,,,-5.00\n",
        providers,
      ),
    ).toEqual({
      ok: false,
      problems: [
        { row: 2, message: "financial_year must be the year it starts, like 2026 or 2026-27" },
        { row: 3, message: "No provider called Nobody" },
        { row: 4, message: "The budget must be £0.00 or more" },
      ],
    });
  });
});
