/**
 * Indexes for the reports. Frozen: never edit; add a new migration.
 * - placements(episode_id): the TA1 six-week line adds up the B&B nights of each
 *   household's current episode; without it that is a scan of every placement
 *   per household in TA.
 * - episodes(end_date): exits per period and exits by destination.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS placements_episode_idx ON placements (episode_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS episodes_end_idx ON episodes (end_date)`.execute(db);
}
