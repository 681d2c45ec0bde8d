/**
 * A unit keeps its own town, postcode and district (issue 16, item 7): councils' units files
 * put flats of one block at several postcodes. Null means the property's, as for
 * address_line_1; unit_facts.district_gss is the one place a unit's district is decided.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE units
      ADD COLUMN town text CHECK (town IS NULL OR length(town) BETWEEN 1 AND 100),
      ADD COLUMN postcode text CHECK (postcode IS NULL OR length(postcode) BETWEEN 1 AND 10),
      ADD COLUMN district_gss text CHECK (district_gss IS NULL OR district_gss ~ '^[EWSN][0-9]{8}$')`.execute(db);
}
