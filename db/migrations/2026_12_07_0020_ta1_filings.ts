/**
 * A quarter's TA1 marked as filed keeps the figures sent and the households behind each
 * line, so the TA1 page can show what changed since (late entries, corrections).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE ta1_filings (
      id bigserial PRIMARY KEY,
      as_of date NOT NULL UNIQUE,
      counts jsonb NOT NULL,
      filed_by bigint REFERENCES users(id),
      filed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE ta1_filed_households (
      filing_id bigint NOT NULL REFERENCES ta1_filings(id),
      line text NOT NULL,
      household_id bigint NOT NULL REFERENCES households(id),
      PRIMARY KEY (filing_id, line, household_id)
    )`.execute(db);
}
