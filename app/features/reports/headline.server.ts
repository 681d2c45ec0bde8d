/** Headline counts for the night of D, from the same rows as TA1 (withNightFacts, ta-night.server.ts). */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";
import { withNightFacts } from "./ta-night.server";
import { councilGss } from "./reports.server";

export async function inTaOn(db: Conn, day: IsoDate) {
  const r = await withNightFacts(db, day, await councilGss(db), (c, facts) =>
    sql<{ households: number; with_children: number; bnb: number }>`
      WITH ${facts}
      SELECT count(*) AS households,
             count(*) FILTER (WHERE with_children) AS with_children,
             count(*) FILTER (WHERE ta1_category = 1) AS bnb
      FROM facts`.execute(c),
  );
  const row = r.rows[0];
  return { households: row.households, withChildren: row.with_children, bnb: row.bnb };
}
