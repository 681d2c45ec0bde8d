/**
 * Demo money: the January 2011 LHA table for the demo BRMA (ILLUSTRATIVE figures, marked
 * as such: the real table could not be consulted offline), weekly charges to households
 * in council and housing association stock, and three months of provider invoices from
 * three providers, priced at the agreed rates, with deliberate mistakes planted:
 *   - nights billed after the household checked out (void nights),
 *   - a line billed at a rate above the agreed one,
 *   - a night billed on two invoices (the same night, the same unit),
 *   - a line that stops short of the check-out (placement nights not billed).
 * planDemoInvoices prices the lines with SQL's night_costs (the one home of the costing
 * rules) on the loaded data, so tests can compare the check with exactly what was planted.
 */
import { sql, type Transaction } from "kysely";
import type { Conn } from "~/lib/db/connect";
import type { DB } from "~/lib/db/schema";
import { addDays, addMonths, eachNight, maxDate, minDate, startOfMonth, type IsoDate } from "~/lib/dates";
import { clip, type NightWindow } from "~/features/money/money";
import { nightPrices } from "~/features/money/cost.server";
import type { DemoData, GPlacement } from "./generate";

export const DEMO_BRMA = "Central Liverpool";
/** Illustrative weekly figures in pence, NOT the published January 2011 rates. */
export const DEMO_LHA: Record<string, number> = { shared: 5_500, "1bed": 9_000, "2bed": 10_500, "3bed": 11_800, "4bed": 16_000 };

export interface DemoInvoiceLine {
  lineNo: number;
  unitRef: string;
  householdRef: string;
  from: IsoDate;
  to: IsoDate;
  amountPence: number;
}
export interface DemoInvoice {
  providerId: number;
  invoiceRef: string;
  receivedOn: IsoDate;
  status: "received" | "approved";
  lines: DemoInvoiceLine[];
}
export interface Planted {
  voidNights: { invoiceRef: string; unitRef: string; from: IsoDate; to: IsoDate }[];
  wrongRate: { invoiceRef: string; lineNo: number; excessPence: number }[];
  duplicate: { invoiceRef: string; unitRef: string; night: IsoDate; alsoOn: string }[];
  unbilled: { invoiceRef: string; unitRef: string; from: IsoDate; to: IsoDate }[];
}

