/**
 * The financial-year views' spend kept per closed month (issue 23, item 1; ADR 0044): for
 * each calendar month whose nights are all before the day asked, one row per group of the
 * money page's views (kind 'all', 'ta_type', 'provider', 'district'; key as the page keys it)
 * and one marker row (kind 'done', key '') saying the month was computed. Occupied figures
 * are those of the spans (placement x rate period x charge period) whose last night is in
 * the month, from the start of the month's financial year (1 April), each span's subsidy
 * clamped to its gross over that piece, as the views price them; void figures are the
 * month's own void nights. Rows are dropped by the triggers of db/definitions/spend-kept.ts
 * in the writing transaction; missing months are recomputed on the next read (keptGroups in
 * app/features/money/spend.server.ts). `rule` names the code that computed them. Households
 * and placements are not kept (they are counted distinct over the year). No household_id:
 * aggregates only. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE spend_month_groups (
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      kind text NOT NULL CHECK (kind IN ('done', 'all', 'ta_type', 'provider', 'district')),
      key text NOT NULL,
      label text NOT NULL,
      rule text NOT NULL,
      nights bigint NOT NULL,
      priced_nights bigint NOT NULL,
      gross_pence bigint NOT NULL,
      subsidy_pence bigint NOT NULL,
      unknown_subsidy_nights bigint NOT NULL,
      void_nights bigint NOT NULL,
      void_pence bigint NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (month, kind, key)
    )`.execute(db);
}
