/**
 * Budgets (issue 18, item 4): an amount per financial year and TA type, optionally narrowed
 * to a provider or a cost centre, entered or imported from CSV (all rows or none), held
 * against what the council pays (gross cost of occupied nights plus void cost) to date and
 * the forecast for the year at the run-rate (forecastYear's rule, per type or provider).
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { addDays, addMonths, daysBetween, financialYearStart, type IsoDate } from "~/lib/dates";
import { parsePounds, runRateForecast } from "~/features/money/money";
import { spendBy, paidPence, type SpendRow } from "~/features/money/spend.server";
import { csvRows } from "~/features/invoices/invoice-csv";

/** Budgets can be set for the financial years from two before this one to two after. */
export function budgetYears(today: IsoDate): number[] {
  const y = Number(financialYearStart(today).slice(0, 4));
  return [y - 2, y - 1, y, y + 1, y + 2];
}
export const yearLabel = (y: number) => `${y} to ${y + 1}`;

export const budgetSchema = z
  .object({
    year: z.coerce.number({ error: "Select the financial year" }).int("Select the financial year"),
    taType: z.string({ error: "Select the type of accommodation" }).trim().min(1, "Select the type of accommodation"),
    providerId: z
      .string()
      .optional()
      .default("")
      .transform((s, ctx) => {
        if (s.trim() === "") return null;
        const n = Number(s);
        if (!Number.isSafeInteger(n) || n <= 0) {
          ctx.addIssue({ code: "custom", message: "Select a provider from the list" });
          return z.NEVER;
        }
        return n;
      }),
    costCentre: z
      .string()
      .optional()
      .default("")
      .transform((s) => s.trim())
      .pipe(z.string().max(60, "The cost centre must be 60 characters or fewer"))
      .transform((s) => (s === "" ? null : s)),
    amount: z
      .string()
      .optional()
      .default("")
      .transform((s, ctx) => {
        const r = parsePounds(s, { allowNegative: true });
        if (!r.ok) {
          ctx.addIssue({ code: "custom", message: r.reason === "Enter an amount" ? "Enter the budget" : r.reason });
          return z.NEVER;
        }
        if (r.pence < 0) {
          ctx.addIssue({ code: "custom", message: "The budget must be £0.00 or more" });
          return z.NEVER;
        }
        if (r.pence > 100_000_000_000_00) {
          ctx.addIssue({ code: "custom", message: "The budget must be £100,000,000,000.00 or less" });
          return z.NEVER;
        }
        return r.pence;
      }),
  })
  .superRefine((v, ctx) => {
    if (v.providerId !== null && v.costCentre !== null)
      ctx.addIssue({ code: "custom", path: ["costCentre"], message: "Give a provider or a cost centre, not both" });
  });
export type BudgetInput = z.output<typeof budgetSchema>;

interface Scope {
  year: number;
  ta_type_code: string;
  provider_id: number | null;
  cost_centre: string | null;
}

/**
 * Two budgets overlap when they are for the same year and type, unless both are narrowed
 * to different providers or both to different cost centres: a type-wide budget covers
 * every provider and cost centre of its type, and a provider's spend may sit in any cost centre.
 */
export function overlaps(a: Scope, b: Scope): boolean {
  if (a.year !== b.year || a.ta_type_code !== b.ta_type_code) return false;
  if (a.provider_id !== null && b.provider_id !== null) return a.provider_id === b.provider_id;
  if (a.cost_centre !== null && b.cost_centre !== null) return a.cost_centre.toLowerCase() === b.cost_centre.toLowerCase();
  return true;
}

export type SaveBudgetsResult = { ok: true; ids: number[] } | { ok: false; problems: { index: number; field: string; message: string }[] };

/**
 * Saves budgets in one transaction: every one or, when any is refused (unknown type or
 * provider, a year out of range, overlapping one already saved or another of the same
 * set), none. The table is locked for the check, so two people cannot both add an overlap.
 */
