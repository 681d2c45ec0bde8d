import { describe, expect, it } from "vitest";
import { capKey, groupIndex, runForecast, type Change, type UnitsChange } from "~/features/forecast/model";
import type { ForecastInputs } from "~/features/forecast/inputs.server";

// A council by hand: nobody leaves, nobody arrives; 10 families in B&B and 20 other
// households in nightly-paid self-contained accommodation, all needing two bedrooms.
// B&B costs £100 a night (subsidy £20), nightly paid £80 (subsidy £30), over 91 nights.
const N = 91;
function inputs(): ForecastInputs {
  return {
    origin: "2027-04-01",
    survival: new Float64Array(10).fill(1),
    kmEpisodes: 0,
    kmEnded: 0,
    current: [
      { duration: 50, group: groupIndex(1, 2, true), bnbNights: 20, n: 10 },
      { duration: 50, group: groupIndex(2, 2, false), bnbNights: 0, n: 20 },
    ],
    currentByProvider: [],
    monthlyArrivals: [],
    arrivalsLastYear: 0,
    mixCounts: [],
    prices: [
      { cat: 1, beds: 2, providerId: 1, nights: N, grossPence: 10_000 * N, subsidyPence: 2_000 * N },
      { cat: 2, beds: 2, providerId: 2, nights: N, grossPence: 8_000 * N, subsidyPence: 3_000 * N },
    ],
    voids: [],
    units: [],
    // subsidy_cap for the Area BRMA (LHA 1-bed £100, 2-bed £150, outside London): shared rooms
    // the 1-bed rate; self-contained 90% of the rate for the size (no 3- or 4-bed figure: unknown).
    subsidyCaps: Object.fromEntries(
      [1, 2, 3, 4].flatMap((b) => [
        [capKey("Area", false, b), { weeklyCapPence: 10_000, reason: null }],
        [
          capKey("Area", true, b),
          b <= 2 ? { weeklyCapPence: [9_000, 13_500][b - 1], reason: null } : { weeklyCapPence: null, reason: "No LHA rate for Area" },
        ],
      ]),
    ),
    districts: [{ gss: "E1", brma: "Area", inLondon: false, units: 10 }],
    taTypes: [
      { code: "bnb", name: "B&B", cat: 1, paidFor: "occupied_nights" },
      { code: "nightly", name: "Nightly", cat: 2, paidFor: "occupied_nights" },
      { code: "leased", name: "Leased", cat: 4, paidFor: "every_night" },
    ],
    providers: [
      { id: 1, name: "Hotel" },
      { id: 2, name: "Agent" },
    ],
    budgets: [{ year: 2027, pence: 100_000_000 }],
    paidThisYearPence: 0,
    councilGss: "E1",
  };
}

const lease = (count: number): UnitsChange => ({
  kind: "units",
  action: "add",
  count,
  taType: "leased",
  bedrooms: 2,
  district: null,
  ratePence: 7_000,
  basis: "week",
  paidFor: "every_night",
  from: "2027-04-01",
});

// £70 a week is £10 a night; its subsidy min(£135 cap, £70 rent) a week, £10 a night (priced in SQL
// by priceNewUnits: tested against these figures in forecast.db.test.ts).
const LEASE_PRICE = [{ gross: 1_000, subsidy: 1_000, capReason: null }];

