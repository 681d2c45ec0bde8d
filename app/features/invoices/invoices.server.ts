/**
 * Provider invoices: entry, CSV import, status (approved / disputed), and the check
 * against the nights actually occupied (checkInvoice in app/features/invoices/invoices.ts). The
 * check loads everything for a set of invoices in a handful of queries, not per line.
 */
import { keptUntilDataChanges } from "~/lib/cache.server";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "~/lib/db/schema";
import type { InvoiceStatus } from "~/lib/vocabulary";
import { audit } from "~/lib/audit.server";
import { isUniqueViolation } from "~/lib/db/errors";
import { Refusal } from "~/lib/refusal";
import { govukDate } from "~/lib/forms.server";
import { eachNight, maxDate, minDate, type IsoDate } from "~/lib/dates";
import { checkInvoice, totalsByProvider, type BilledNight, type InvoiceCheck } from "~/features/invoices/invoices";
import { MAX_INVOICE_LINE_PENCE, type ParsedInvoiceLine } from "~/features/invoices/invoice-csv";
import { formatPence, parsePounds } from "~/features/money/money";
import { nightPrices } from "~/features/money/cost.server";
import type { Conn } from "~/lib/db/connect";

export const invoiceHeaderSchema = z.object({
  providerId: z.coerce.number({ error: "Select the provider" }).int().positive("Select the provider"),
  invoiceRef: z.string().trim().min(1, "Enter the invoice reference").max(60, "The invoice reference must be 60 characters or fewer"),
  receivedOn: govukDate("date the invoice was received").transform((d) => d as IsoDate),
});

export const invoiceLineSchema = z
  .object({
    unitRef: z.string().trim().min(1, "Enter the unit reference").max(60, "The unit reference must be 60 characters or fewer"),
    householdRef: z.string().trim().max(60, "The household reference must be 60 characters or fewer").optional().default(""),
    firstNight: govukDate("first night").transform((d) => d as IsoDate),
    lastNight: govukDate("last night").transform((d) => d as IsoDate),
    amount: z
      .string()
      .optional()
      .default("")
      .transform((s, ctx) => {
        const r = parsePounds(s);
        if (!r.ok) {
          ctx.addIssue({ code: "custom", message: r.reason === "Enter an amount" ? "Enter the amount" : r.reason });
          return z.NEVER;
        }
        if (r.pence > MAX_INVOICE_LINE_PENCE) {
          ctx.addIssue({ code: "custom", message: `The amount must be ${formatPence(MAX_INVOICE_LINE_PENCE)} or less` });
          return z.NEVER;
        }
        return r.pence;
      }),
  })
  .superRefine((v, ctx) => {
    if (v.firstNight && v.lastNight && v.lastNight < v.firstNight)
      ctx.addIssue({ code: "custom", path: ["lastNight"], message: "The last night must be the same as or after the first night" });
  });

