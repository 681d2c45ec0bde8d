/**
 * The districts a council places into, by name (issue 20, snag 6): an officer sees
 * "Knowsley (E08000011)", not a bare GSS code, and the s208 notice names the receiving council
 * and the address its notices go to. An administrator keeps the register; a district not in it
 * shows its code. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE districts (
      gss text PRIMARY KEY CHECK (gss ~ '^E0[6-9][0-9]{6}$'),
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
      council text NOT NULL DEFAULT '',
      notice_address text NOT NULL DEFAULT '',
      notice_email text NOT NULL DEFAULT ''
    )`.execute(db);
}
