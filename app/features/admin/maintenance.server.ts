/**
 * Housekeeping for a nightly job (`waypoint maintain`): nothing here changes a figure
 * any page shows.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";

/**
 * Folds the occupancy ledger (ADR 0016) to one row per TA type and day. Every write adds
 * a few rows; folding keeps the occupancy report's reads bounded by the days and types.
 * Writers wait while it runs (a second or two at national size).
 */
export async function foldOccupancyLedger(db: Kysely<DB>): Promise<{ before: number; after: number }> {
  return db.transaction().execute(async (trx) => {
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM occupancy_changes`.execute(trx)).rows[0].n);
    const before = await count();
    await sql`SELECT compact_occupancy_changes()`.execute(trx);
    return { before, after: await count() };
  });
}
