/**
 * A fact of each episode kept on write, so reports read episodes without going back over
 * their placements (ADR 0015): episodes.entry_ta_type, the TA type of the unit of the
 * episode's first placement. Kept by triggers when episodes are made (rebuild_episodes)
 * and when a unit moves to another TA type. (The six-week count is not an episode fact:
 * it runs over the household's application, db/definitions/households-in-ta.ts.)
 */
import type { Definition } from "./definition";

export const episodeFacts: Definition = {
  name: "episode-facts",
  sql: `
    DROP TRIGGER IF EXISTS ta_types_episode_bnb ON ta_types;
    DROP FUNCTION IF EXISTS ta_types_refresh_episode_facts();
    DROP TRIGGER IF EXISTS episodes_bnb ON episodes;
    DROP TRIGGER IF EXISTS units_episode_bnb ON units;
    DROP FUNCTION IF EXISTS episodes_insert_bnb();
    DROP FUNCTION IF EXISTS units_refresh_episode_facts();
    CREATE OR REPLACE FUNCTION refresh_episode_facts(episode_ids bigint[]) RETURNS void LANGUAGE sql AS $$
      UPDATE episodes e SET entry_ta_type = fu.ta_type_code
      FROM unnest(episode_ids) AS x(id)
      JOIN episodes ee ON ee.id = x.id
      JOIN placements fp ON fp.id = ee.first_placement_id
      JOIN units fu ON fu.id = fp.unit_id
      WHERE e.id = ee.id AND e.entry_ta_type IS DISTINCT FROM fu.ta_type_code;
    $$;
    CREATE OR REPLACE FUNCTION episodes_insert_entry_type() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(SELECT id FROM new_episodes));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER episodes_entry_type AFTER INSERT ON episodes
    REFERENCING NEW TABLE AS new_episodes
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_insert_entry_type();
    CREATE OR REPLACE FUNCTION units_refresh_entry_type() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_episode_facts(array(
        SELECT e.id FROM episodes e
        JOIN placements p ON p.id = e.first_placement_id
        JOIN new_units n ON n.id = p.unit_id JOIN old_units o ON o.id = n.id
        WHERE o.ta_type_code IS DISTINCT FROM n.ta_type_code));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER units_entry_type AFTER UPDATE ON units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION units_refresh_entry_type();
  `,
  refresh: "SELECT refresh_episode_facts(array(SELECT id FROM episodes))",
};