export const statusSchema = z
  .object({
    status: z.enum(["approved", "disputed"], { error: "Select approve or dispute" }),
    note: z.string().trim().max(2000, "The note must be 2000 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.status === "disputed" && v.note === "")
      ctx.addIssue({ code: "custom", path: ["note"], message: "Say why the invoice is disputed" });
  });

/** Creates an invoice with its lines (possibly none yet), in one transaction. */
export async function createInvoice(
  db: Kysely<DB>,
  actorId: number | null,
  input: { providerId: number; invoiceRef: string; receivedOn: IsoDate; lines: readonly ParsedInvoiceLine[] },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const provider = await trx.selectFrom("providers").select("id").where("id", "=", input.providerId).executeTakeFirst();
      if (!provider) throw new Refusal("providerId", "Select the provider");
      const inv = await trx
        .insertInto("invoices")
        .values({ provider_id: input.providerId, invoice_ref: input.invoiceRef, received_on: input.receivedOn, created_by: actorId })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.lines.length) {
        for (let i = 0; i < input.lines.length; i += 1000) {
          await trx
            .insertInto("invoice_lines")
            .values(
              input.lines.slice(i, i + 1000).map((l) => ({
                invoice_id: inv.id,
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
      }
      await audit(trx, {
        userId: actorId,
        action: "create",
        entity: "invoice",
        entityId: inv.id,
        after: { ...inv, lines: input.lines.length },
      });
      return inv.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("invoiceRef", "This provider already has an invoice with this reference");
    throw e;
  }
}

export async function addInvoiceLine(
  db: Kysely<DB>,
  actorId: number | null,
  invoiceId: number,
  l: Omit<ParsedInvoiceLine, "lineNo">,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const inv = await trx.selectFrom("invoices").select(["id", "status"]).where("id", "=", invoiceId).forUpdate().executeTakeFirst();
    if (!inv) throw new Response("Not Found", { status: 404 });
    if (inv.status !== "received") throw new Refusal("unitRef", "This invoice has been decided: lines can no longer be added");
    const next = await trx
      .selectFrom("invoice_lines")
      .select(sql<number>`coalesce(max(line_no), 0) + 1`.as("n"))
      .where("invoice_id", "=", invoiceId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("invoice_lines")
      .values({
        invoice_id: invoiceId,
        line_no: next.n,
        unit_ref: l.unitRef,
        household_ref: l.householdRef,
        from_date: l.from,
        to_date: l.to,
        amount_pence: l.amountPence,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "add_line", entity: "invoice", entityId: invoiceId, after: row });
    return row.id;
  });
}

export async function setInvoiceStatus(
  db: Kysely<DB>,
  actorId: number | null,
  invoiceId: number,
  status: InvoiceStatus,
  note: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("invoices").selectAll().where("id", "=", invoiceId).forUpdate().executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    const after = await trx
      .updateTable("invoices")
      .set({ status, status_note: note, decided_by: actorId, decided_at: new Date() })
      .where("id", "=", invoiceId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: status === "approved" ? "approve" : "dispute",
      entity: "invoice",
      entityId: invoiceId,
      before,
      after,
    });
  });
}

export async function listInvoices(db: Conn) {
  return db
    .selectFrom("invoices as i")
    .innerJoin("providers as p", "p.id", "i.provider_id")
    .select([
      "i.id",
      "i.invoice_ref",
      "i.received_on",
      "i.status",
      "p.id as provider_id",
      "p.name as provider_name",
      sql<number>`(SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id)`.as("lines"),
      sql<number>`(SELECT coalesce(sum(amount_pence), 0)::bigint FROM invoice_lines l WHERE l.invoice_id = i.id)`.as("billed_pence"),
    ])
    .orderBy("i.received_on", "desc")
    .orderBy("i.id", "desc")
    .execute();
}

