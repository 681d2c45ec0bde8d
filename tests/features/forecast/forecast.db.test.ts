import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { forecastInputs, priceNewUnits, type ForecastInputs } from "~/features/forecast/inputs.server";
import { capKey, runForecast, type Change } from "~/features/forecast/model";
import { readScenarioForm, saveScenario, listScenarios, trialEffect } from "~/features/forecast/scenarios.server";
import { backtestOrigins } from "~/features/forecast/backtests.server";
import { lengthOfStay, statutoryCounts } from "~/features/reports/reports.server";
import { totals } from "~/features/forecast/views.server";

// The demo council as browser tests see it (2026-11-23), at the size `waypoint demo` loads.
const TODAY = "2026-11-23";
let t: TestDatabase;
let inputs: ForecastInputs;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: TODAY, households: 1500, years: 5 });
  inputs = await forecastInputs(t.db, TODAY);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

const LEASE: Change = {
  kind: "units",
  action: "add",
  count: 100,
  taType: "private_leased",
  bedrooms: 2,
  district: null,
  ratePence: 17_500,
  basis: "week",
  paidFor: "every_night",
  from: "2027-04-01",
};

const form = (over: Record<string, string>) => ({
  name: "Lease 100 two-bedroom flats",
  unitsAction: "add",
  unitsCount: "100",
  unitsTaType: "private_leased",
  unitsBedrooms: "2",
  unitsDistrict: "",
  unitsRate: "175.00",
  unitsBasis: "week",
  unitsPaidFor: "every_night",
  "unitsFrom-day": "1",
  "unitsFrom-month": "4",
  "unitsFrom-year": "2027",
  ...over,
});

