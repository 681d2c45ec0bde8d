/** Headline counts, set-based. "On D" means the night of D: start <= D < end. */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import { dependentChildSql } from "~/features/households/household-facts.server";
import type { Conn } from "~/lib/db/connect";

export async function inTaOn(db: Conn, day: IsoDate) {
  const r = await sql<{ households: number; with_children: number; bnb: number }>`
    WITH tonight AS (
      SELECT DISTINCT ON (p.household_id) p.household_id, f.is_bnb
      FROM placements p JOIN unit_facts f ON f.unit_id = p.unit_id
      WHERE p.cancelled_at IS NULL AND p.start_date <= ${day}::date
        AND (p.end_date IS NULL OR p.end_date > ${day}::date)
      ORDER BY p.household_id, p.start_date DESC, p.id DESC
    )
    SELECT count(*) AS households,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM household_members m WHERE m.household_id = t.household_id
               AND ${dependentChildSql("m", day)})) AS with_children,
           count(*) FILTER (WHERE t.is_bnb) AS bnb
    FROM tonight t`.execute(db);
  const row = r.rows[0];
  return { households: row.households, withChildren: row.with_children, bnb: row.bnb };
}