export async function getInvoice(db: Conn, id: number) {
  const inv = await db
    .selectFrom("invoices as i")
    .innerJoin("providers as p", "p.id", "i.provider_id")
    .leftJoin("users as u", "u.id", "i.decided_by")
    .select([
      "i.id",
      "i.invoice_ref",
      "i.received_on",
      "i.status",
      "i.status_note",
      "i.decided_at",
      "u.name as decided_by_name",
      "p.id as provider_id",
      "p.name as provider_name",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!inv) throw new Response("Not Found", { status: 404 });
  return inv;
}

/** The anchor of a stay with no first night (a unit paid every night with no in-use date). */
const NO_START: IsoDate = "0001-01-01";

/**
 * Checks invoices against occupied nights. For each invoice: its lines, the units on
 * them with their rates, the placements in those units during the invoice's period, and
 * the nights of those units billed on an earlier invoice (received before it, or the same
 * day with a lower id): the first bill for a night is the original, a later one the duplicate.
 */
export async function checkInvoices(db: Conn, invoiceIds: readonly number[], today?: IsoDate): Promise<Map<number, InvoiceCheck>> {
  const out = new Map<number, InvoiceCheck>();
  if (invoiceIds.length === 0) return out;
  const invs = await db
    .selectFrom("invoices as i")
    .innerJoin("providers as p", "p.id", "i.provider_id")
    .select(["i.id", "i.invoice_ref", "i.received_on", "p.name as provider_name"])
    .where("i.id", "in", [...invoiceIds])
    .execute();
  const lines = await db
    .selectFrom("invoice_lines")
    .selectAll()
    .where("invoice_id", "in", [...invoiceIds])
    .orderBy("invoice_id")
    .orderBy("line_no")
    .execute();
  const refs = [...new Set(lines.map((l) => l.unit_ref.trim().toUpperCase()))];
  const units = refs.length
    ? await db
        .selectFrom("units as u")
        .innerJoin("unit_paid_for as pf", "pf.unit_id", "u.id")
        .select(["u.id", "u.unit_ref", "u.in_use_from", "u.retired_on", "pf.paid_for"])
        .where(sql<boolean>`upper(u.unit_ref) = ANY(${refs}::text[])`)
        .execute()
    : [];
  const unitIds = units.map((u) => u.id);
  const canonical = new Map(units.map((u) => [u.unit_ref.toUpperCase(), u.unit_ref]));
  const refOf = (r: string) => canonical.get(r.trim().toUpperCase()) ?? r.trim();
  const valid = lines.filter((l) => l.to_date > l.from_date);
  const from = valid.reduce<IsoDate | null>((m, l) => (m === null ? l.from_date : minDate(m, l.from_date)), null);
  const to = valid.reduce<IsoDate | null>((m, l) => (m === null ? l.to_date : maxDate(m, l.to_date)), null);
  // The placements overlapping the invoices' period, found through the calendar's
  // (unit, nights) index one unit at a time: by (unit, start date) every placement the
  // units ever had was read, so the check slowed as years of history piled up.
  const placements =
    unitIds.length && from && to
      ? (
          await sql<{ id: number; unit_ref: string; case_ref: string; start_date: IsoDate; end_date: IsoDate | null }>`
        SELECT p.id, u.unit_ref, h.case_ref, p.start_date, p.end_date
        FROM unnest(${unitIds}::bigint[]) AS x(unit_id)
        JOIN unit_calendar c ON c.unit_id = x.unit_id AND c.nights && daterange(${from}::date, ${to}::date, '[)') AND c.placement_id IS NOT NULL
        JOIN placements p ON p.id = c.placement_id
        JOIN households h ON h.id = p.household_id
        JOIN units u ON u.id = p.unit_id
        ORDER BY p.id`.execute(db)
        ).rows
      : [];
  const others =
    refs.length && from && to
      ? await db
          .selectFrom("invoice_lines as l")
          .innerJoin("invoices as i", "i.id", "l.invoice_id")
          .select(["l.invoice_id", "i.invoice_ref", "i.received_on", "l.line_no", "l.unit_ref", "l.from_date", "l.to_date"])
          .where(sql<boolean>`upper(l.unit_ref) = ANY(${refs}::text[])`)
          .where("l.from_date", "<", to)
          .where("l.to_date", ">", from)
          .execute()
      : [];
  // The agreed cost of every night of [from, to) in each stay the check prices: a stay from
  // each line's first night (unoccupied nights priced as if the line were a stay), from each
  // placement's start, and from a unit's first night in use when it is paid every night.
  const starts = new Map<number, Set<IsoDate>>();
  const startOf = (unitId: number) => starts.get(unitId) ?? starts.set(unitId, new Set()).get(unitId)!;
  const unitIdOf = new Map(units.map((u) => [u.unit_ref, u.id]));
  for (const l of valid) {
    const id = unitIdOf.get(refOf(l.unit_ref));
    if (id !== undefined) startOf(id).add(l.from_date);
  }
  for (const p of placements) startOf(unitIdOf.get(p.unit_ref)!).add(p.start_date);
  for (const u of units) if (u.paid_for === "every_night") startOf(u.id).add(u.in_use_from ?? NO_START);
  const prices =
    from && to
      ? await nightPrices(
          db,
          [...starts].flatMap(([unitId, set]) => [...set].map((start) => ({ unitId, start }))),
          from,
          to,
        )
      : new Map();
  for (const inv of invs) {
    const mine = lines.filter((l) => l.invoice_id === inv.id);
    const myValid = mine.filter((l) => l.to_date > l.from_date);
    const pFrom = myValid.reduce<IsoDate | null>((m, l) => (m === null ? l.from_date : minDate(m, l.from_date)), null);
    const pTo = myValid.reduce<IsoDate | null>((m, l) => (m === null ? l.to_date : maxDate(m, l.to_date)), null);
    const myRefs = new Set(mine.map((l) => refOf(l.unit_ref)));
    const billedElsewhere: BilledNight[] = [];
    if (pFrom && pTo) {
      for (const o of others) {
        if (o.invoice_id === inv.id || !myRefs.has(refOf(o.unit_ref))) continue;
        // Only earlier invoices count: the first bill for a night is the original, the later one the duplicate.
        if (o.received_on > inv.received_on || (o.received_on === inv.received_on && o.invoice_id > inv.id)) continue;
        const a = maxDate(o.from_date, pFrom),
          b = minDate(o.to_date, pTo);
        if (a >= b) continue;
        for (const night of eachNight(a, b))
          billedElsewhere.push({ unitRef: refOf(o.unit_ref), night, invoiceRef: o.invoice_ref, lineNo: o.line_no });
      }
    }
    const check = checkInvoice({
      invoice: {
        invoiceRef: inv.invoice_ref,
        providerRef: inv.provider_name,
        lines: mine.map((l) => ({
          lineNo: l.line_no,
          unitRef: refOf(l.unit_ref),
          householdRef: l.household_ref,
          from: l.from_date,
          to: l.to_date,
          amountPence: l.amount_pence,
        })),
      },
      units: units
        .filter((u) => myRefs.has(u.unit_ref))
        .map((u) => ({
          unitRef: u.unit_ref,
          price: (start: IsoDate, night: IsoDate) => {
            const p = prices.get(`${u.id}|${start}|${night}`);
            if (p === undefined) throw new Error(`No price loaded for unit ${u.unit_ref}, a stay from ${start}, the night of ${night}`);
            return p;
          },
          paidEveryNight: u.paid_for === "every_night" ? { from: u.in_use_from, to: u.retired_on } : null,
        })),
      // Nights after the invoice's date, or after today, cannot be known to be occupied yet.
      notAfter: today && today < inv.received_on ? today : inv.received_on,
      placements:
        pFrom && pTo
          ? placements
              .filter((p) => myRefs.has(p.unit_ref) && p.start_date < pTo && (p.end_date === null || p.end_date > pFrom))
              .map((p) => ({ id: p.id, unitRef: p.unit_ref, caseRef: p.case_ref, start: p.start_date, end: p.end_date }))
          : [],
      billedElsewhere,
    });
    out.set(inv.id, check);
  }
  return out;
}

/** Checks of every invoice and their totals per provider. */
export async function invoiceOverview(db: Conn, today: IsoDate) {
  return keptUntilDataChanges(db, `invoices:${today}`, () => invoiceOverviewNow(db, today));
}

async function invoiceOverviewNow(db: Conn, today: IsoDate) {
  const list = await listInvoices(db);
  const checks = await checkInvoices(
    db,
    list.map((i) => i.id),
    today,
  );
  const rows = list.map((i) => ({ ...i, check: checks.get(i.id)! }));
  return { rows, providers: totalsByProvider(rows.map((r) => r.check)) };
}