describe("scenarios by hand", () => {
  it("prices the baseline at the recent cost per night: April, 30 nights", () => {
    const april = runForecast(inputs(), [], 1).months[0];
    expect(april.nights).toBe(30);
    expect(april.households.mean).toBe(30);
    expect(april.familiesInBnb.mean).toBe(10);
    // 10 × £100 + 20 × £80 = £2,600 a night; subsidy 10 × £20 + 20 × £30 = £800
    expect(april.grossPence).toBe(260_000 * 30);
    expect(april.subsidyPence).toBe(80_000 * 30);
    expect(april.netPence).toBe(180_000 * 30);
    // B&B nights 20 + 30 on the last night: all 10 families past six weeks
    expect(april.breaches).toBe(10);
  });

  it("lets 15 leased flats to the families in B&B first, then the costliest: £10 a night, subsidy £10 (90% of £150 caps at £135 a week, above the rent)", () => {
    const april = runForecast(inputs(), [lease(15)], 1, LEASE_PRICE).months[0];
    expect(april.familiesInBnb.mean).toBe(0);
    expect(april.breaches).toBe(0);
    expect(april.inNewUnits).toBe(15);
    // 15 × £80 nightly paid + 15 × £10 leased = £1,350 a night; subsidy 15 × £30 + 15 × £10 = £600
    expect(april.grossPence).toBe(135_000 * 30);
    expect(april.subsidyPence).toBe(60_000 * 30);
    expect(april.voidNights).toBe(0);
    expect(april.byCat).toEqual([0, 15, 0, 15, 0, 0]);
  });

  it("leaves leased flats nobody needs void, and pays for them when paid every night", () => {
    const april = runForecast(inputs(), [lease(40)], 1, LEASE_PRICE).months[0];
    expect(april.inNewUnits).toBe(30);
    expect(april.voidNights).toBe(10 * 30);
    expect(april.voidPence).toBe(10 * 1_000 * 30);
    expect(april.grossPence).toBe(30 * 1_000 * 30);
  });

  it("reprices a provider's share: the hotel's rates 10% lower from the first night", () => {
    const april = runForecast(inputs(), [{ kind: "provider", providerId: 1, action: "rates", basisPoints: -1000, from: "2027-04-01" }], 1)
      .months[0];
    expect(april.grossPence).toBe((10 * 9_000 + 20 * 8_000) * 30);
    expect(april.subsidyPence).toBe(80_000 * 30);
  });

  it("ending the only B&B provider prices its households at the other providers' average: £80 a night, subsidy £30", () => {
    const april = runForecast(inputs(), [{ kind: "provider", providerId: 1, action: "end", basisPoints: 0, from: "2027-04-01" }], 1)
      .months[0];
    expect(april.grossPence).toBe(30 * 8_000 * 30);
    expect(april.subsidyPence).toBe(30 * 3_000 * 30);
  });

  it("removing 4 fully occupied two-bedroom B&B units moves 4 families to nightly-paid accommodation", () => {
    const i = inputs();
    i.units = [{ cat: 1, beds: 2, providerId: 1, units: 10, occupied: 10, everyNight: 0 }];
    const removal: Change = { ...lease(4), action: "remove", taType: "bnb" };
    const april = runForecast(i, [removal], 1).months[0];
    expect(april.familiesInBnb.mean).toBe(6);
    expect(april.byCat).toEqual([6, 24, 0, 0, 0, 0]);
    expect(april.grossPence).toBe((6 * 10_000 + 24 * 8_000) * 30);
  });

  it("shortens stays from the change's day: half leave after 31 nights, so 10% shorter stays have them gone by night 28", () => {
    const i = inputs();
    i.survival = Float64Array.from({ length: 200 }, (_, t) => (t < 31 ? 1 : 0.5));
    i.current = [{ duration: 0, group: groupIndex(2, 2, false), bnbNights: 0, n: 100 }];
    // 30 April is night 29: S(29) = 1, but S(29 / 0.9) = S(32.2) = 0.5.
    expect(runForecast(i, [], 1).months[0].households.mean).toBe(100);
    const shorter = runForecast(i, [{ kind: "stay", basisPoints: -1000, trial: null, from: "2027-04-01" }], 1).months[0];
    expect(shorter.households.mean).toBe(50);
    // From 1 May (night 30) it changes nothing in April.
    expect(runForecast(i, [{ kind: "stay", basisPoints: -1000, trial: null, from: "2027-05-01" }], 1).months[0].households.mean).toBe(100);
  });

  it("refers the budget to the financial year the months fall in", () => {
    const f = runForecast(inputs(), [], 1);
    expect(f.budgets).toEqual([
      { year: 2027, budgetPence: 100_000_000, paidToDatePence: 0, forecastPence: 260_000 * 30, monthsCovered: 1 },
    ]);
  });

  it("refuses to run added units that were not priced", () => {
    expect(() => runForecast(inputs(), [lease(15)], 1)).toThrow("Added units must be priced first");
  });
});
