/** The January 2011 LHA reference table, per BRMA: read for subsidy estimates, edited by an administrator. */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { LhaCategory } from "~/lib/vocabulary";
import type { LhaTable } from "~/features/money/money";
import { parsePounds } from "~/features/money/money";
import { audit } from "~/lib/audit.server";
import { csvRows } from "~/features/invoices/invoice-csv";

import { LHA_CATEGORIES, choicesOf } from "~/lib/vocabulary";
import type { Conn } from "~/lib/db/connect";
const MAX_LHA_PENCE = 1_000_000;

export async function getLha(db: Conn) {
  const brmas = await db.selectFrom("brmas").selectAll().orderBy("name").execute();
  const rows = await db.selectFrom("lha_rates").selectAll().execute();
  const table: Record<string, Partial<Record<LhaCategory, number>>> = {};
  for (const b of brmas) table[b.name] = {};
  for (const r of rows) (table[r.brma] ??= {})[r.category] = r.weekly_pence;
  return { brmas, table: table as LhaTable };
}

const money = (label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      if (s.trim() === "") return null;
      const r = parsePounds(s);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: `${label}: ${r.reason.charAt(0).toLowerCase()}${r.reason.slice(1)}` });
        return z.NEVER;
      }
      if (r.pence > MAX_LHA_PENCE) {
        ctx.addIssue({ code: "custom", message: `${label} must be £10,000.00 a week or less` });
        return z.NEVER;
      }
      return r.pence;
    });

export const lhaSchema = z.object({
  brma: z.string().trim().min(1, "Enter the broad rental market area").max(100, "The name must be 100 characters or fewer"),
  inLondon: z.enum(["yes", "no"], { error: "Select whether the area is in London" }).transform((v) => v === "yes"),
  illustrative: z.enum(["yes", "no"], { error: "Select whether the figures are the published ones" }).transform((v) => v === "no"),
  shared: money("Shared accommodation"),
  "1bed": money("1 bedroom"),
  "2bed": money("2 bedrooms"),
  "3bed": money("3 bedrooms"),
  "4bed": money("4 bedrooms"),
});
export type LhaInput = z.output<typeof lhaSchema>;

/** Adds or replaces one BRMA's row (blank figures are removed), audited before and after. */
export async function saveLha(db: Kysely<DB>, actorId: number | null, input: LhaInput): Promise<void> {
  await db.transaction().execute((trx) => saveLhaIn(trx, actorId, input));
}

/** Imports areas from a CSV file (see parseLhaCsv) in one transaction: all of them or, on a problem, none. */
export async function importLha(db: Kysely<DB>, actorId: number | null, inputs: readonly LhaInput[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const input of inputs) await saveLhaIn(trx, actorId, input);
  });
}

async function saveLhaIn(trx: Conn, actorId: number | null, input: LhaInput): Promise<void> {
  {
    const beforeB = await trx.selectFrom("brmas").selectAll().where("name", "=", input.brma).forUpdate().executeTakeFirst();
    const beforeR = await trx.selectFrom("lha_rates").select(["category", "weekly_pence"]).where("brma", "=", input.brma).execute();
    if (beforeB)
      await trx
        .updateTable("brmas")
        .set({ in_london: input.inLondon, illustrative: input.illustrative, updated_at: new Date() })
        .where("name", "=", input.brma)
        .execute();
    else await trx.insertInto("brmas").values({ name: input.brma, in_london: input.inLondon, illustrative: input.illustrative }).execute();
    await trx.deleteFrom("lha_rates").where("brma", "=", input.brma).execute();
    const rows = choicesOf(LHA_CATEGORIES)
      .filter((c) => input[c.value] !== null)
      .map((c) => ({
        brma: input.brma,
        category: c.value,
        weekly_pence: input[c.value] as number,
      }));
    if (rows.length) await trx.insertInto("lha_rates").values(rows).execute();
    await audit(trx, {
      userId: actorId,
      action: beforeB ? "update" : "create",
      entity: "lha_rates",
      entityId: input.brma,
      before: beforeB ? { ...beforeB, rates: beforeR } : undefined,
      after: {
        name: input.brma,
        in_london: input.inLondon,
        illustrative: input.illustrative,
        rates: rows.map((r) => ({ category: r.category, weekly_pence: r.weekly_pence })),
      },
    });
  }
}

/** The columns of an LHA file, in any order: one row per broad rental market area. */
export const LHA_CSV_COLUMNS = ["brma", "in_london", "shared", "1bed", "2bed", "3bed", "4bed"] as const;

export interface LhaCsvProblem {
  row: number;
  message: string;
}

/**
 * Reads a file of the published January 2011 LHA figures: columns LHA_CSV_COLUMNS, `in_london`
 * yes or no, weekly rates in pounds (blank: not known). Every row is checked with the same
 * rules as the form (lhaSchema); the areas it brings in are marked as the published figures.
 */
export function parseLhaCsv(text: string): { ok: true; rows: LhaInput[] } | { ok: false; problems: LhaCsvProblem[] } {
  const all = csvRows(text).filter((r) => r.some((c) => c.trim() !== ""));
  if (all.length === 0) return { ok: false, problems: [{ row: 1, message: "The file is empty" }] };
  const header = all[0].map((h) => h.trim().toLowerCase());
  const missing = LHA_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return { ok: false, problems: [{ row: 1, message: `The first row must name the columns; missing: ${missing.join(", ")}` }] };
  const problems: LhaCsvProblem[] = [];
  const rows: LhaInput[] = [];
  const seen = new Map<string, number>();
  all.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: string) => (cells[header.indexOf(c)] ?? "").trim();
    const inLondon = cell("in_london").toLowerCase();
    const r = lhaSchema.safeParse({
      brma: cell("brma"),
      inLondon: inLondon === "" ? undefined : inLondon,
      illustrative: "yes",
      shared: cell("shared"),
      "1bed": cell("1bed"),
      "2bed": cell("2bed"),
      "3bed": cell("3bed"),
      "4bed": cell("4bed"),
    });
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push({ row, message: issue.path[0] === "inLondon" ? "in_london must be yes or no" : issue.message });
      return;
    }
    const key = r.data.brma.toLowerCase();
    if (seen.has(key)) {
      problems.push({ row, message: `${r.data.brma} is also on row ${seen.get(key)}` });
      return;
    }
    seen.set(key, row);
    rows.push(r.data);
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ row: 2, message: "The file has no areas" });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
