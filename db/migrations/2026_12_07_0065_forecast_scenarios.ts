/**
 * Forecast scenarios (issue 25, item 2): a named set of changes to supply, rates or length
 * of stay that a manager compares with the baseline forecast. The changes are kept as a
 * JSON list, each checked by the app before it is saved (app/features/forecast/scenarios.server.ts),
 * with a finished trial's measured effect copied in, so a saved scenario does not move.
 * made_on: the day it was made (its forecast starts from that day's data). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE forecast_scenarios (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      notes text CHECK (notes IS NULL OR length(notes) <= 2000),
      made_on date NOT NULL,
      changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array' AND jsonb_array_length(changes) BETWEEN 1 AND 20),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX forecast_scenarios_name ON forecast_scenarios (lower(name))`.execute(db);
}
