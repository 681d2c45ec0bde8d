/**
 * The households in TA on a night, kept on write (issue 23, item 1; ADR 0059; migration 0078):
 * the triggers that keep ta_night_facts true in the writing transaction, so the importer, the
 * command line and the app are all covered. The rows are computed by the one definition
 * (tonightCte, app/features/reports/reports.server.ts) in app/features/reports/ta-night.server.ts.
 *
 * What a household's row reads, and what a change does:
 * - its placements (households_in_ta, the episode, the six-week count), its episodes, its
 *   applications (the six-week count runs over the current one) and its make-up
 *   (household_fact_segments): its rows are deleted and it is marked stale on every kept night;
 * - units, properties, providers, TA types (unit_facts: B&B by the Order, the TA1 line, the
 *   district) and the council's district (settings.council_gss): every night is dropped.
 * A TRUNCATE of any of them drops every night. A statement touching more than 2,000
 * households (an import) drops every night rather than mark each.
 *
 * Every trigger first takes the shared side of an advisory lock; a reader storing rows takes
 * the exclusive side, without waiting (pg_try_advisory_xact_lock), before computing: no write
 * can commit between its computation and its storing. Applying the definitions again drops
 * every night.
 */
import { statementTriggers, type Definition } from "./definition";

/** The advisory lock shared by writers and taken alone by a reader storing a night's rows. */
export const TA_NIGHT_KEPT_LOCK = 7272720078;

/** Tables whose change makes the households it names (household_id) stale. */
const BY_HOUSEHOLD = ["placements", "episodes", "applications", "household_fact_segments"];
/**
 * Tables whose change drops every kept night, with the columns unit_facts and households_in_ta
 * read (a new row changes no household's night: nothing is placed in it yet).
 */
const ALL: Record<string, string> = {
  units: "id, ta_type_code, property_id, shared_kitchen, shared_bathroom, shared_toilet, district_gss",
  properties: "id, provider_id, district_gss",
  providers: "id, provider_type",
  ta_types: "code, ta1_category",
};

export const taNightKept: Definition = {
  name: "ta-night-kept",
  sql: `
    DELETE FROM ta_nights_kept;

    CREATE OR REPLACE FUNCTION ta_night_drop_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${TA_NIGHT_KEPT_LOCK});
      DELETE FROM ta_nights_kept;
      RETURN NULL;
    END $$;

    -- The households a statement changed are stale on every kept night (those still recorded:
    -- a household being deleted takes its rows with it).
    CREATE OR REPLACE FUNCTION ta_night_mark_stale(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM ta_nights_kept) OR coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
      END IF;
      PERFORM pg_advisory_xact_lock_shared(${TA_NIGHT_KEPT_LOCK});
      IF cardinality(ids) > 2000 THEN
        DELETE FROM ta_nights_kept;
        RETURN;
      END IF;
      DELETE FROM ta_night_facts WHERE household_id = ANY(ids);
      INSERT INTO ta_night_stale (night, household_id)
      SELECT k.night, x.id FROM ta_nights_kept k CROSS JOIN unnest(ids) AS x(id)
      WHERE EXISTS (SELECT 1 FROM households h WHERE h.id = x.id)
      ON CONFLICT DO NOTHING;
    END $$;

    CREATE OR REPLACE FUNCTION ta_night_stale_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM ta_night_mark_stale(array(SELECT DISTINCT household_id FROM new_rows WHERE household_id IS NOT NULL));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM ta_night_mark_stale(array(SELECT DISTINCT household_id FROM old_rows WHERE household_id IS NOT NULL));
      ELSE
        PERFORM ta_night_mark_stale(array(
          SELECT household_id FROM old_rows WHERE household_id IS NOT NULL
          UNION SELECT household_id FROM new_rows WHERE household_id IS NOT NULL));
      END IF;
      RETURN NULL;
    END $$;

    -- The council's district decides which units are out of it.
    CREATE OR REPLACE FUNCTION ta_night_settings() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed boolean;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        changed := EXISTS (SELECT 1 FROM new_rows WHERE key = 'council_gss');
      ELSIF TG_OP = 'DELETE' THEN
        changed := EXISTS (SELECT 1 FROM old_rows WHERE key = 'council_gss');
      ELSE
        changed := EXISTS (SELECT 1 FROM old_rows WHERE key = 'council_gss') OR EXISTS (SELECT 1 FROM new_rows WHERE key = 'council_gss');
      END IF;
      IF changed THEN
        PERFORM pg_advisory_xact_lock_shared(${TA_NIGHT_KEPT_LOCK});
        DELETE FROM ta_nights_kept;
      END IF;
      RETURN NULL;
    END $$;
${BY_HOUSEHOLD.map((t) => statementTriggers(t, "ta_night", "ta_night_stale_rows")).join("")}
${statementTriggers("settings", "ta_night", "ta_night_settings")}
${Object.entries(ALL)
  .map(
    ([t, columns]) => `
    CREATE OR REPLACE TRIGGER ${t}_ta_night AFTER DELETE OR UPDATE OF ${columns} ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ta_night_drop_all();`,
  )
  .join("")}
${[...BY_HOUSEHOLD, "settings", ...Object.keys(ALL)]
  .map(
    (t) => `
    CREATE OR REPLACE TRIGGER ${t}_ta_night_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ta_night_drop_all();`,
  )
  .join("")}
  `,
};
