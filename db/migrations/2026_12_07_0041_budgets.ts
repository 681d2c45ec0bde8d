/**
 * Budgets (issue 18, item 4): an amount per financial year (starting 1 April of `year`) and
 * TA type, optionally narrowed to one provider or one cost centre. One budget per scope and
 * year; that a type-wide budget and a narrower one of the same type and year overlap is
 * checked by the app under a lock (app/features/money/budgets.server.ts). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE budgets (
      id bigserial PRIMARY KEY,
      year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      ta_type_code text NOT NULL REFERENCES ta_types(code) ON UPDATE CASCADE,
      provider_id bigint REFERENCES providers(id),
      cost_centre text CHECK (cost_centre IS NULL OR length(cost_centre) BETWEEN 1 AND 60),
      amount_pence bigint NOT NULL CHECK (amount_pence >= 0),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX budgets_one_per_scope ON budgets (year, ta_type_code, coalesce(provider_id, 0), coalesce(cost_centre, ''))`.execute(
    db,
  );
}
