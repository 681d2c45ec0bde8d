/**
 * Trial measures kept on write (issue 23, item 1; ADR 0057): the triggers that drop an
 * episode's row of trial_episode_facts in the same transaction as any change to what its
 * facts read, so the importer, the CLI and the app are all covered. Rows are recomputed on
 * the next read by the code that computes them afresh (episodeFactsAt and trialFacts in
 * app/features/trials/trials.server.ts).
 *
 * What an episode's facts read, and what a change drops:
 * - episodes (dates, destination, household): that episode (old and new ids);
 * - placements (unit, dates, cancelled, episode): every episode of the household (old and new);
 * - household_members (children at entry, pregnant): every episode of the household;
 * - unit_rates, unit_charges: every row with a night on or after the earliest effective_from
 *   changed (as_of after it: a period runs until the next one starts);
 * - units, ta_types, properties, providers, brmas, lha_rates (TA type and provider
 *   at entry, B&B by unit_facts, the subsidy cap): every episode.
 * A TRUNCATE of any of them drops every episode. Trials and their tags are not read: the
 * facts are the episode's own, whatever trial reads them.
 *
 * Every trigger first takes the shared side of an advisory lock, and a reader storing
 * recomputed facts takes the exclusive side before computing them: a write cannot commit a
 * change between a reader's computation and its storing (writes run at READ COMMITTED).
 *
 * Whenever any definition is applied again (one may change a costing function), every kept
 * row is dropped.
 */
import { statementTriggers, type Definition } from "./definition";

/** The advisory lock shared by writers and taken alone by a reader storing facts. */
export const TRIAL_KEPT_LOCK = 7272720074;

const TABLES_ALL = ["units", "ta_types", "properties", "providers", "brmas", "lha_rates"];

/** Sets `ids` to the (col) values of the rows a statement touched, old and new. */
const touched = (col: string) => `
      IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT DISTINCT ${col} FROM new_rows WHERE ${col} IS NOT NULL);
      ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT ${col} FROM old_rows WHERE ${col} IS NOT NULL);
      ELSE
        ids := ARRAY(SELECT ${col} FROM old_rows WHERE ${col} IS NOT NULL UNION SELECT ${col} FROM new_rows WHERE ${col} IS NOT NULL);
      END IF;`;

export const trialKept: Definition = {
  name: "trial-kept",
  sql: `
    DELETE FROM trial_episode_facts;

    CREATE OR REPLACE FUNCTION trial_kept_drop_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${TRIAL_KEPT_LOCK});
      DELETE FROM trial_episode_facts;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION trial_kept_drop_episodes() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids bigint[];
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${TRIAL_KEPT_LOCK});
      ${touched("id")}
      DELETE FROM trial_episode_facts WHERE episode_id = ANY(ids);
      RETURN NULL;
    END $$;

    -- Every episode of the households whose rows changed (placements, members).
    CREATE OR REPLACE FUNCTION trial_kept_drop_households() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids bigint[];
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${TRIAL_KEPT_LOCK});
      ${touched("household_id")}
      DELETE FROM trial_episode_facts f USING episodes e
      WHERE e.id = f.episode_id AND e.household_id = ANY(ids);
      RETURN NULL;
    END $$;

    -- Every row with a night on or after the earliest period start changed (its nights are before as_of).
    CREATE OR REPLACE FUNCTION trial_kept_drop_periods() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE first date;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${TRIAL_KEPT_LOCK});
      IF TG_OP = 'INSERT' THEN
        SELECT min(effective_from) INTO first FROM new_rows;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT min(effective_from) INTO first FROM old_rows;
      ELSE
        SELECT least((SELECT min(effective_from) FROM old_rows), (SELECT min(effective_from) FROM new_rows)) INTO first;
      END IF;
      IF first IS NOT NULL THEN
        DELETE FROM trial_episode_facts WHERE as_of > first;
      END IF;
      RETURN NULL;
    END $$;
${statementTriggers("episodes", "trial_kept", "trial_kept_drop_episodes")}
${statementTriggers("placements", "trial_kept", "trial_kept_drop_households")}
${statementTriggers("household_members", "trial_kept", "trial_kept_drop_households")}
${statementTriggers("unit_rates", "trial_kept", "trial_kept_drop_periods")}
${statementTriggers("unit_charges", "trial_kept", "trial_kept_drop_periods")}
${["episodes", "placements", "household_members", "unit_rates", "unit_charges", ...TABLES_ALL]
  .map(
    (t) => `
    CREATE OR REPLACE TRIGGER ${t}_trial_kept_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION trial_kept_drop_all();`,
  )
  .join("")}
${TABLES_ALL.map(
  (t) => `
    CREATE OR REPLACE TRIGGER ${t}_trial_kept AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION trial_kept_drop_all();`,
).join("")}
  `,
};