/** The invoices the three busiest hotel or agent providers send for the last three months, mistakes planted. */
export async function planDemoInvoices(db: Conn, data: DemoData, today: IsoDate): Promise<{ invoices: DemoInvoice[]; planted: Planted }> {
  const planted: Planted = { voidNights: [], wrongRate: [], duplicate: [], unbilled: [] };
  const firstMonth = addMonths(startOfMonth(today), -3);
  const months = [firstMonth, addMonths(firstMonth, 1), addMonths(firstMonth, 2)];
  const periodEnd = addMonths(firstMonth, 3);
  const unitById = new Map(data.units.map((u) => [u.id, u]));
  const propById = new Map(data.properties.map((p) => [p.id, p]));
  const caseRef = new Map(data.households.map((h) => [h.id, h.case_ref]));
  const byUnit = new Map<number, GPlacement[]>();
  for (const p of data.placements) {
    if (p.start_date >= periodEnd || (p.end_date !== null && p.end_date <= firstMonth)) continue;
    const list = byUnit.get(p.unit_id) ?? [];
    list.push(p);
    byUnit.set(p.unit_id, list);
  }
  const providerOf = (unitId: number) => propById.get(unitById.get(unitId)!.property_id)!.provider_id;
  // The three hotel or agent providers with the most placements in the period.
  const counts = new Map<number, number>();
  for (const [unitId, ps] of byUnit) counts.set(providerOf(unitId), (counts.get(providerOf(unitId)) ?? 0) + ps.length);
  const chosen = [...counts]
    .filter(([id]) => ["hotel", "agent"].includes(data.providers[id - 1].provider_type))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([id]) => id)
    .sort((a, b) => a - b);

  // The agreed cost of each night of the stays priced below: stays from each placement's
  // start and from each month's first night (a line's first night), as the check prices them.
  const pairs: { unitId: number; start: IsoDate }[] = [];
  for (const [unitId, ps] of byUnit) {
    if (!chosen.includes(providerOf(unitId))) continue;
    for (const start of new Set([...ps.map((p) => p.start_date), ...months])) pairs.push({ unitId, start });
  }
  const priced = await nightPrices(db, pairs, addDays(firstMonth, -1), addDays(periodEnd, 3));
  /** Cost of the nights of the stay [start, end) in the window, and how many had no rate. */
  const costOfStay = (unitId: number, start: IsoDate, end: IsoDate | null, window: NightWindow) => {
    const span = clip(start, end, window);
    let pence = 0,
      unpricedNights = 0;
    for (const night of span ? eachNight(span.from, span.to) : []) {
      const p = priced.get(`${unitId}|${start}|${night}`);
      if (p === undefined) throw new Error(`Demo invoices: no price for unit ${unitId}, a stay from ${start}, ${night}`);
      if (p === null) unpricedNights += 1;
      else pence += p;
    }
    return { pence, unpricedNights };
  };

  const invoices: DemoInvoice[] = [];
  chosen.forEach((providerId, pi) => {
    months.forEach((m, mi) => {
      const mEnd = addMonths(m, 1);
      const lines: DemoInvoiceLine[] = [];
      const units = [...byUnit.keys()].filter((u) => providerOf(u) === providerId).sort((a, b) => a - b);
      for (const unitId of units) {
        for (const p of byUnit.get(unitId)!.sort((a, b) => (a.start_date < b.start_date ? -1 : 1))) {
          const from = maxDate(p.start_date, m),
            to = p.end_date === null ? mEnd : minDate(p.end_date, mEnd);
          if (from >= to || from >= today) continue;
          const cut = minDate(to, today);
          const cost = costOfStay(unitId, p.start_date, p.end_date, { from, to: cut });
          if (cost.unpricedNights > 0) continue;
          lines.push({
            lineNo: lines.length + 1,
            unitRef: unitById.get(unitId)!.unit_ref,
            householdRef: caseRef.get(p.household_id) ?? "",
            from,
            to: cut,
            amountPence: cost.pence,
            placement: p,
          } as DemoInvoiceLine & { placement: GPlacement });
        }
      }
      if (lines.length === 0) return;
      const ref = `INV-${String(providerId).padStart(3, "0")}-${m.slice(0, 7)}`;
      const unitEmptyAfter = (l: DemoInvoiceLine & { placement?: GPlacement }, nights: number) => {
        const unitId = l.placement!.unit_id;
        const end = l.placement!.end_date;
        if (!end || end !== l.to || addDays(end, nights) > mEnd) return false;
        // byUnit holds every placement that overlaps the invoiced months, so it is enough.
        const until = addDays(end, nights);
        return !(byUnit.get(unitId) ?? []).some(
          (q) => q !== l.placement && q.start_date < until && (q.end_date === null || q.end_date > end),
        );
      };
      const typed = lines as (DemoInvoiceLine & { placement?: GPlacement })[];
      if (mi === 0 && planted.voidNights.length === 0) {
        // Three nights billed after check-out, at the agreed nightly cost of the stay.
        const l = typed.find((x) => unitEmptyAfter(x, 3) && x.to < addDays(mEnd, -3));
        if (l) {
          const extra = costOfStay(l.placement!.unit_id, l.from, addDays(l.to, 3), { from: l.to, to: addDays(l.to, 3) });
          if (extra.unpricedNights === 0) {
            planted.voidNights.push({ invoiceRef: ref, unitRef: l.unitRef, from: l.to, to: addDays(l.to, 3) });
            l.amountPence += extra.pence;
            l.to = addDays(l.to, 3);
          }
        }
      }
      if (pi === 1 && mi === 1 && typed.length > 1) {
        // A line billed 10% above the agreed cost.
        const l = typed[1];
        const excess = Math.round(l.amountPence / 10);
        l.amountPence += excess;
        planted.wrongRate.push({ invoiceRef: ref, lineNo: l.lineNo, excessPence: excess });
      }
      if (pi === 2 && mi === 1) {
        // The last night of the previous month billed again at the start of this line.
        const l = typed.find((x) => x.from === m && x.placement!.start_date < m);
        if (l) {
          const night = addDays(m, -1);
          const extra = costOfStay(l.placement!.unit_id, l.placement!.start_date, l.placement!.end_date, {
            from: night,
            to: m,
          });
          l.amountPence += extra.pence;
          l.from = night;
          planted.duplicate.push({
            invoiceRef: ref,
            unitRef: l.unitRef,
            night,
            alsoOn: `INV-${String(providerId).padStart(3, "0")}-${night.slice(0, 7)}`,
          });
        }
      }
      if (mi === 2 && planted.unbilled.length === 0) {
        // A line that stops two nights short of the check-out: nights the provider did not bill.
        const l = typed.find((x) => x.placement!.end_date === x.to && addDays(x.from, 3) < x.to);
        if (l) {
          const cost = costOfStay(l.placement!.unit_id, l.placement!.start_date, l.placement!.end_date, {
            from: l.from,
            to: addDays(l.to, -2),
          });
          planted.unbilled.push({ invoiceRef: ref, unitRef: l.unitRef, from: addDays(l.to, -2), to: l.to });
          l.to = addDays(l.to, -2);
          l.amountPence = cost.pence;
        }
      }
      invoices.push({
        providerId,
        invoiceRef: ref,
        receivedOn: addDays(mEnd, 3) < today ? addDays(mEnd, 3) : today,
        status: mi === 0 && pi === 2 ? "approved" : "received",
        lines: typed.map(({ placement: _p, ...l }) => l),
      });
    });
  });
  return { invoices, planted };
}

