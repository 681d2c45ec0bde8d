/**
 * episodes.entry_ta_type is kept on write by triggers (db/definitions/episode-facts.ts).
 * After a random sequence of every kind of write that can change it (place, transfer,
 * end, correct, cancel, a unit moved to another TA type, and the demo bulk load beneath
 * it all), it must equal the TA type of the episode's first placement's unit, and what
 * a fresh refresh of every episode writes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import { loadDemoData } from "~/demo/load";
import { addDays, daysBetween } from "~/lib/dates";
import { mulberry32 } from "~/lib/stats";
import {
  cancelPlacement,
  correctPlacementDates,
  endPlacement,
  placeHousehold,
  transferHousehold,
} from "~/features/placements/placements.server";

/** The officer's recorded decision, for placements in units that do not suit the household. */
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: "2026-11-23", households: 60, years: 2 });
}, 600_000);
afterAll(async () => {
  await t?.close();
});

/** Per episode, from its placements: the TA type of its first placement's unit. */
async function fromScratch(): Promise<Map<number, string>> {
  const eps = await t.db
    .selectFrom("episodes as e")
    .innerJoin("placements as fp", "fp.id", "e.first_placement_id")
    .innerJoin("units as u", "u.id", "fp.unit_id")
    .select(["e.id", "u.ta_type_code"])
    .execute();
  return new Map(eps.map((e) => [e.id, e.ta_type_code]));
}

async function stored(): Promise<Map<number, string | null>> {
  const rows = await t.db.selectFrom("episodes").select(["id", "entry_ta_type"]).execute();
  return new Map(rows.map((r) => [r.id, r.entry_ta_type]));
}

describe(`episodes.entry_ta_type on ${ENGINE}`, { timeout: 300_000 }, () => {
  it("is right after the demo bulk load", async () => {
    const s = await stored();
    expect(new Set(s.values()).size).toBeGreaterThan(2);
    expect(s).toEqual(await fromScratch());
  });

  it("stays equal to a rebuild from scratch after random writes of every kind", async () => {
    const random = mulberry32(8_0011);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const units = [
      ...(await Promise.all([0, 1, 2].map(() => makeUnit(t.db, { ta_type_code: "bnb", max_occupants: 8 })))),
      ...(await Promise.all([0, 1].map(() => makeUnit(t.db, { ta_type_code: "hostel", max_occupants: 8 })))),
      ...(await Promise.all([0, 1].map(() => makeUnit(t.db, { ta_type_code: "nightly_self_contained", max_occupants: 8, shared: false })))),
    ];
    const households: number[] = [];
    for (let i = 0; i < 12; i++) households.push((await makeHousehold(t.db, [{ dob: "1990-01-01" }, { dob: "2020-01-01" }])).id);
    const base = "2025-01-01";
    let done = 0;
    for (let i = 0; i < 400; i++) {
      const h = pick(households);
      const latest = await t.db
        .selectFrom("placements")
        .selectAll()
        .where("household_id", "=", h)
        .where("cancelled_at", "is", null)
        .orderBy("start_date", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      const kind = !latest
        ? "place"
        : pick(["place", "place", "transfer", "transfer", "end", "correct", "cancel", "split", "retype", "recategorise"] as const);
      const day = addDays(base, Math.floor(random() * 400));
      let r: { ok: boolean } = { ok: false };
      if (kind === "place") {
        r = await settled(
          placeHousehold(t.db, null, {
            decision: EMERGENCY,
            householdId: h,
            unitId: pick(units).id,
            startDate: day,
            endDate: random() < 0.4 ? null : addDays(day, 1 + Math.floor(random() * 90)),
          }),
        );
      } else if (kind === "split") {
        r = await settled(
          placeHousehold(t.db, null, {
            decision: EMERGENCY,
            householdId: h,
            unitId: pick(units).id,
            startDate: day,
            endDate: addDays(day, 1 + Math.floor(random() * 60)),
            isSplit: true,
          }),
        );
      } else if (kind === "retype") {
        const u = pick(units);
        await t.db
          .updateTable("units")
          .set({ ta_type_code: pick(["bnb", "hostel", "private_leased"]) })
          .where("id", "=", u.id)
          .execute();
        r = { ok: true };
      } else if (kind === "recategorise") {
        // hostel in and out of TA1 category 1 (then back, so the demo's own types stay put)
        await t.db
          .updateTable("ta_types")
          .set({ ta1_category: random() < 0.5 ? 1 : 3 })
          .where("code", "=", "hostel")
          .execute();
        r = { ok: true };
      } else if (latest) {
        const room = latest.end_date ? Math.max(1, daysBetween(latest.start_date, latest.end_date) - 1) : 120;
        const date = addDays(latest.start_date, 1 + Math.floor(random() * room));
        if (kind === "transfer")
          r = await settled(
            transferHousehold(t.db, null, {
              decision: EMERGENCY,
              householdId: h,
              placementId: latest.id,
              unitId: pick(units).id,
              date,
            }),
          );
        else if (kind === "end")
          r = await settled(
            endPlacement(t.db, null, {
              householdId: h,
              placementId: latest.id,
              endDate: date,
              reason: "Test",
              leavesTa: true,
              destination: "social_housing",
            }),
          );
        else if (kind === "correct")
          r = await settled(
            correctPlacementDates(t.db, null, {
              householdId: h,
              placementId: latest.id,
              startDate: addDays(latest.start_date, -Math.floor(random() * 30)),
              endDate: random() < 0.5 ? null : addDays(latest.start_date, 50 + Math.floor(random() * 40)),
              reason: "Test",
            }),
          );
        else r = await settled(cancelPlacement(t.db, null, { householdId: h, placementId: latest.id, reason: "Test" }));
      }
      if (r.ok) done++;
      if (i % 50 === 49) expect(await stored()).toEqual(await fromScratch());
    }
    await t.db.updateTable("ta_types").set({ ta1_category: 3 }).where("code", "=", "hostel").execute();
    expect(done).toBeGreaterThan(150);
    const kept = await stored();
    expect(kept).toEqual(await fromScratch());
    // and a refresh of every episode from scratch in SQL changes nothing
    await sql`SELECT refresh_episode_facts(array(SELECT id FROM episodes))`.execute(t.db);
    expect(await stored()).toEqual(kept);
  });
});
