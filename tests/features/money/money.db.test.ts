/**
 * Money on a real database: the invoice check on the demo data finds exactly the planted
 * over-billing; the bulk rate change; rate corrections are audited and refusals save nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { demoData, loadDemoData } from "~/demo/load";
import { planDemoInvoices } from "~/demo/money";
import { checkInvoices, createInvoice } from "~/features/invoices/invoices.server";
import { getLha, saveLha } from "~/features/money/lha.server";
import { addRate, bulkRateChange, correctRate } from "~/features/money/rates.server";
import { refusalOf, settled } from "../../support/refusal";
import { estimateStayCost } from "~/features/money/cost.server";
import { applyPercentChange } from "../../support/reference-money";
import { eachNight } from "~/lib/dates";
import { getExport } from "~/features/exports.server";

let t: TestDatabase;
const opts = { today: "2026-11-23", households: 250, years: 2, seed: 20261123 };

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, opts);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

describe(`invoices on ${ENGINE}`, () => {
  it("finds exactly the planted over-billing and unbilled nights on the demo invoices", async () => {
    const { planted, invoices } = await planDemoInvoices(t.db, demoData(opts), opts.today);
    expect(invoices.length).toBeGreaterThanOrEqual(6);
    expect(planted.voidNights).toHaveLength(1);
    expect(planted.wrongRate).toHaveLength(1);
    expect(planted.duplicate).toHaveLength(1);
    expect(planted.unbilled).toHaveLength(1);
    const ids = (await t.db.selectFrom("invoices").select("id").execute()).map((r) => r.id);
    const checks = [...(await checkInvoices(t.db, ids)).values()];
    const voids: string[] = [],
      dups: string[] = [],
      rates: string[] = [],
      unbilled: string[] = [],
      other: string[] = [];
    for (const c of checks) {
      for (const l of c.lines) {
        for (const o of l.outcomes) {
          if (o.kind === "void_billed")
            o.ranges.forEach((r) =>
              eachNight(r.from, r.to).forEach((n) => voids.push(`${c.invoiceRef} ${l.line.unitRef} ${n} ${o.reason}`)),
            );
          else if (o.kind === "billed_twice")
            o.ranges.forEach((r) =>
              eachNight(r.from, r.to).forEach((n) =>
                dups.push(`${c.invoiceRef} ${l.line.unitRef} ${n} ${o.alsoBilledOn.map((b) => b.invoiceRef).join("+")}`),
              ),
            );
          else if (o.kind === "rate_mismatch") rates.push(`${c.invoiceRef} ${l.line.lineNo} ${o.differencePence}`);
          else if (o.kind !== "matched") other.push(`${c.invoiceRef} ${l.line.lineNo} ${o.kind}`);
        }
      }
      c.unbilled.forEach((u) => eachNight(u.from, u.to).forEach((n) => unbilled.push(`${c.invoiceRef} ${u.unitRef} ${n}`)));
    }
    expect(voids).toEqual(
      planted.voidNights.flatMap((v) => eachNight(v.from, v.to).map((n) => `${v.invoiceRef} ${v.unitRef} ${n} after_checkout`)),
    );
    expect(dups).toEqual(planted.duplicate.map((d) => `${d.invoiceRef} ${d.unitRef} ${d.night} ${d.alsoOn}`));
    expect(rates).toEqual(planted.wrongRate.map((w) => `${w.invoiceRef} ${w.lineNo} ${w.excessPence}`));
    expect(unbilled).toEqual(planted.unbilled.flatMap((u) => eachNight(u.from, u.to).map((n) => `${u.invoiceRef} ${u.unitRef} ${n}`)));
    expect(other).toEqual([]);
    const over = checks.reduce((s, c) => s + c.totals.overBilledPence, 0);
    expect(over).toBeGreaterThan(0);
  });
});

describe(`rates on ${ENGINE}`, () => {
  it("changes every unit of a provider by a percentage from a date, in one go, and refuses a second run whole", async () => {
    const provider = await t.db
      .selectFrom("providers as pr")
      .innerJoin("properties as p", "p.provider_id", "pr.id")
      .innerJoin("units as u", "u.property_id", "p.id")
      .select(["pr.id", sql<number>`count(*)`.as("n")])
      .where("u.retired_on", "is", null)
      .groupBy("pr.id")
      .orderBy(sql`count(*)`, "desc")
      .executeTakeFirstOrThrow();
    const day = "2026-12-01";
    const before = await sql<{ unit_id: number; amount_pence: number }>`
      SELECT u.id AS unit_id, (SELECT amount_pence FROM unit_rates r WHERE r.unit_id = u.id AND r.effective_from <= ${day}::date ORDER BY effective_from DESC LIMIT 1) AS amount_pence
      FROM units u JOIN properties p ON p.id = u.property_id WHERE p.provider_id = ${provider.id} AND u.retired_on IS NULL`.execute(t.db);
    const r = await bulkRateChange(t.db, null, { providerId: provider.id, taType: null, effectiveFrom: day, basisPoints: 350 });
    expect(r).toBe(before.rows.length);
    const after = await t.db.selectFrom("unit_rates").select(["unit_id", "amount_pence"]).where("effective_from", "=", day).execute();
    const want = new Map(before.rows.map((b) => [b.unit_id, applyPercentChange(b.amount_pence, 350)]));
    expect(after.length).toBe(before.rows.length);
    for (const a of after) expect(a.amount_pence).toBe(want.get(a.unit_id));
    const again = await settled(
      bulkRateChange(t.db, null, { providerId: provider.id, taType: null, effectiveFrom: day, basisPoints: 100 }),
    );
    expect(again.ok).toBe(false);
    const count = await t.db
      .selectFrom("unit_rates")
      .select(sql<number>`count(*)`.as("n"))
      .where("effective_from", "=", day)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(before.rows.length);
    const audits = await t.db
      .selectFrom("audit_events")
      .select(["action", "entity"])
      .where("entity", "=", "unit_rate")
      .where("action", "=", "bulk_change")
      .execute();
    expect(audits).toHaveLength(1);
  });

  it("refuses two rates on one day for a unit, and audits a correction with before and after", async () => {
    const unit = await t.db.selectFrom("units").select("id").orderBy("id").executeTakeFirstOrThrow();
    const a = await settled(addRate(t.db, null, unit.id, { effectiveFrom: "2027-01-01", amount: 6000, basis: "night" }));
    expect(a.ok).toBe(true);
    const b = await refusalOf(addRate(t.db, null, unit.id, { effectiveFrom: "2027-01-01", amount: 7000, basis: "night" }));
    expect(b).toEqual({ field: "effectiveFrom", message: expect.stringContaining("already has a rate starting on 1 January 2027") });
    const c = await settled(
      correctRate(t.db, null, unit.id, (a as { value: number }).value, {
        effectiveFrom: "2027-01-02",
        amount: 6100,
        basis: "night",
      }),
    );
    expect(c.ok).toBe(true);
    const ev = await t.db
      .selectFrom("audit_events")
      .select(["before", "after"])
      .where("entity", "=", "unit_rate")
      .where("action", "=", "correct")
      .executeTakeFirstOrThrow();
    expect(ev.before).toMatchObject({ amount_pence: 6000, effective_from: "2027-01-01" });
    expect(ev.after).toMatchObject({ amount_pence: 6100, effective_from: "2027-01-02" });
  });

  it("estimates the cost and net cost of a stay in a unit", async () => {
    const unit = await t.db
      .selectFrom("units as u")
      .innerJoin("unit_rates as r", "r.unit_id", "u.id")
      .select("u.id")
      .where("u.ta_type_code", "=", "bnb")
      .orderBy("u.id")
      .executeTakeFirstOrThrow();
    const e = await estimateStayCost(t.db, { unitId: unit.id, start: "2026-11-23", nights: 7 });
    expect(e.nightlyPence).toBeGreaterThan(0);
    expect(e.grossPence).toBeGreaterThan(0);
    expect(e.subsidyPence).toBe(9000); // B&B: the (illustrative) 1-bedroom rate, for one week
    expect(e.netPence).toBe(e.grossPence - 9000);
  });
});

describe(`the spend export on ${ENGINE}`, () => {
  it("has group,nights,gross,subsidy,net then (added) void_nights,void_cost, with a row all and one per TA type, both dates included", async () => {
    const e = getExport("spend")!;
    expect(e.params).toEqual(["from", "to"]);
    let text = "";
    for await (const chunk of e.run(t.db, { from: "2026-04-01", to: "2026-04-01", today: opts.today })) text += chunk;
    const rows = text
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows[0]).toEqual(["group", "nights", "gross", "subsidy", "net", "void_nights", "void_cost"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      "all",
      "bnb",
      "nightly_self_contained",
      "hostel",
      "private_leased",
      "council_ha_stock",
      "other",
    ]);
    const [all, ...types] = rows.slice(1);
    const inTa = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM placements WHERE cancelled_at IS NULL AND start_date <= '2026-04-01' AND (end_date IS NULL OR end_date > '2026-04-01')`.execute(
      t.db,
    );
    expect(Number(all[1])).toBe(inTa.rows[0].n); // one night: every household in TA that night
    for (const col of [1, 2, 3, 4, 5, 6]) {
      const sum = types.reduce((s, r) => s + Math.round(Number(r[col]) * 100), 0);
      expect(sum).toBe(Math.round(Number(all[col]) * 100));
    }
    expect([all[2], all[3], all[4], all[6]].every((v) => /^-?\d+\.\d{2}$/.test(v))).toBe(true);
    expect(all[5]).toMatch(/^\d+$/);
    // The demo's private leased units are paid for every night: the night of 1 April has void nights, and only they do.
    expect(Number(types.find((r) => r[0] === "private_leased")![5])).toBeGreaterThan(0);
    expect(types.filter((r) => r[0] !== "private_leased").every((r) => r[5] === "0" && r[6] === "0.00")).toBe(true);
  });
});

describe(`reference data and invoice entry on ${ENGINE}`, () => {
  it("saves an area's LHA figures with before and after in the audit trail", async () => {
    await saveLha(t.db, null, {
      brma: "Central Liverpool",
      inLondon: false,
      illustrative: false,
      shared: 5600,
      "1bed": 9100,
      "2bed": 10600,
      "3bed": null,
      "4bed": 16100,
    });
    const { brmas, table } = await getLha(t.db);
    expect(brmas.find((b) => b.name === "Central Liverpool")?.illustrative).toBe(false);
    expect(table["Central Liverpool"]).toEqual({ shared: 5600, "1bed": 9100, "2bed": 10600, "4bed": 16100 });
    const ev = await t.db
      .selectFrom("audit_events")
      .select(["before", "after"])
      .where("entity", "=", "lha_rates")
      .executeTakeFirstOrThrow();
    expect(ev.before).toMatchObject({ illustrative: true });
    expect(ev.after).toMatchObject({ illustrative: false });
  });

  it("refuses a second invoice with the same reference from the same provider, saving nothing", async () => {
    const p = await t.db.selectFrom("providers").select("id").orderBy("id").executeTakeFirstOrThrow();
    const line = { lineNo: 1, unitRef: "X", householdRef: null, from: "2026-10-01", to: "2026-10-02", amountPence: 100 };
    expect(
      (await settled(createInvoice(t.db, null, { providerId: p.id, invoiceRef: "DUP-1", receivedOn: "2026-11-01", lines: [line] }))).ok,
    ).toBe(true);
    const again = await refusalOf(
      createInvoice(t.db, null, {
        providerId: p.id,
        invoiceRef: "dup-1",
        receivedOn: "2026-11-02",
        lines: [line, { ...line, lineNo: 2 }],
      }),
    );
    expect(again).toEqual({ field: "invoiceRef", message: "This provider already has an invoice with this reference" });
    const n = await t.db
      .selectFrom("invoice_lines")
      .select(sql<number>`count(*)`.as("n"))
      .where("unit_ref", "=", "X")
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
  });
});
