/**
 * Two facts of each episode kept on write, so reports read episodes without going back
 * over their placements (ADR 0015):
 * - episodes.bnb_over_limit_on: the episode's 43rd B&B night, null while it has 42 or fewer;
 * - episodes.entry_ta_type: the TA type of the unit of the episode's first placement.
 * Kept by triggers when episodes are made (rebuild_episodes), when a unit moves to
 * another TA type, and when a TA type moves to another TA1 category. An episode's
 * placements are found by household and dates (a placement belongs to the episode its
 * start falls in), so the trigger does not depend on the order of the statements inside
 * rebuild_episodes.
 */
import type { Definition } from "./definition";

export const episodeFacts: Definition = {
  name: "episode-facts",
  sql: `
    CREATE OR REPLACE FUNCTION refresh_episode_facts(episode_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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
    END $$;
    CREATE OR REPLACE FUNCTION episodes_insert_bnb() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(SELECT id FROM new_episodes));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER episodes_bnb AFTER INSERT ON episodes
    REFERENCING NEW TABLE AS new_episodes
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_insert_bnb();
    CREATE OR REPLACE FUNCTION units_refresh_episode_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(
        SELECT e.id FROM episodes e WHERE e.household_id IN (
          SELECT p.household_id FROM placements p
          JOIN new_units n ON n.id = p.unit_id JOIN old_units o ON o.id = n.id
          WHERE o.ta_type_code IS DISTINCT FROM n.ta_type_code)));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER units_episode_bnb AFTER UPDATE ON units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION units_refresh_episode_facts();
    CREATE OR REPLACE FUNCTION ta_types_refresh_episode_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(
        SELECT e.id FROM episodes e WHERE e.household_id IN (
          SELECT p.household_id FROM placements p
          JOIN units u ON u.id = p.unit_id
          JOIN new_types n ON n.code = u.ta_type_code JOIN old_types o ON o.code = n.code
          WHERE o.ta1_category IS DISTINCT FROM n.ta1_category)));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER ta_types_episode_bnb AFTER UPDATE ON ta_types
    REFERENCING OLD TABLE AS old_types NEW TABLE AS new_types
    FOR EACH STATEMENT EXECUTE FUNCTION ta_types_refresh_episode_facts();
  `,
  refresh: "SELECT refresh_episode_facts(array(SELECT id FROM episodes))",
};
