/**
 * The occupancy audit on the demo council: the generator's contacts and visits make every
 * list non-empty, deterministically, and the figures hold together.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { auditFindings, billedAfterLeaving, longVoids, noContactFor } from "~/features/occupancy-audit/occupancy-audit.server";

const TODAY = "2026-11-23";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: TODAY, households: 300, years: 2, seed: 7 });
}, 600_000);
afterAll(async () => {
  await t?.close();
});

describe(`the occupancy audit on the demo council on ${ENGINE}`, () => {
  it("has contacts, visits of every outcome, and every list of the audit to work from", async () => {
    const c = await sql<{ kind: string; outcome: string | null; n: number }>`
      SELECT kind, outcome, count(*) AS n FROM contacts GROUP BY 1, 2 ORDER BY 1, 2`.execute(t.db);
    expect(c.rows.map((r) => `${r.kind}${r.outcome ? `/${r.outcome}` : ""} ${r.n}`)).toEqual([
      "email 16",
      "letter 25",
      "office 18",
      "phone 76",
      "visit/absent 13",
      "visit/confirmed 51",
      "visit/irregular 8",
      "visit/left 11",
    ]);
    const f = await auditFindings(t.db, TODAY);
    expect(f.totals).toEqual({
      placements: 18,
      stillPaidNights: 231,
      stillPaidPence: 877_609,
      recoveredNights: 32,
      recoveredPence: 163_384,
    });
    // Recovered only where the placement was ended after the visit; still paid only where it runs on.
    const ended = f.rows.filter((r) => r.endNow !== null);
    expect(ended).toHaveLength(2);
    expect(ended.every((r) => r.stillPaidNights === 0 && r.recoveredNights > 0)).toBe(true);
    expect(f.rows.filter((r) => r.endNow === null).every((r) => r.recoveredNights === 0 && r.stillPaidNights > 0)).toBe(true);
    expect((await longVoids(t.db, TODAY, 28)).length).toBe(37);
    expect((await noContactFor(t.db, TODAY, 8)).length).toBe(67);
    expect((await billedAfterLeaving(t.db)).map((b) => b.nightsAfter)).toEqual([3]);
  }, 120_000);
});
