/**
 * Functions, triggers and views now live as their current text in db/definitions and are
 * applied when that text changes (ADR 0018). This table records what was applied.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE schema_definitions (
      name text PRIMARY KEY,
      hash text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