export async function saveBudgets(
  db: Kysely<DB>,
  actorId: number | null,
  inputs: readonly BudgetInput[],
  today: IsoDate,
): Promise<SaveBudgetsResult> {
  const years = budgetYears(today);
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE budgets IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const types = await trx.selectFrom("ta_types").select(["code", "name"]).execute();
    const typeName = new Map(types.map((t) => [t.code, t.name]));
    const providerIds = [...new Set(inputs.map((i) => i.providerId).filter((p): p is number => p !== null))];
    const providers = providerIds.length
      ? await trx.selectFrom("providers").select(["id", "name"]).where("id", "in", providerIds).execute()
      : [];
    const providerName = new Map(providers.map((p) => [p.id, p.name]));
    const existing = await trx.selectFrom("budgets").selectAll().execute();
    const problems: { index: number; field: string; message: string }[] = [];
    const accepted: Scope[] = [];
    const describe = (s: Scope) =>
      `${typeName.get(s.ta_type_code) ?? s.ta_type_code}${s.provider_id !== null ? `, ${providerName.get(s.provider_id) ?? "a provider"}` : ""}${s.cost_centre !== null ? `, cost centre ${s.cost_centre}` : ""} in ${yearLabel(s.year)}`;
    inputs.forEach((input, index) => {
      const scope: Scope = { year: input.year, ta_type_code: input.taType, provider_id: input.providerId, cost_centre: input.costCentre };
      if (!years.includes(input.year))
        problems.push({
          index,
          field: "year",
          message: `Select a financial year from ${yearLabel(years[0])} to ${yearLabel(years[years.length - 1])}`,
        });
      else if (!typeName.has(input.taType)) problems.push({ index, field: "taType", message: "Select the type of accommodation" });
      else if (input.providerId !== null && !providerName.has(input.providerId))
        problems.push({ index, field: "providerId", message: "Select a provider from the list" });
      else {
        const clash = existing.find((e) => overlaps(e, scope));
        const inSet = accepted.findIndex((a) => overlaps(a, scope));
        if (clash) problems.push({ index, field: "taType", message: `The budget overlaps one already set: ${describe(clash)}` });
        else if (inSet >= 0)
          problems.push({ index, field: "taType", message: `The budget overlaps another in the same file: ${describe(accepted[inSet])}` });
        else accepted.push(scope);
      }
    });
    if (problems.length) return { ok: false as const, problems };
    const ids: number[] = [];
    for (const input of inputs) {
      const row = await trx
        .insertInto("budgets")
        .values({
          year: input.year,
          ta_type_code: input.taType,
          provider_id: input.providerId,
          cost_centre: input.costCentre,
          amount_pence: input.amount,
          created_by: actorId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "create", entity: "budget", entityId: row.id, after: row });
      ids.push(row.id);
    }
    return { ok: true as const, ids };
  });
}

export const BUDGET_CSV_COLUMNS = ["financial_year", "ta_type", "provider", "cost_centre", "amount"] as const;

/**
 * Reads a budget file: financial_year as the year it starts ("2026") or "2026-27", ta_type a
 * TA type code, provider a provider's name exactly (blank: none), cost_centre (blank: none),
 * amount in pounds. Rows are checked with budgetSchema; names are looked up by the caller's lists.
 */
export function parseBudgetCsv(
  text: string,
  providersByName: ReadonlyMap<string, number>,
): { ok: true; rows: BudgetInput[] } | { ok: false; problems: { row: number; message: string }[] } {
  const all = csvRows(text).filter((r) => r.some((c) => c.trim() !== ""));
  if (all.length === 0) return { ok: false, problems: [{ row: 1, message: "The file is empty" }] };
  const header = all[0].map((h) => h.trim().toLowerCase());
  const missing = BUDGET_CSV_COLUMNS.filter((c) => c !== "provider" && c !== "cost_centre" && !header.includes(c));
  if (missing.length)
    return { ok: false, problems: [{ row: 1, message: `The first row must name the columns; missing: ${missing.join(", ")}` }] };
  const problems: { row: number; message: string }[] = [];
  const rows: BudgetInput[] = [];
  all.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: string) => (header.includes(c) ? (cells[header.indexOf(c)] ?? "").trim() : "");
    const fy = /^(\d{4})(?:-(\d{2}))?$/.exec(cell("financial_year"));
    if (!fy || (fy[2] !== undefined && Number(fy[2]) !== (Number(fy[1]) + 1) % 100)) {
      problems.push({ row, message: "financial_year must be the year it starts, like 2026 or 2026-27" });
      return;
    }
    const provider = cell("provider");
    const providerId = provider === "" ? "" : providersByName.get(provider.toLowerCase());
    if (providerId === undefined) {
      problems.push({ row, message: `No provider called ${provider}` });
      return;
    }
    const r = budgetSchema.safeParse({
      year: fy[1],
      taType: cell("ta_type"),
      providerId: String(providerId),
      costCentre: cell("cost_centre"),
      amount: cell("amount"),
    });
    if (!r.success) {
      for (const issue of r.error.issues) problems.push({ row, message: issue.message });
      return;
    }
    rows.push(r.data);
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 2, message: "The file has no budgets" });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

