/**
 * Reconciled by construction, and proved: on every night of a year of the demo council,
 * Today's headline counts and lists equal TA1's lines and the households behind them,
 * household by household. Both read the same SQL (db/definitions/households-in-ta.ts), so
 * a rule changed in one place changes both pages; this test fails if a page grows its own
 * copy again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { addDays, type IsoDate } from "~/lib/dates";
import { inTaOn } from "~/features/reports/headline.server";
import { bnbWarnings, awaitingPlacement } from "~/features/casework/today.server";
import { householdsBehind, statutoryCounts, LIST_PAGE_SIZE } from "~/features/reports/reports.server";
import type { Ta1Line } from "~/features/reports/reports";

const TODAY = "2026-11-23";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: TODAY, households: 300, years: 1 });
}, 600_000);
afterAll(async () => {
  await t?.close();
});

/** Every household behind a TA1 line on a night, through the drill-down pages. */
async function behind(line: Ta1Line, asOf: IsoDate): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = await householdsBehind(t.db, { asOf, line }, page);
    ids.push(...r.rows.map((x) => Number(x.id)));
    if (page >= r.pages || r.rows.length < LIST_PAGE_SIZE) break;
  }
  return ids.sort((a, b) => a - b);
}

const sorted = (xs: { householdId: number }[]) => xs.map((x) => x.householdId).sort((a, b) => a - b);

describe(`Today and TA1 on ${ENGINE}`, () => {
  it("agree on every night of the year, household by household", { timeout: 1_200_000 }, async () => {
    let nights = 0,
      breachNights = 0,
      under18Nights = 0,
      compared = 0;
    let last = "";
    for (let d = addDays(TODAY, -364); d <= TODAY; d = addDays(d, 1)) {
      const [{ ta1 }, headline, bnb, awaiting] = await Promise.all([
        statutoryCounts(t.db, d),
        inTaOn(t.db, d),
        bnbWarnings(t.db, d),
        awaitingPlacement(t.db, d),
      ]);
      expect({ night: d, households: headline.households, bnb: headline.bnb, withChildren: headline.withChildren }).toEqual({
        night: d,
        households: ta1.total,
        bnb: ta1.bnb,
        withChildren: ta1.with_children,
      });
      expect({ night: d, breaches: bnb.breaches.length, under18: bnb.under18.length, awaiting: awaiting.total }).toEqual({
        night: d,
        breaches: ta1.bnb_with_children_over_6_weeks,
        under18: ta1.bnb_16_17,
        awaiting: ta1.no_accommodation_secured,
      });
      // The households behind the lines, whenever the lists change (they change slowly).
      const key = JSON.stringify([sorted(bnb.breaches), sorted(bnb.under18)]);
      if (key !== last) {
        expect(await behind("bnb_with_children_over_6_weeks", d), `breaches on ${d}`).toEqual(sorted(bnb.breaches));
        expect(await behind("bnb_16_17", d), `16 and 17 year olds on ${d}`).toEqual(sorted(bnb.under18));
        compared++;
        last = key;
      }
      nights++;
      if (bnb.breaches.length) breachNights++;
      if (bnb.under18.length) under18Nights++;
    }
    expect(nights).toBe(365);
    // The walk means something: breaches and under-18s occur, and the lists change.
    expect(breachNights).toBeGreaterThan(20);
    expect(compared).toBeGreaterThan(5);
    console.log(
      `${nights} nights: breaches on ${breachNights}, 16/17-year-olds in B&B on ${under18Nights}, drill-downs compared ${compared} times`,
    );
  });
});
