/**
 * The TA type's default for which nights the council pays (issue 18, item 1): a unit whose
 * own `paid_for` is blank takes its type's. Private sector leased is paid every night (a
 * lease); every other type per occupied night (nightly-paid spot purchase). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE ta_types ADD COLUMN paid_for text NOT NULL DEFAULT 'occupied_nights'
      CHECK (paid_for IN ('occupied_nights', 'every_night'))`.execute(db);
  await sql`UPDATE ta_types SET paid_for = 'every_night' WHERE code = 'private_leased'`.execute(db);
}
