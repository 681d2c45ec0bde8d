/**
 * A placement in a unit that does not suit the household (B&B for a family or a 16 or
 * 17-year-old, too few bedrooms, not step-free when needed: unit_suitability's warnings)
 * carries the reasons found when it was made and the officer's recorded decision
 * (issue 20, item 5). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE placements
      ADD COLUMN unsuitable_reasons text[],
      ADD COLUMN decision_reason text CHECK (decision_reason IN ('emergency_nothing_suitable', 'short_stay_until_suitable', 'household_choice', 'other')),
      ADD COLUMN decision_note text CHECK (length(decision_note) <= 1000),
      ADD CONSTRAINT placements_decision_for_unsuitable CHECK (unsuitable_reasons IS NULL OR cardinality(unsuitable_reasons) = 0 OR decision_reason IS NOT NULL)`.execute(
    db,
  );
  await sql`CREATE INDEX placements_unsuitable_idx ON placements (start_date) WHERE decision_reason IS NOT NULL`.execute(db);
}
