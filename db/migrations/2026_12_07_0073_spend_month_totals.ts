/**
 * Spend of closed months kept on write (issue 23, item 1; ADR 0044): one row per calendar
 * month whose nights are all before the day asked, holding the money page's month figures
 * (occupied and void) as computed afresh by spendBy. A row is deleted, in the writing
 * transaction, by the triggers of db/definitions/spend-kept.ts when anything the month reads
 * changes; a missing row (or one of another rule) is recomputed on the next read. `rule`
 * names the code that computed it. No household_id: aggregates only. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE spend_month_totals (
      month date PRIMARY KEY CHECK (extract(day FROM month) = 1),
      rule text NOT NULL,
      nights bigint NOT NULL,
      priced_nights bigint NOT NULL,
      gross_pence bigint NOT NULL,
      subsidy_pence bigint NOT NULL,
      unknown_subsidy_nights bigint NOT NULL,
      households bigint NOT NULL,
      placements bigint NOT NULL,
      void_nights bigint NOT NULL,
      void_pence bigint NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
