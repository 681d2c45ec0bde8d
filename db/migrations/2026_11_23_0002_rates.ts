/** The council's cost for each unit, with an effective-from date. Frozen. */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE unit_rates (
      id bigserial PRIMARY KEY,
      unit_id bigint NOT NULL REFERENCES units(id),
      effective_from date NOT NULL,
      amount_pence integer NOT NULL CHECK (amount_pence >= 0),
      basis text NOT NULL DEFAULT 'night' CHECK (basis IN ('night','week')),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT unit_rates_one_per_day UNIQUE (unit_id, effective_from)
    )`.execute(db);
}
