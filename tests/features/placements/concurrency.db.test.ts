/**
 * Many officers at once, on real PostgreSQL: 1,000 attempts over 50 connections to
 * place households into the same few units over overlapping nights, transfer them and
 * end placements, all at the same time. Then the invariants, checked in the database:
 * no unit holds two households on one night, the calendar mirrors the placements,
 * every episode is what the placements say, and exactly the successful requests left
 * rows and audit entries (a refused one left nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import { openPg, type Database } from "~/lib/db/connect";
import { addDays, daysBetween } from "~/lib/dates";
import { endPlacement, placeHousehold, transferHousehold } from "~/features/placements/placements.server";
import { mulberry32 } from "~/lib/stats";

describe.runIf(ENGINE === "pg")("a thousand concurrent changes (PostgreSQL)", () => {
  let t: TestDatabase;
  let wide: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    wide = await openPg(t.url!, 50);
  });
  afterAll(async () => {
    await wide?.close();
    await t?.close();
  });

  it("keeps every invariant under 1,000 attempts from 50 connections", async () => {
    const units: { id: number }[] = [];
    for (let i = 0; i < 20; i++)
      units.push(await makeUnit(t.db, { max_occupants: 6, ta_type_code: "nightly_self_contained", shared: false, providerType: "agent" }));
    const households: { id: number }[] = [];
    for (let i = 0; i < 150; i++) households.push(await makeHousehold(t.db, [{ dob: "1990-05-05" }]));
    const base = "2026-01-01";
    const random = mulberry32(20261125);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

    type Outcome = { kind: "place" | "transfer" | "end"; ok: boolean; message?: string; placementId?: number };
    const attempts: (() => Promise<Outcome>)[] = [];
    for (let i = 0; i < 1000; i++) {
      const household = pick(households);
      const kind = i < 300 ? "place" : pick(["place", "transfer", "transfer", "end"] as const);
      const day = addDays(base, Math.floor(random() * 60));
      attempts.push(async () => {
        if (kind === "place") {
          const r = await settled(
            placeHousehold(wide.db, null, {
              householdId: household.id,
              unitId: pick(units).id,
              startDate: day,
              endDate: random() < 0.3 ? null : addDays(day, 1 + Math.floor(random() * 20)),
            }),
          );
          return { kind, ok: r.ok, message: r.ok ? undefined : r.message, placementId: r.ok ? r.value : undefined };
        }
        // Transfer or end the household's latest placement, whatever another officer has just done.
        const current = await wide.db
          .selectFrom("placements")
          .select(["id", "start_date", "end_date"])
          .where("household_id", "=", household.id)
          .where("cancelled_at", "is", null)
          .orderBy("start_date", "desc")
          .executeTakeFirst();
        if (!current) return { kind, ok: false, message: "no placement yet" };
        const room = current.end_date ? Math.min(10, daysBetween(current.start_date, current.end_date) - 1) : 10;
        const date = addDays(current.start_date, 1 + Math.floor(random() * Math.max(1, room)));
        const r =
          kind === "transfer"
            ? await settled(
                transferHousehold(wide.db, null, { householdId: household.id, placementId: current.id, unitId: pick(units).id, date }),
              )
            : await settled(
                endPlacement(wide.db, null, {
                  householdId: household.id,
                  placementId: current.id,
                  endDate: date,
                  reason: "Concurrency test",
                  leavesTa: true,
                  destination: "social_housing",
                }),
              );
        return { kind, ok: r.ok, message: r.ok ? undefined : r.message, placementId: r.ok ? r.value : undefined };
      });
    }

    // Fifty at a time, as fifty officers would.
    const outcomes: Outcome[] = [];
    const errors: unknown[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < attempts.length) {
          const job = attempts[next++];
          try {
            outcomes.push(await job());
          } catch (e) {
            errors.push(e);
          }
        }
      }),
    );
    expect(errors).toEqual([]); // every refusal is an answer, never a crash
    expect(outcomes).toHaveLength(1000);
    const succeeded = (kind: Outcome["kind"]) => outcomes.filter((o) => o.kind === kind && o.ok);
    console.log(
      ["place", "transfer", "end"]
        .map((k) => `${k}: ${outcomes.filter((o) => o.kind === k && o.ok).length} of ${outcomes.filter((o) => o.kind === k).length}`)
        .join(", "),
    );
    // The test only means something if both outcomes happened often.
    expect(succeeded("place").length).toBeGreaterThan(20);
    expect(succeeded("transfer").length).toBeGreaterThan(20);
    expect(succeeded("end").length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => !o.ok).length).toBeGreaterThan(100);

    const db = t.db;
    // 1. No unit holds two households on one night (checked on the placements themselves).
    const overlaps = await sql<{ n: number }>`
      SELECT count(*) AS n FROM placements a JOIN placements b
        ON a.unit_id = b.unit_id AND a.id < b.id
       AND daterange(a.start_date, a.end_date, '[)') && daterange(b.start_date, b.end_date, '[)')
     WHERE a.cancelled_at IS NULL AND b.cancelled_at IS NULL`.execute(db);
    expect(overlaps.rows[0].n).toBe(0);
    // 2. The calendar holds exactly the live placements' nights.
    const mismatch = await sql<{ n: number }>`
      SELECT count(*) AS n FROM placements p FULL JOIN unit_calendar c ON c.placement_id = p.id
       WHERE (p.cancelled_at IS NULL OR c.placement_id IS NOT NULL) AND (c.out_of_service_id IS NULL)
         AND (p.id IS NULL OR c.placement_id IS NULL OR c.unit_id <> p.unit_id OR c.nights <> daterange(p.start_date, p.end_date, '[)'))`.execute(
      db,
    );
    expect(mismatch.rows[0].n).toBe(0);
    // 3. Every episode is what its placements say: rebuilding them all changes nothing.
    const episodes = () =>
      sql<{
        e: string;
      }>`SELECT string_agg(concat_ws(',', household_id, start_date, end_date, placements), ';' ORDER BY household_id, start_date) AS e FROM episodes`.execute(
        db,
      );
    const placementEpisodes = () =>
      sql<{ e: string }>`SELECT count(*) FILTER (WHERE episode_id IS NULL AND cancelled_at IS NULL)::text AS e FROM placements`.execute(db);
    const stored = (await episodes()).rows[0].e;
    expect((await placementEpisodes()).rows[0].e).toBe("0");
    await db.transaction().execute(async (trx) => {
      await sql`SELECT rebuild_episodes(array_agg(id)) FROM households`.execute(trx);
      expect(
        (
          await sql<{
            e: string;
          }>`SELECT string_agg(concat_ws(',', household_id, start_date, end_date, placements), ';' ORDER BY household_id, start_date) AS e FROM episodes`.execute(
            trx,
          )
        ).rows[0].e,
      ).toBe(stored);
    });
    // No placement ends before it starts; an episode has at most one open placement unless split.
    const open = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM (SELECT household_id FROM placements WHERE end_date IS NULL AND cancelled_at IS NULL AND NOT is_split GROUP BY household_id HAVING count(*) > 1) x`.execute(
      db,
    );
    expect(open.rows[0].n).toBe(0);
    // 4. Exactly the successful requests left rows: one per place, one new per transfer.
    const rows = await db.selectFrom("placements").select(["id", "household_id"]).execute();
    const made = new Set([...succeeded("place"), ...succeeded("transfer")].map((o) => o.placementId));
    expect(rows.length).toBe(succeeded("place").length + succeeded("transfer").length);
    for (const r of rows) expect(made.has(r.id)).toBe(true);
    // 5. And each success, and nothing else, is in the audit trail.
    const audited = await db
      .selectFrom("audit_events")
      .select(["action", sql<number>`count(*)`.as("n")])
      .where("entity", "=", "placement")
      .groupBy("action")
      .execute();
    const byAction = Object.fromEntries(audited.map((a) => [a.action, a.n]));
    expect(byAction.place ?? 0).toBe(succeeded("place").length);
    expect((byAction.transfer ?? 0) + (byAction["transfer-in"] ?? 0) + (byAction["transfer-out"] ?? 0)).toBeGreaterThanOrEqual(
      succeeded("transfer").length,
    );
    expect(byAction.end ?? 0).toBe(succeeded("end").length);
  }, 180_000);
});