describe(`forecast on the demo council on ${ENGINE}`, { timeout: 300_000 }, () => {
  it("starts from the households TA1 counts, the length-of-stay report's episodes and a year of arrivals", async () => {
    const { ta1 } = await statutoryCounts(t.db, TODAY);
    const current = inputs.current.reduce((s, c) => s + c.n, 0);
    expect(current).toBe(ta1.total);
    const inBnb = inputs.current.filter((c) => Math.floor(c.group / 8) === 0).reduce((s, c) => s + c.n, 0);
    expect(inBnb).toBe(ta1.bnb);
    const los = await lengthOfStay(t.db, TODAY, "none");
    expect(inputs.kmEpisodes).toBe(los.all.episodes);
    expect(inputs.kmEnded).toBe(los.all.ended);
    const year = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM episodes WHERE start_date >= '2025-11-23' AND start_date < '2026-11-23'`.execute(t.db);
    expect(inputs.arrivalsLastYear).toBe(Number(year.rows[0].n));
    expect(inputs.monthlyArrivals).toHaveLength(36);
  });

  it("prices added units by the money rules in SQL: a week's cost and its subsidy under the cap, each over seven nights", async () => {
    // A hand-made area: LHA caps of £135 a week (self-contained, 2 bedrooms) and £100 (shared), unknown for 3 bedrooms.
    const by = {
      subsidyCaps: {
        [capKey("Area", true, 2)]: { weeklyCapPence: 13_500, reason: null },
        [capKey("Area", false, 2)]: { weeklyCapPence: 10_000, reason: null },
        [capKey("Area", true, 3)]: { weeklyCapPence: null, reason: "No LHA rate for Area" },
      },
      districts: [{ gss: "E1", brma: "Area", inLondon: false, units: 1 }],
      taTypes: [
        { code: "leased", name: "Leased", cat: 4, paidFor: "every_night" as const },
        { code: "bnb", name: "B&B", cat: 1, paidFor: "occupied_nights" as const },
      ],
      councilGss: "E1",
    };
    const add = (over: Partial<Extract<Change, { kind: "units" }>>): Change => ({ ...LEASE, taType: "leased", district: null, ...over });
    const prices = await priceNewUnits(t.db, by, [
      add({ ratePence: 7_000, basis: "week" }), // £70 a week: under the £135 cap
      add({ ratePence: 21_000, basis: "week" }), // £210 a week: the cap, £135
      add({ ratePence: 2_500, basis: "night", taType: "bnb" }), // £25 a night, shared: £175 a week, capped at £100
      { kind: "stay", basisPoints: -1000, trial: null, from: "2027-04-01" },
      add({ ratePence: 7_000, basis: "week", bedrooms: 3 }), // no cap known: no subsidy, and why
    ]);
    expect(prices).toEqual([
      { gross: 1_000, subsidy: 1_000, capReason: null },
      { gross: 3_000, subsidy: 13_500 / 7, capReason: null },
      { gross: 2_500, subsidy: 10_000 / 7, capReason: null },
      null,
      { gross: 1_000, subsidy: 0, capReason: "No LHA rate for Area" },
    ]);
  });

  it("leasing 100 two-bedroom flats at £175 a week from April: fewer families in B&B from April, none before, and a lower net cost", async () => {
    const base = runForecast(inputs, [], 24);
    const lease = runForecast(inputs, [LEASE], 24, await priceNewUnits(t.db, inputs, [LEASE]));
    const month = (f: typeof base, m: string) => f.months.find((x) => x.month === m)!;
    expect(month(lease, "2027-03").familiesInBnb.mean).toBe(month(base, "2027-03").familiesInBnb.mean);
    expect(month(lease, "2027-03").netPence).toBe(month(base, "2027-03").netPence);
    const aprB = month(base, "2027-04");
    const aprL = month(lease, "2027-04");
    expect(aprL.inNewUnits).toBe(100);
    expect(aprL.familiesInBnb.mean).toBeLessThan(aprB.familiesInBnb.mean);
    expect(aprL.breaches).toBeLessThan(aprB.breaches);
    expect(aprL.netPence).toBeLessThan(aprB.netPence);
    expect(aprL.households.mean).toBeCloseTo(aprB.households.mean, 9);
    // The figures docs/reports.md quotes: April's families in B&B and net cost, and the first 12 months' net cost.
    expect(aprB.familiesInBnb.mean).toBeCloseTo(27.7, 2);
    expect(aprL.familiesInBnb.mean).toBeCloseTo(12.17, 2);
    expect(aprB.netPence).toBe(207_976_022);
    expect(aprL.netPence).toBe(188_733_058);
    expect(totals(base, 12).netPence).toBe(2_395_409_276);
    expect(totals(lease, 12).netPence).toBe(2_257_481_742);
  });

  it("takes a finished trial's measured effect with its interval, and refuses an unfinished one", async () => {
    const ids = await t.db.selectFrom("trials").select(["id", "name"]).execute();
    const moveOn = ids.find((x) => x.name === "Move-on offer at day 28")!;
    const prevention = ids.find((x) => x.name === "Prevention call for families")!;
    const e = await trialEffect(t.db, Number(moveOn.id), TODAY);
    expect(e.ok).toBe(true);
    if (e.ok) {
      expect(e.basisPoints).toBeLessThan(0);
      expect(e.effect.lowerBp).toBeLessThan(e.basisPoints);
      expect(e.effect.upperBp).toBeGreaterThan(e.basisPoints);
      const f = runForecast(inputs, [{ kind: "stay", basisPoints: e.basisPoints, trial: e.effect, from: TODAY }], 12);
      const base = runForecast(inputs, [], 12);
      expect(f.months[11].households.mean).toBeLessThan(base.months[11].households.mean);
      expect(f.trialRange!.lower[11].households).toBeLessThan(f.trialRange!.upper[11].households);
    }
    const u = await trialEffect(t.db, Number(prevention.id), TODAY);
    expect(u).toEqual({ ok: false, message: expect.stringContaining("has not finished") });
  });

  it("refuses negative units, a start before the data ends, a rate outside the money rules and an unfinished trial, and saves nothing", async () => {
    const prevention = await t.db
      .selectFrom("trials")
      .select("id")
      .where("name", "=", "Prevention call for families")
      .executeTakeFirstOrThrow();
    const r = await readScenarioForm(
      t.db,
      form({
        unitsCount: "-5",
        unitsRate: "100000.01",
        "unitsFrom-year": "2026",
        "unitsFrom-month": "11",
        "unitsFrom-day": "22",
        stayAction: "trial",
        stayTrialId: String(prevention.id),
        "stayFrom-day": "1",
        "stayFrom-month": "4",
        "stayFrom-year": "2027",
      }),
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.unitsCount).toBe("The number of units must be 1 or more");
      expect(r.errors.unitsRate).toBe("The rate must be £100,000.00 or less");
      expect(r.errors.unitsFrom).toBe(
        "The date must be on or after 23 November 2026: the data ends on 22 November 2026, and the forecast starts after it",
      );
      expect(r.errors.stayTrialId).toMatch(/^Prevention call for families has not finished/);
    }
    const none = await readScenarioForm(t.db, { name: "Nothing" }, TODAY);
    expect(none).toEqual({
      ok: false,
      errors: { unitsAction: "Describe at least one change: units, a provider's rates or length of stay" },
    });
    expect(await listScenarios(t.db)).toEqual([]);
  });

  it("saves a scenario with its changes and an audit row, and refuses its name again", async () => {
    const r = await readScenarioForm(t.db, form({}), TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.changes).toEqual([LEASE]);
    const id = await saveScenario(t.db, null, r.data, TODAY);
    const [s] = await listScenarios(t.db, [id]);
    expect(s).toMatchObject({ name: "Lease 100 two-bedroom flats", madeOn: TODAY, changes: [LEASE] });
    const audited = await t.db.selectFrom("audit_events").select("action").where("entity", "=", "forecast_scenario").execute();
    expect(audited).toEqual([{ action: "create" }]);
    const again = await readScenarioForm(t.db, form({ name: "lease 100 TWO-bedroom flats" }), TODAY);
    expect(again.ok ? null : again.errors.name).toBe("A scenario with this name already exists: choose another name");
  });

  it("backtests from each quarter end of the last two years", () => {
    expect(backtestOrigins(TODAY)).toEqual([
      "2024-12-31",
      "2025-03-31",
      "2025-06-30",
      "2025-09-30",
      "2025-12-31",
      "2026-03-31",
      "2026-06-30",
      "2026-09-30",
    ]);
  });
});
