/**
 * Speed at size (issue 8): two facts of each episode kept on write, so reports read
 * episodes without going back over their placements.
 * Frozen once shipped: add a new migration to change it.
 *
 * episodes.bnb_over_limit_on is the episode's 43rd night in a unit whose TA type is
 * TA1 category 1 (B&B), each night counted once even where placements overlap (a
 * split), cancelled placements left out; null while the episode has 42 or fewer such
 * nights in all. So "more than 42 B&B nights up to and including the night of D",
 * which the TA1 six-week line asks of every household in TA, is
 * `bnb_over_limit_on <= D`: one comparison instead of a range_agg over the
 * episode's placements per household.
 *
 * episodes.entry_ta_type is the TA type of the unit of the episode's first placement:
 * length of stay split by TA type at entry then reads episodes alone, not a join over
 * every placement ever made.
 *
 * It is kept by triggers, not by the writers: when episodes are made (rebuild_episodes,
 * which every write to placements calls, the import and the demo bulk load included),
 * when a unit moves to another TA type, and when a TA type moves to another TA1
 * category. An episode's placements are found by household and dates (a placement
 * belongs to the episode its start falls in), not by placements.episode_id, so the
 * trigger does not depend on the order of the statements inside rebuild_episodes.
 * tests/features/placements/episode-facts.db.test.ts checks it against a rebuild from scratch after random
 * writes. See docs/decisions/0015-episode-facts-kept-on-write.md.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE episodes ADD COLUMN bnb_over_limit_on date`.execute(db);
  await sql`ALTER TABLE episodes ADD COLUMN entry_ta_type text`.execute(db);

  // For each given episode: the 43rd B&B night (its B&B nights as one multirange, the
  // ranges in order with the nights before each, and the range holding night 43), and
  // the TA type of its first placement's unit.
  await sql`
    CREATE FUNCTION refresh_episode_facts(episode_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      WITH e AS MATERIALIZED (
        SELECT e.id, e.household_id, e.start_date, e.end_date, e.first_placement_id, e.bnb_over_limit_on, e.entry_ta_type
        FROM unnest(episode_ids) AS x(id) JOIN episodes e ON e.id = x.id
      ), b AS (
        SELECT e.id AS episode_id, unnest(range_agg(daterange(p.start_date, p.end_date, '[)'))) AS r
        FROM e
        JOIN placements p ON p.household_id = e.household_id AND p.start_date >= e.start_date
          AND (e.end_date IS NULL OR p.start_date < e.end_date)
        JOIN units u ON u.id = p.unit_id
        JOIN ta_types t ON t.code = u.ta_type_code
        WHERE p.cancelled_at IS NULL AND t.ta1_category = 1
        GROUP BY e.id
      ), c AS (
        SELECT episode_id, r,
               coalesce(sum(upper(r) - lower(r)) OVER (PARTITION BY episode_id ORDER BY lower(r)
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
        FROM b
      ), n43 AS (
        SELECT episode_id, min(lower(r) + (42 - before)::int) AS on_date
        FROM c
        WHERE before < 43 AND (upper_inf(r) OR before + (upper(r) - lower(r)) >= 43)
        GROUP BY episode_id
      )
      UPDATE episodes u SET bnb_over_limit_on = n43.on_date, entry_ta_type = fu.ta_type_code
      FROM e
      LEFT JOIN n43 ON n43.episode_id = e.id
      JOIN placements fp ON fp.id = e.first_placement_id
      JOIN units fu ON fu.id = fp.unit_id
      WHERE u.id = e.id
        AND (e.bnb_over_limit_on IS DISTINCT FROM n43.on_date OR e.entry_ta_type IS DISTINCT FROM fu.ta_type_code);
    END $$`.execute(db);

  // Episodes just made (rebuild_episodes deletes a household's episodes and inserts
  // them again): one call per statement, however many episodes it inserted.
  await sql`
    CREATE FUNCTION episodes_insert_bnb() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(SELECT id FROM new_episodes));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER episodes_bnb AFTER INSERT ON episodes
    REFERENCING NEW TABLE AS new_episodes
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_insert_bnb()`.execute(db);

  // A unit moved to another TA type (also when a TA type's code is renamed: units
  // follow by ON UPDATE CASCADE, which fires this), or a TA type moved to another TA1 category:
  // refresh the episodes of every household ever placed in the units concerned. An
  // update that changes neither column (most of them) does nothing.
  await sql`
    CREATE FUNCTION units_refresh_episode_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(
        SELECT e.id FROM episodes e WHERE e.household_id IN (
          SELECT p.household_id FROM placements p
          JOIN new_units n ON n.id = p.unit_id JOIN old_units o ON o.id = n.id
          WHERE o.ta_type_code IS DISTINCT FROM n.ta_type_code)));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER units_episode_bnb AFTER UPDATE ON units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION units_refresh_episode_facts()`.execute(db);
  await sql`
    CREATE FUNCTION ta_types_refresh_episode_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(
        SELECT e.id FROM episodes e WHERE e.household_id IN (
          SELECT p.household_id FROM placements p
          JOIN units u ON u.id = p.unit_id
          JOIN new_types n ON n.code = u.ta_type_code JOIN old_types o ON o.code = n.code
          WHERE o.ta1_category IS DISTINCT FROM n.ta1_category)));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER ta_types_episode_bnb AFTER UPDATE ON ta_types
    REFERENCING OLD TABLE AS old_types NEW TABLE AS new_types
    FOR EACH STATEMENT EXECUTE FUNCTION ta_types_refresh_episode_facts()`.execute(db);

  // Backfill every episode.
  await sql`SELECT refresh_episode_facts(array(SELECT id FROM episodes))`.execute(db);

  // Reports and Today read a few facts of each member of every household in TA (age,
  // relationship, sex, pregnancy): with them in the index, that is one index page per
  // household and no visit to the table. It replaces the plain index on household_id.
  await sql`
    CREATE INDEX household_members_facts_idx ON household_members (household_id)
    INCLUDE (relationship, date_of_birth, sex, pregnant)`.execute(db);
  await sql`DROP INDEX household_members_household_idx`.execute(db);

  // Episodes open on a date, or ending in a period, with their start date in the index:
  // flow's "in TA at the start" and length of stay's bands then read the households in
  // TA and the period's exits, not every episode that ever started. It replaces the
  // index on end_date alone (0007).
  await sql`CREATE INDEX episodes_end_start_idx ON episodes (end_date, start_date)`.execute(db);
  await sql`DROP INDEX IF EXISTS episodes_end_idx`.execute(db);
}
