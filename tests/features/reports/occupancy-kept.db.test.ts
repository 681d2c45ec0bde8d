/**
 * The occupancy kept on write (occupancy_changes, ADR 0016) always equals the occupancy
 * computed from scratch from the calendar and the units: after a random sequence of
 * placements, transfers, ends, corrections, cancellations, out-of-service periods, new
 * units, retirements, changes of type and span, a bulk calendar statement, and a
 * compaction, for random periods, totals and per-night counts, all units and per TA type.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import {
  occupancyDaily,
  occupancyDailyFromCalendar,
  occupancyTotals,
  occupancyTotalsFromCalendar,
  type OccupancyGroup,
} from "~/features/reports/reports.server";
import {
  cancelPlacement,
  correctPlacementDates,
  endPlacement,
  placeHousehold,
  transferHousehold,
} from "~/features/placements/placements.server";
import { addOutOfService, cancelOutOfService, retireUnit } from "~/features/stock/stock.server";
import { addDays, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";

let t: TestDatabase;
const TYPES = ["bnb", "nightly_self_contained", "hostel", "private_leased"];
const BASE: IsoDate = "2025-01-01";
const day = (rnd: Random, lo = 0, hi = 400) => addDays(BASE, rnd.int(lo, hi));

async function compareAll(rnd: Random, label: string) {
  const periods: [IsoDate, IsoDate][] = [
    ["2024-06-01", "2026-06-30"],
    ["2025-01-01", "2025-01-01"],
    ["2020-01-01", "2030-12-31"],
  ];
  for (let i = 0; i < 6; i++) {
    const a = day(rnd, -60, 420);
    periods.push([a, addDays(a, rnd.int(0, 200))]);
  }
  for (const [from, to] of periods) {
    for (const group of ["all", "ta_type"] as OccupancyGroup[]) {
      const kept = await occupancyTotals(t.db, { from, to, group });
      const live = await occupancyTotalsFromCalendar(t.db, { from, to, group });
      expect(kept, `${label} totals ${group} ${from}..${to}`).toEqual(live);
      const keptDaily = await occupancyDaily(t.db, { from, to, group });
      const liveDaily = await occupancyDailyFromCalendar(t.db, { from, to, group });
      expect([...keptDaily.entries()], `${label} daily ${group} ${from}..${to}`).toEqual([...liveDaily.entries()]);
    }
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("occupancy kept on write", () => {
  it("equals the computation from the calendar after a random sequence of writes", { timeout: 240_000 }, async () => {
    const rnd = new Random(2026);
    const db = t.db;
    const units: number[] = [];
    for (let i = 0; i < 14; i++) {
      const u = await makeUnit(db, { ta_type_code: TYPES[i % TYPES.length], shared: i % 2 === 0 });
      units.push(u.id);
      if (i % 3 === 0)
        await db
          .updateTable("units")
          .set({ in_use_from: day(rnd, -100, 100) })
          .where("id", "=", u.id)
          .execute();
    }
    const households: number[] = [];
    for (let i = 0; i < 24; i++) households.push((await makeHousehold(db)).id);
    await compareAll(rnd, "empty");

    const open = async (h: number) =>
      db
        .selectFrom("placements")
        .select(["id", "unit_id", "start_date", "end_date"])
        .where("household_id", "=", h)
        .where("cancelled_at", "is", null)
        .orderBy("start_date", "desc")
        .execute();
    let applied = 0;
    for (let step = 0; step < 260; step++) {
      const h = rnd.pick(households);
      const mine = await open(h);
      const roll = rnd.int(0, 99);
      let ok = false;
      if (roll < 30 || mine.length === 0) {
        const start = day(rnd);
        const r = await settled(
          placeHousehold(db, null, {
            householdId: h,
            unitId: rnd.pick(units),
            startDate: start,
            endDate: rnd.chance(0.4) ? null : addDays(start, rnd.int(1, 120)),
          }),
        );
        ok = r.ok;
      } else if (roll < 45) {
        const p = mine[0];
        const r = await settled(
          transferHousehold(db, null, {
            householdId: h,
            placementId: p.id,
            unitId: rnd.pick(units),
            date: addDays(p.start_date, rnd.int(1, 60)),
          }),
        );
        ok = r.ok;
      } else if (roll < 58) {
        const p = mine[0];
        const r = await settled(
          endPlacement(db, null, {
            householdId: h,
            placementId: p.id,
            endDate: addDays(p.start_date, rnd.int(1, 90)),
            reason: "Left",
            leavesTa: true,
            destination: "private_rented",
          }),
        );
        ok = r.ok;
      } else if (roll < 68) {
        const p = rnd.pick(mine);
        const start = addDays(p.start_date, rnd.int(-10, 10));
        const r = await settled(
          correctPlacementDates(db, null, {
            householdId: h,
            placementId: p.id,
            startDate: start,
            endDate: rnd.chance(0.3) ? null : addDays(start, rnd.int(1, 80)),
            reason: "Typed wrong",
          }),
        );
        ok = r.ok;
      } else if (roll < 74) {
        const p = rnd.pick(mine);
        const r = await settled(cancelPlacement(db, null, { householdId: h, placementId: p.id, reason: "Booked in error" }));
        ok = r.ok;
      } else if (roll < 82) {
        const start = day(rnd);
        const r = await settled(
          addOutOfService(db, null, {
            unitId: rnd.pick(units),
            startDate: start,
            endDate: rnd.chance(0.2) ? null : addDays(start, rnd.int(1, 40)),
            reason: "Repairs",
          }),
        );
        ok = r.ok;
      } else if (roll < 86) {
        const oos = await db.selectFrom("out_of_service").select(["id", "unit_id"]).where("cancelled_at", "is", null).execute();
        if (oos.length) {
          const o = rnd.pick(oos);
          ok = (await settled(cancelOutOfService(db, null, o.unit_id, o.id))).ok;
        }
      } else if (roll < 90) {
        ok = (await settled(retireUnit(db, null, rnd.pick(units), day(rnd, 100, 500)))).ok;
      } else if (roll < 94) {
        // a change of type (an administrator's correction)
        await db
          .updateTable("units")
          .set({ ta_type_code: rnd.pick(TYPES) })
          .where("id", "=", rnd.pick(units))
          .execute();
        ok = true;
      } else if (roll < 97) {
        // a change of span straight in the table (the report clips the calendar to the span)
        const u = rnd.pick(units);
        const r = await db
          .updateTable("units")
          .set({ in_use_from: rnd.chance(0.3) ? null : day(rnd, -50, 200), retired_on: null })
          .where("id", "=", u)
          .execute()
          .then(
            () => true,
            () => false,
          );
        ok = r;
      } else {
        const u = await makeUnit(db, { ta_type_code: rnd.pick(TYPES) });
        units.push(u.id);
        ok = true;
      }
      if (ok) applied++;
      if (step % 65 === 64) await compareAll(rnd, `step ${step}`);
    }
    expect(applied).toBeGreaterThan(120);

    // A bulk statement on the calendar, as the demo load and the import write it.
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM unit_calendar WHERE placement_id IN (SELECT id FROM placements WHERE id % 3 = 0)`.execute(trx);
      await sql`INSERT INTO unit_calendar (unit_id, nights, placement_id)
                SELECT unit_id, daterange(start_date, end_date, '[)'), id FROM placements WHERE id % 3 = 0 AND cancelled_at IS NULL`.execute(
        trx,
      );
    });
    await compareAll(rnd, "bulk");

    const before = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM occupancy_changes`.execute(db)).rows[0].n);
    await sql`SELECT compact_occupancy_changes()`.execute(db);
    const after = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM occupancy_changes`.execute(db)).rows[0].n);
    expect(after).toBeLessThan(before);
    await compareAll(rnd, "compacted");

    // The comparison reads the kept figures: one stray change shows.
    const live = await occupancyTotalsFromCalendar(db, { from: "2025-01-01", to: "2025-12-31", group: "all" });
    expect(live.all.occupied).toBeGreaterThan(1000);
    await sql`INSERT INTO occupancy_changes (ta_type_code, day, occupied) VALUES ('bnb', '2025-06-01', 1)`.execute(db);
    expect((await occupancyTotals(db, { from: "2025-01-01", to: "2025-12-31", group: "all" })).all.occupied).toBe(live.all.occupied + 214);
  });
});
