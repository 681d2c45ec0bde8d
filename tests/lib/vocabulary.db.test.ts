/**
 * The vocabulary is defined once (app/lib/vocabulary.ts) and the database enforces it:
 * each CHECK constraint on a coded column allows exactly the vocabulary's codes. (Released
 * migrations are frozen, so the database's list cannot be generated; this test is what
 * keeps a new code from being accepted by the forms and refused by the database.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import * as v from "~/lib/vocabulary";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const CODED: [table: string, column: string, labels: Record<string, string>][] = [
  ["users", "role", v.ROLES],
  ["providers", "provider_type", v.PROVIDER_TYPES],
  ["households", "duty", v.DUTIES],
  ["placements", "duty", v.DUTIES],
  ["placements", "destination", v.DESTINATIONS],
  ["household_members", "relationship", v.RELATIONSHIPS],
  ["household_members", "sex", v.SEXES],
  ["move_on_plans", "pathway", v.MOVE_ON_PATHWAYS],
  ["s208_notices", "method", v.NOTICE_METHODS],
  ["suitability_reviews", "outcome", v.REVIEW_OUTCOMES],
  ["lha_rates", "category", v.LHA_CATEGORIES],
  ["invoices", "status", v.INVOICE_STATUSES],
  ["contacts", "kind", v.CONTACT_KINDS],
  ["contacts", "outcome", v.VISIT_OUTCOMES],
];

describe(`the vocabulary on ${ENGINE}`, () => {
  it("is what the database's CHECK constraints allow, code for code", async () => {
    const r = await sql<{ table: string; def: string }>`
      SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'c'`.execute(t.db);
    for (const [table, column, labels] of CODED) {
      const defs = r.rows.filter((c) => c.table === table && c.def.includes(`(${column} = ANY`));
      expect(defs, `${table}.${column}`).toHaveLength(1);
      const allowed = [...defs[0].def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]);
      expect(allowed, `${table}.${column}`).toEqual(Object.keys(labels));
    }
  });
});
