/**
 * The demo council's property standards (issue 21): every property inspected, some grade E
 * and some with works overdue (do not use), some certificates expired and some expiring in the
 * next 30 days, providers' checks, and complaints, all read through unit_standards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { expiringCertificates } from "~/features/standards/standards.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`demo property standards on ${ENGINE}`, () => {
  it("generates inspections and certificates with some grade E, works overdue and expired certificates", async () => {
    const today = "2026-11-23";
    await loadDemoData(t.db, { today, households: 300, years: 2, seed: 7 });
    const r = await sql<{
      properties: number;
      inspected: number;
      grade_e: number;
      works_overdue: number;
      expired_units: number;
      units: number;
      checks: number;
      complaints: number;
    }>`
      WITH s AS (
        SELECT u.id, st.* FROM units u JOIN properties p ON p.id = u.property_id
        CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, ${today}::date) st
        WHERE u.retired_on IS NULL)
      SELECT (SELECT count(*)::int FROM properties) AS properties,
             (SELECT count(DISTINCT property_id)::int FROM inspections) AS inspected,
             (SELECT count(*)::int FROM s WHERE 'grade_e' = ANY(do_not_use)) AS grade_e,
             (SELECT count(*)::int FROM s WHERE 'works_overdue' = ANY(do_not_use)) AS works_overdue,
             (SELECT count(*)::int FROM s WHERE cardinality(expired) > 0) AS expired_units,
             (SELECT count(*)::int FROM s) AS units,
             (SELECT count(*)::int FROM provider_checks) AS checks,
             (SELECT count(*)::int FROM complaints) AS complaints`.execute(t.db);
    const c = r.rows[0];
    expect(c.inspected).toBe(c.properties);
    expect(c.grade_e).toBeGreaterThan(0);
    expect(c.works_overdue).toBeGreaterThan(0);
    expect(c.expired_units).toBeGreaterThan(0);
    // Most of the stock is usable: do-not-use and expired units are a small share.
    expect(c.grade_e + c.works_overdue).toBeLessThan(c.units * 0.15);
    expect(c.expired_units).toBeLessThan(c.units * 0.25);
    expect(c.checks).toBeGreaterThan(0);
    expect(c.complaints).toBeGreaterThan(0);
    const expiring = await expiringCertificates(t.db, today, 30);
    expect(expiring.some((x) => x.expired)).toBe(true);
    expect(expiring.some((x) => !x.expired)).toBe(true);
  }, 120_000);
});
