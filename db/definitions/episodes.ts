/**
 * A TA episode: a household's chain of placements from entering TA to leaving it
 * (transfers inside one episode). Derived from placements and rebuilt per household in
 * the same transaction as any change to its placements.
 *
 * Planned safely at any size: for a few households (a placement change) the household
 * index is the way in; for many (the demo load, an import) nested loops are switched off
 * for the call, so every join is a hash join over one pass, whatever the statistics say.
 */
import type { Definition } from "./definition";

export const episodes: Definition = {
  name: "episodes",
  sql: `
    CREATE OR REPLACE FUNCTION rebuild_episodes(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      bulk constant boolean := cardinality(ids) > 100;
      nestloop constant text := current_setting('enable_nestloop');
    BEGIN
      IF bulk THEN
        PERFORM set_config('enable_nestloop', 'off', true);
      END IF;
      -- IS DISTINCT FROM: skips rows with no episode without offering the planner the
      -- episode index, whose statistics lag behind a bulk load
      UPDATE placements SET episode_id = NULL
      WHERE household_id IN (SELECT unnest(ids)) AND episode_id IS DISTINCT FROM NULL;
      DELETE FROM episodes WHERE household_id IN (SELECT unnest(ids));
      WITH mine AS MATERIALIZED (
        SELECT id, household_id, start_date, end_date, destination, cancelled_at
        FROM placements WHERE household_id IN (SELECT unnest(ids))
      ), p AS (
        SELECT id, household_id, start_date, end_date, destination,
               max(coalesce(end_date, 'infinity'::date)) OVER (
                 PARTITION BY household_id ORDER BY start_date, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
        FROM mine
        WHERE cancelled_at IS NULL
      ), marked AS (
        SELECT *, sum(CASE WHEN prev_end IS NULL OR start_date > prev_end THEN 1 ELSE 0 END)
                    OVER (PARTITION BY household_id ORDER BY start_date, id) AS grp
        FROM p
      ), agg AS (
        SELECT household_id, grp,
               min(start_date) AS start_date,
               CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS end_date,
               (array_agg(id ORDER BY start_date, id))[1] AS first_id,
               (array_agg(id ORDER BY coalesce(end_date, 'infinity'::date) DESC, start_date DESC, id DESC))[1] AS last_id,
               (array_agg(destination ORDER BY coalesce(end_date, 'infinity'::date) DESC, start_date DESC, id DESC))[1] AS last_destination,
               count(*) AS n
        FROM marked GROUP BY household_id, grp
      ), ins AS (
        INSERT INTO episodes (household_id, start_date, end_date, first_placement_id, last_placement_id, placements, destination)
        SELECT a.household_id, a.start_date, a.end_date, a.first_id, a.last_id, a.n,
               CASE WHEN a.end_date IS NULL THEN NULL ELSE a.last_destination END
        FROM agg a
        RETURNING id, household_id, first_placement_id
      )
      UPDATE placements pl SET episode_id = ins.id
      FROM marked m
      JOIN agg ON agg.household_id = m.household_id AND agg.grp = m.grp
      JOIN ins ON ins.first_placement_id = agg.first_id
      WHERE pl.id = m.id;
      IF bulk THEN
        PERFORM set_config('enable_nestloop', nestloop, true);
      END IF;
    END $$;
  `,
};
