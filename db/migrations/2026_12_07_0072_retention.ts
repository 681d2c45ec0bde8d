/**
 * Retention (issue 22, item 2; ADR 0038): a closed case is anonymised once the council's
 * retention period has passed since its last placement ended or its case closed, unless an
 * administrator has put it on legal hold. The hold (its reason, who, when) and the time a
 * case was anonymised are kept on the household; the period is a setting
 * (settings.retention_years). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE households ADD COLUMN legal_hold_reason text CHECK (legal_hold_reason IS NULL OR length(legal_hold_reason) BETWEEN 1 AND 500)`.execute(
    db,
  );
  await sql`ALTER TABLE households ADD COLUMN legal_hold_by bigint REFERENCES users(id)`.execute(db);
  await sql`ALTER TABLE households ADD COLUMN legal_hold_at timestamptz`.execute(db);
  await sql`ALTER TABLE households ADD COLUMN anonymised_at timestamptz`.execute(db);
}