/** Loads the demo money data inside the demo load transaction. */
export async function loadDemoMoney(trx: Transaction<DB>, data: DemoData, today: IsoDate): Promise<Planted> {
  await trx.insertInto("brmas").values({ name: DEMO_BRMA, in_london: false, illustrative: true }).execute();
  await trx
    .insertInto("lha_rates")
    .values(Object.entries(DEMO_LHA).map(([category, weekly_pence]) => ({ brma: DEMO_BRMA, category: category as never, weekly_pence })))
    .execute();
  // Council and housing association stock: a weekly charge to the household, below the cost.
  const charges = data.units
    .filter((u) => u.ta_type_code === "council_ha_stock" && u.in_use_from)
    .map((u) => ({ unit_id: u.id, effective_from: u.in_use_from!, weekly_pence: 8_500 + u.bedrooms * 1_250 }));
  for (let i = 0; i < charges.length; i += 1000)
    await trx
      .insertInto("unit_charges")
      .values(charges.slice(i, i + 1000))
      .execute();
  const { invoices, planted } = await planDemoInvoices(trx, data, today);
  for (const inv of invoices) {
    const row = await trx
      .insertInto("invoices")
      .values({
        provider_id: inv.providerId,
        invoice_ref: inv.invoiceRef,
        received_on: inv.receivedOn,
        status: inv.status,
        status_note: inv.status === "approved" ? "Checked: matches the nights occupied" : "",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("invoice_lines")
      .values(
        inv.lines.map((l) => ({
          invoice_id: row.id,
          line_no: l.lineNo,
          unit_ref: l.unitRef,
          household_ref: l.householdRef,
          from_date: l.from,
          to_date: l.to,
          amount_pence: l.amountPence,
        })),
      )
      .execute();
  }
  await sql`SELECT 1`.execute(trx);
  return planted;
}
