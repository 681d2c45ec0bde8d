/** The demo council shows letters (issue 20, item 3): sent through the app's own sending, from the shipped templates. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { DEMO_COUNCIL } from "~/demo/generate";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`demo letters on ${ENGINE}`, () => {
  it("has four placement offers, a booking confirmation and an s208 notice, filled in and audited", async () => {
    await loadDemoData(t.db, { today: "2026-11-23", households: 300, years: 2, seed: 7 });
    const letters = await t.db
      .selectFrom("letters as l")
      .innerJoin("placements as p", "p.id", "l.placement_id")
      .select(["l.id", "l.kind", "l.body", "l.letter_date", "p.start_date", "l.template_version", "l.sent_to"])
      .orderBy("l.id")
      .execute();
    expect(letters.map((l) => l.kind)).toEqual([
      "placement_offer",
      "placement_offer",
      "placement_offer",
      "placement_offer",
      "booking_confirmation",
      "s208_notice",
    ]);
    for (const l of letters) {
      expect(l.letter_date).toBe(l.start_date);
      expect(l.template_version).toBe(1);
      expect(l.body).not.toMatch(/\{\{|\}\}/);
      expect(l.body.startsWith(`${DEMO_COUNCIL.name}\n`)).toBe(true);
      expect(l.body).toContain("Olu Officer\nHousing Options, Merseyside Demo Council");
    }
    expect(letters[0].body).toMatch(/by \d{1,2} [A-Z][a-z]+ 2026 at the latest/);
    expect(letters[5].body).toMatch(/\(demo address, not real\)/);
    const audits = await t.db
      .selectFrom("audit_events")
      .select("entity_id")
      .where("entity", "=", "letter")
      .where("action", "=", "send")
      .execute();
    expect(audits.map((a) => Number(a.entity_id)).sort((a, b) => a - b)).toEqual(letters.map((l) => l.id));
  }, 180_000);
});
