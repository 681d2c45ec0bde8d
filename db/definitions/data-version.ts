/**
 * The data version (ADR 0017): a number that goes up once for every committed transaction
 * that changed data a kept page reads. Each such table has a statement trigger that, once
 * per transaction, inserts a mark (a transaction-local setting remembers it did; a
 * rolled-back savepoint undoes both); the mark's deferred constraint trigger bumps the
 * version at commit, after every other lock the transaction takes, so writers never wait
 * on each other for it and cannot deadlock on it.
 *
 * Tables left out: derived tables kept by triggers from marked tables (unit_calendar,
 * occupancy_changes) and tables no kept page reads (listed in the test below).
 * tests/lib/data-version.db.test.ts fails if a table is in neither list.
 */
import type { Definition } from "./definition";

export const MARKED_TABLES = [
  "applications",
  "awaiting_periods",
  "brmas",
  "budgets",
  "districts",
  "episodes",
  "former_household_members",
  "household_members",
  "households",
  "invoice_lines",
  "invoices",
  "lha_rates",
  "member_matches",
  "member_pregnancies",
  "move_on_plans",
  "notification_types",
  "out_of_service",
  "person_links",
  "placements",
  "properties",
  "providers",
  "rate_negotiations",
  "s208_notices",
  "settings",
  "suitability_reviews",
  "ta1_filed_households",
  "ta1_filings",
  "ta_types",
  "trial_tags",
  "trials",
  "unit_charges",
  "unit_rates",
  "units",
];

export const dataVersion: Definition = {
  name: "data-version",
  sql: `
    CREATE OR REPLACE FUNCTION mark_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('waypoint.data_changed', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('waypoint.data_changed', 'on', true);
        INSERT INTO data_change_marks (txid) VALUES (txid_current());
      END IF;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE data_version SET version = version + 1;
      DELETE FROM data_change_marks WHERE txid = NEW.txid;
      RETURN NULL;
    END $$;
    -- A constraint trigger cannot be replaced in place.
    DROP TRIGGER IF EXISTS data_change_marks_bump ON data_change_marks;
    CREATE CONSTRAINT TRIGGER data_change_marks_bump AFTER INSERT ON data_change_marks
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
${MARKED_TABLES.map(
  (t) => `    CREATE OR REPLACE TRIGGER ${t}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION mark_data_change();`,
).join("\n")}
  `,
};
