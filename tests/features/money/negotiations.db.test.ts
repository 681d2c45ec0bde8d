/**
 * Rate negotiations (issue 18, item 3): agreeing applies the change as rates from the
 * effective date in one audited step; refused inputs save nothing; the saving per month
 * equals hand-worked figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { spendBy } from "~/features/money/spend.server";
import { voidBy } from "~/features/money/void.server";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { refusalOf, settled } from "../../support/refusal";
import {
  agreeNegotiation,
  agreeSchema,
  newNegotiationSchema,
  recordNegotiation,
  recordOffer,
  refuseNegotiation,
  savingByMonth,
} from "~/features/money/negotiations.server";

let t: TestDatabase;
const ids: Record<string, number> = {};

const rateCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("unit_rates")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("audit_events")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  // One provider with three units, all in use from 1 Jan 2026:
  // A private sector leased (paid every night), £50 a night, never occupied;
  // B nightly paid self-contained (paid per occupied night), £70 a night, placed 10 Mar to 5 Apr;
  // C B&B (per occupied night), £40 a night, empty.
  const a = await makeUnit(db, { ta_type_code: "private_leased", shared: false });
  const b = await makeUnit(db, { ta_type_code: "nightly_self_contained", shared: false });
  const c = await makeUnit(db, { ta_type_code: "bnb" });
  const prop = await db.selectFrom("properties").select(["id", "provider_id"]).where("id", "=", a.property_id).executeTakeFirstOrThrow();
  await db.updateTable("units").set({ property_id: prop.id, in_use_from: "2026-01-01" }).where("id", "in", [a.id, b.id, c.id]).execute();
  await db
    .insertInto("unit_rates")
    .values([
      { unit_id: a.id, effective_from: "2026-01-01", amount_pence: 5000, basis: "night" },
      { unit_id: b.id, effective_from: "2026-01-01", amount_pence: 7000, basis: "night" },
      { unit_id: c.id, effective_from: "2026-01-01", amount_pence: 4000, basis: "night" },
    ])
    .execute();
  const h = await makeHousehold(db);
  await db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: b.id, start_date: "2026-03-10", end_date: "2026-04-05", duty: "s188" })
    .execute();
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, provider: prop.provider_id });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`rate negotiations on ${ENGINE}`, () => {
  it("refuses a negative-beyond-half, absurd or missing percentage and a missing date", () => {
    const base = { providerId: "1", taType: "", askedOn: { day: "1", month: "2", year: "2026" } };
    expect(newNegotiationSchema.safeParse({ ...base, change: "-60" }).error?.issues[0]?.message).toBe(
      "The percentage change must be between -50 and 100",
    );
    expect(newNegotiationSchema.safeParse({ ...base, change: "1000" }).success).toBe(false);
    expect(newNegotiationSchema.safeParse({ ...base, change: "ten" }).error?.issues[0]?.message).toBe(
      "Enter the percentage change as a number, like 3.5 or -2",
    );
    expect(newNegotiationSchema.safeParse({ ...base, change: "-12.5" }).data?.change).toBe(-1250);
    const noDate = agreeSchema.safeParse({
      agreedOn: { day: "1", month: "3", year: "2026" },
      effectiveFrom: { day: "", month: "", year: "" },
    });
    expect(noDate.error?.issues.map((i) => i.message)).toEqual(["Enter the date the new rates start"]);
  });

  it("agreeing with no effective date saves nothing", async () => {
    const n = await recordNegotiation(t.db, null, {
      providerId: ids.provider,
      taType: "",
      askedOn: "2026-02-01",
      change: -1500,
      notes: "",
    });
    expect(n).toEqual(expect.any(Number));
    const before = [await rateCount(), await auditCount()];
    const r = await refusalOf(agreeNegotiation(t.db, null, n, { agreedOn: "2026-03-01", effectiveFrom: null }));
    expect(r).toEqual({ field: "effectiveFrom", message: "Enter the date the new rates start" });
    expect([await rateCount(), await auditCount()]).toEqual(before);
    ids.first = n;
  });

  it("an offer then agreement applies the offered change from the date, in one audited step", async () => {
    expect(await recordOffer(t.db, null, ids.first, { offeredOn: "2026-02-20", change: -1000, notes: "Provider offers 10%" })).toBe(
      ids.first,
    );
    const r = await agreeNegotiation(t.db, null, ids.first, { agreedOn: "2026-03-01", effectiveFrom: "2026-03-15" });
    expect(r).toBe(3);
    const rates = await t.db
      .selectFrom("unit_rates")
      .select(["unit_id", "amount_pence", "basis", "negotiation_id"])
      .where("effective_from", "=", "2026-03-15")
      .orderBy("unit_id")
      .execute();
    expect(rates).toEqual([
      { unit_id: ids.a, amount_pence: 4500, basis: "night", negotiation_id: ids.first },
      { unit_id: ids.b, amount_pence: 6300, basis: "night", negotiation_id: ids.first },
      { unit_id: ids.c, amount_pence: 3600, basis: "night", negotiation_id: ids.first },
    ]);
    const n = await t.db.selectFrom("rate_negotiations").selectAll().where("id", "=", ids.first).executeTakeFirstOrThrow();
    expect(n).toMatchObject({ status: "agreed", offered_basis_points: -1000, asked_basis_points: -1500 });
    expect(n.effective_from).toBe("2026-03-15");
    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "entity", "entity_id"])
      .where("entity", "in", ["rate_negotiation", "unit_rate"])
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { action: "ask", entity: "rate_negotiation", entity_id: String(ids.first) },
      { action: "offer", entity: "rate_negotiation", entity_id: String(ids.first) },
      { action: "bulk_change", entity: "unit_rate", entity_id: `provider:${ids.provider}` },
      { action: "agree", entity: "rate_negotiation", entity_id: String(ids.first) },
    ]);
  });

  it("an agreed negotiation cannot change again", async () => {
    const before = [await rateCount(), await auditCount()];
    const msg = { field: "_negotiation", message: "This negotiation was agreed: it cannot change again" };
    expect(await refusalOf(recordOffer(t.db, null, ids.first, { offeredOn: "2026-03-02", change: -500, notes: "" }))).toEqual(msg);
    expect(await refusalOf(refuseNegotiation(t.db, null, ids.first, { refusedOn: "2026-03-02", notes: "" }))).toEqual(msg);
    expect(await refusalOf(agreeNegotiation(t.db, null, ids.first, { agreedOn: "2026-03-02", effectiveFrom: "2026-04-01" }))).toEqual(msg);
    expect([await rateCount(), await auditCount()]).toEqual(before);
  });

  it("a clash with a rate already starting that day refuses the agreement and saves nothing", async () => {
    const n = await recordNegotiation(t.db, null, {
      providerId: ids.provider,
      taType: "private_leased",
      askedOn: "2026-03-01",
      change: -500,
      notes: "",
    });
    const before = [await rateCount(), await auditCount()];
    const r = await refusalOf(agreeNegotiation(t.db, null, n, { agreedOn: "2026-03-10", effectiveFrom: "2026-03-15" }));
    expect(r.field).toBe("effectiveFrom");
    expect(r.message).toMatch(/^1 of the units already have a rate starting on 15 March 2026/);
    expect([await rateCount(), await auditCount()]).toEqual(before);
    const row = await t.db
      .selectFrom("rate_negotiations")
      .select(["status", "effective_from"])
      .where("id", "=", n)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "asked", effective_from: null });
    // No units of the type: refused on the effective date, nothing saved.
    const none = await recordNegotiation(t.db, null, {
      providerId: ids.provider,
      taType: "hostel",
      askedOn: "2026-03-01",
      change: -500,
      notes: "",
    });
    const before2 = [await rateCount(), await auditCount()];
    expect(await refusalOf(agreeNegotiation(t.db, null, none, { agreedOn: "2026-03-10", effectiveFrom: "2026-04-01" }))).toEqual({
      field: "effectiveFrom",
      message: "This provider has no units in use of that type on that date",
    });
    expect([await rateCount(), await auditCount()]).toEqual(before2);
    // Refused: final.
    expect((await settled(refuseNegotiation(t.db, null, n, { refusedOn: "2026-03-11", notes: "" }))).ok).toBe(true);
    expect((await settled(recordOffer(t.db, null, n, { offeredOn: "2026-03-12", change: -200, notes: "" }))).ok).toBe(false);
  });

  it("the saving per month is the nights paid at the negotiated rate priced at the old rate less the new", async () => {
    const months = await savingByMonth(t.db, "2026-01-01", "2026-06-01");
    // March, from the 15th: A (paid every night) 17 nights x £5.00 saved; B occupied 15-31 March, 17 nights x £7.00.
    // April: A 30 nights x £5.00; B occupied 1-4 April, 4 nights x £7.00. May: A 31 x £5.00. C is never occupied.
    expect(months).toEqual([
      {
        month: "2026-03",
        negotiations: 1,
        units: 2,
        nights: 34,
        previousPence: 17 * 5000 + 17 * 7000,
        newPence: 17 * 4500 + 17 * 6300,
        savingPence: 20400,
      },
      {
        month: "2026-04",
        negotiations: 1,
        units: 2,
        nights: 34,
        previousPence: 30 * 5000 + 4 * 7000,
        newPence: 30 * 4500 + 4 * 6300,
        savingPence: 17800,
      },
      { month: "2026-05", negotiations: 1, units: 1, nights: 31, previousPence: 31 * 5000, newPence: 31 * 4500, savingPence: 15500 },
    ]);
  });
  it("the nights and the cost at the negotiated rates are what spend and void cost count for those units", async () => {
    const [april] = await savingByMonth(t.db, "2026-04-01", "2026-05-01");
    const [occupied] = await spendBy(t.db, {
      from: "2026-04-01",
      to: "2026-05-01",
      group: "all",
      filter: sql<boolean>`p.unit_id = ${ids.b}`,
    });
    const [empty] = await voidBy(t.db, { from: "2026-04-01", to: "2026-05-01", group: "all", unitId: ids.a });
    expect(occupied.grossPence + empty.voidPence).toBe(april.newPence);
    expect(occupied.nights + empty.voidNights).toBe(april.nights);
  });
});