export interface BudgetLine {
  id: number;
  year: number;
  taType: string;
  taTypeName: string;
  providerId: number | null;
  providerName: string | null;
  costCentre: string | null;
  budgetPence: number;
  /** Paid (gross of occupied nights + void) from 1 April to last night; null for a cost-centre budget (units carry no cost centre). */
  toDatePence: number | null;
  /** To date plus the rest of the year at the run-rate of the last 28 nights; null as above. */
  forecastPence: number | null;
  /** Budget minus forecast: positive is under budget. */
  variancePence: number | null;
}

/** Every budget of a financial year against what was paid to date and the forecast for the year. */
export async function budgetReport(db: Conn, today: IsoDate, year: number, basisNights = 28): Promise<BudgetLine[]> {
  const fyFrom = `${year}-04-01` as IsoDate;
  const fyTo = addMonths(fyFrom, 12);
  const budgets = await db
    .selectFrom("budgets as b")
    .innerJoin("ta_types as t", "t.code", "b.ta_type_code")
    .leftJoin("providers as p", "p.id", "b.provider_id")
    .select([
      "b.id",
      "b.year",
      "b.ta_type_code",
      "t.name as ta_type_name",
      "b.provider_id",
      "p.name as provider_name",
      "b.cost_centre",
      "b.amount_pence",
    ])
    .where("b.year", "=", year)
    .orderBy("t.sort_order")
    .orderBy("b.ta_type_code")
    .orderBy("p.name")
    .orderBy("b.cost_centre")
    .execute();
  if (budgets.length === 0) return [];
  const end = today < fyTo ? today : fyTo;
  const sums = async (from: IsoDate, to: IsoDate) => {
    const m = new Map<string, SpendRow>();
    if (to <= from) return m;
    for (const r of await spendBy(db, { from, to, group: "ta_type" })) m.set(r.key, r);
    for (const r of await spendBy(db, { from, to, group: "ta_type_provider" })) m.set(r.key, r);
    return m;
  };
  const toDate = await sums(fyFrom, end);
  const recentFrom = addDays(today, -basisNights);
  const recent = await sums(recentFrom, today);
  const nightsLeft = today < fyTo ? daysBetween(today > fyFrom ? today : fyFrom, fyTo) : 0;
  return budgets.map((b) => {
    const key = b.provider_id === null ? b.ta_type_code : `${b.ta_type_code}:${b.provider_id}`;
    const attributable = b.cost_centre === null;
    const done = toDate.get(key);
    const run = recent.get(key);
    const paid = done ? paidPence(done) : 0;
    const forecast = paid + runRateForecast(run ? paidPence(run) : 0, basisNights, nightsLeft);
    return {
      id: Number(b.id),
      year: b.year,
      taType: b.ta_type_code,
      taTypeName: b.ta_type_name,
      providerId: b.provider_id === null ? null : Number(b.provider_id),
      providerName: b.provider_name,
      costCentre: b.cost_centre,
      budgetPence: Number(b.amount_pence),
      toDatePence: attributable ? paid : null,
      forecastPence: attributable ? forecast : null,
      variancePence: attributable ? Number(b.amount_pence) - forecast : null,
    };
  });
}
