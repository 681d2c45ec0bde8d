/**
 * Which nights of a unit the council pays for (issue 16, item 6): 'occupied_nights' or
 * 'every_night' (a block booking). Null means the TA type's default, which no rule reads
 * yet: the money issue will. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE units ADD COLUMN paid_for text CHECK (paid_for IN ('occupied_nights', 'every_night'))`.execute(db);
}
