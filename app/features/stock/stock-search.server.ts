/**
 * Stock you can search (issue 21, item 4): units filtered by free tonight, void now (and for
 * how long), TA type, bedrooms, step-free, district, provider, inspection grade, do not use and
 * certificate expired, on a date. The state of each unit comes from its one definition in SQL:
 * unit_stock_on (db/definitions/stock-state.ts) and unit_standards (unit-standards.ts). The
 * page and the CSV read the same query.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";
import { withoutControlCharacters } from "~/lib/forms.server";

export const STOCK_PAGE_SIZE = 25;

const yes = z
  .string()
  .optional()
  .transform((s) => s === "yes");
/** The filters, from the query string: a bad value falls back to "any", never a 500. */
export const stockFilterSchema = z.object({
  q: z.string().max(200).transform(withoutControlCharacters).optional().catch("").default(""),
  free: yes.catch(false),
  void: z.enum(["", "any", "7", "28", "90"]).optional().catch("").default(""),
  type: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .optional()
    .catch(undefined),
  bedrooms: z.enum(["", "0", "1", "2", "3", "4", "5+"]).optional().catch("").default(""),
  stepfree: yes.catch(false),
  district: z
    .string()
    .regex(/^(in|out|[EWSN]\d{8})$/)
    .optional()
    .catch(undefined),
  provider: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  grade: z.enum(["", "A", "B", "C", "D", "E", "none"]).optional().catch("").default(""),
  dnu: yes.catch(false),
  expired: yes.catch(false),
  current: yes.catch(false),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100_000))
    .optional()
    .catch(1)
    .default(1),
});
export type StockFilters = z.output<typeof stockFilterSchema>;

const like = (term: string) => `%${term.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export interface StockRow {
  id: number;
  unit_ref: string;
  name: string;
  bedrooms: number;
  max_occupants: number;
  step_free: boolean;
  retired_on: string | null;
  property_id: number;
  property_name: string;
  town: string;
  district_gss: string;
  out_of_district: boolean;
  provider_id: number;
  provider_name: string;
  ta_type_code: string;
  ta_type: string;
  in_use: boolean;
  free_tonight: boolean;
  booked: boolean;
  void_since: string | null;
  void_nights: number | null;
  grade: string | null;
  do_not_use: string[];
  expired: string[];
}

/**
 * Units matching the filters on the night of `on`, in unit reference order: a page of them
 * (page set), or all of them for the CSV (page null, at most `cap`). Retired units are listed
 * unless left out (`current`); a filter on the night's state leaves out units not in use that night.
 */
export async function searchStock(db: Conn, f: StockFilters, on: IsoDate, page: number | null, cap = 200_000) {
  const where = [sql`true`];
  const term = f.q.trim();
  if (term)
    where.push(
      sql`(lower(u.unit_ref) LIKE ${like(term)} OR lower(p.name) LIKE ${like(term)} OR lower(pr.name) LIKE ${like(term)} OR lower(p.postcode) LIKE ${like(term)})`,
    );
  if (f.current) where.push(sql`(u.retired_on IS NULL OR u.retired_on > ${on}::date)`);
  if (f.free) where.push(sql`k.free_tonight`);
  if (f.void) where.push(f.void === "any" ? sql`NOT k.booked` : sql`NOT k.booked AND k.void_nights >= ${Number(f.void)}`);
  if (f.type) where.push(sql`u.ta_type_code = ${f.type}`);
  if (f.bedrooms) where.push(f.bedrooms === "5+" ? sql`u.bedrooms >= 5` : sql`u.bedrooms = ${Number(f.bedrooms)}`);
  if (f.stepfree) where.push(sql`u.step_free`);
  if (f.district === "in") where.push(sql`NOT uf.out_of_district`);
  else if (f.district === "out") where.push(sql`uf.out_of_district`);
  else if (f.district) where.push(sql`uf.district_gss = ${f.district}`);
  if (f.provider) where.push(sql`pr.id = ${f.provider}`);
  if (f.grade === "none") where.push(sql`st.grade IS NULL`);
  else if (f.grade) where.push(sql`st.grade = ${f.grade}`);
  if (f.dnu) where.push(sql`cardinality(st.do_not_use) > 0`);
  if (f.expired) where.push(sql`cardinality(st.expired) > 0`);
  const filter = sql.join(where, sql` AND `);
  // The night's state and the standards are joined only when a filter needs them: counting the
  // whole stock through them for a plain list would test every unit (153,000 at national size).
  const needsState = f.free || !!f.void;
  const needsStandards = !!f.grade || f.dnu || f.expired;
  const from = sql`
    FROM units u
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id
    JOIN unit_facts uf ON uf.unit_id = u.id
    ${needsState ? sql`JOIN unit_stock_on(${on}::date) k ON k.unit_id = u.id` : sql``}
    ${needsStandards ? sql`CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, ${on}::date) st` : sql``}
    WHERE ${filter}`;
  const ids = await sql<{ id: number }>`
    SELECT u.id ${from}
    ORDER BY u.unit_ref, u.id
    LIMIT ${page === null ? cap : STOCK_PAGE_SIZE} OFFSET ${page === null ? 0 : (page - 1) * STOCK_PAGE_SIZE}`.execute(db);
  const total = page === null ? ids.rows.length : Number((await sql<{ n: number }>`SELECT count(*) AS n ${from}`.execute(db)).rows[0].n);
  const list = ids.rows.map((r) => Number(r.id));
  const rows = list.length
    ? await sql<StockRow>`
    SELECT u.id, u.unit_ref, u.name, u.bedrooms, u.max_occupants, u.step_free, u.retired_on,
           p.id AS property_id, p.name AS property_name, p.town, uf.district_gss, uf.out_of_district,
           pr.id AS provider_id, pr.name AS provider_name, u.ta_type_code, t.name AS ta_type,
           k.unit_id IS NOT NULL AS in_use, coalesce(k.free_tonight, false) AS free_tonight, coalesce(k.booked, false) AS booked,
           k.void_since, k.void_nights, st.grade, st.do_not_use, st.expired
    FROM units u
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id
    JOIN ta_types t ON t.code = u.ta_type_code
    JOIN unit_facts uf ON uf.unit_id = u.id
    LEFT JOIN (SELECT * FROM unit_stock_on(${on}::date)) k ON k.unit_id = u.id
    CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, ${on}::date) st
    WHERE u.id = ANY(${list}::bigint[])
    ORDER BY u.unit_ref, u.id`.execute(db)
    : { rows: [] as StockRow[] };
  return { total, pages: Math.max(1, Math.ceil(total / STOCK_PAGE_SIZE)), rows: rows.rows };
}

/** The districts and providers to choose from. */
export async function stockFilterChoices(db: Conn) {
  const districts = await db.selectFrom("unit_facts").select("district_gss").distinct().orderBy("district_gss").limit(500).execute();
  const providers = await db.selectFrom("providers").select(["id", "name"]).orderBy("name").limit(5000).execute();
  const types = await db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute();
  return { districts: districts.map((d) => d.district_gss).filter((d): d is string => !!d), providers, types };
}
