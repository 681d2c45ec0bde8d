import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { todayLists } from "~/features/casework/today.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`demo casework on ${ENGINE}`, () => {
  it("adds move-on plans for part of the households in TA and s208 notices for most, not all, out-of-district placements", async () => {
    await loadDemoData(t.db, { today: "2026-11-23", households: 300, years: 2, seed: 7 });
    const r = await sql<{ plans: number; in_ta: number; ood: number; notices: number; past: number }>`
      SELECT (SELECT count(*) FROM move_on_plans) AS plans,
             (SELECT count(*) FROM move_on_plans WHERE target_date < '2026-11-23') AS past,
             (SELECT count(DISTINCT household_id) FROM placements WHERE start_date <= '2026-11-23' AND (end_date IS NULL OR end_date > '2026-11-23') AND cancelled_at IS NULL) AS in_ta,
             (SELECT count(*) FROM placements p JOIN unit_facts f ON f.unit_id = p.unit_id WHERE f.out_of_district AND p.cancelled_at IS NULL AND p.start_date <= '2026-11-23') AS ood,
             (SELECT count(*) FROM s208_notices) AS notices`.execute(t.db);
    const c = r.rows[0];
    expect(c.plans).toBeGreaterThan(c.in_ta * 0.3);
    expect(c.plans).toBeLessThan(c.in_ta * 0.5);
    expect(c.past).toBeGreaterThan(0);
    expect(c.notices).toBeGreaterThan(c.ood * 0.9);
    expect(c.notices).toBeLessThan(c.ood);
    const lists = await todayLists(t.db, "2026-11-23");
    expect(lists.moveOn.total).toBe(c.past);
  }, 120_000);

  it("gives every demo household contact details that the form would accept, and the demo officer's cases notes, some corrected", async () => {
    const { contactDetailsSchema } = await import("~/features/households/contact-details");
    const rows = await t.db
      .selectFrom("households")
      .select(["id", "phone", "email", "preferred_contact", "language", "interpreter_needed", "current_address", "vulnerability_sensitive"])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const parsed = contactDetailsSchema.safeParse({
        phone: r.phone,
        email: r.email,
        preferred_contact: r.preferred_contact ?? "",
        language: r.language,
        interpreter: r.interpreter_needed ? "yes" : "no",
        current_address: r.current_address,
      });
      expect(parsed.success && parsed.data.phone).toBe(r.phone);
    }
    expect(rows.filter((r) => r.vulnerability_sensitive).length).toBeGreaterThan(0);
    const n = await sql<{ notes: number; corrections: number; officers_cases: number }>`
      SELECT (SELECT count(*)::int FROM case_notes) AS notes,
             (SELECT count(*)::int FROM case_notes WHERE corrects_note_id IS NOT NULL) AS corrections,
             (SELECT count(*)::int FROM households WHERE id % 2 = 0) AS officers_cases`.execute(t.db);
    expect(n.rows[0].notes).toBe(n.rows[0].officers_cases * 2 + n.rows[0].corrections);
    expect(n.rows[0].corrections).toBeGreaterThan(0);
  });
});
