/** Headline counts for the night of D, from the same households_in_ta and household_facts_on as TA1
 * (db/definitions/households-in-ta.ts, household-facts.ts). */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";

export async function inTaOn(db: Conn, day: IsoDate) {
  const r = await sql<{ households: number; with_children: number; bnb: number }>`
    SELECT count(*) AS households,
           count(*) FILTER (WHERE f.with_children) AS with_children,
           count(*) FILTER (WHERE t.ta1_category = 1) AS bnb
    FROM households_in_ta(${day}::date) t
    CROSS JOIN LATERAL household_facts_on(t.household_id, ${day}::date) f`.execute(db);
  const row = r.rows[0];
  return { households: row.households, withChildren: row.with_children, bnb: row.bnb };
}
