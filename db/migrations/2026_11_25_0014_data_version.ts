/**
 * The data version: a number that goes up once for every committed transaction that
 * changed data a page or report reads. Pages that aggregate many households (Today's
 * counts, TA1 and TA2, length of stay, flow, spend, a trial comparison) keep their last
 * result in the server process, tagged with the version it was computed at, and serve
 * it again while the version is unchanged (app/lib/cache.server.ts, ADR 0017).
 *
 * How it stays correct without slowing writers down:
 * - each data table has a statement trigger that, once per transaction, inserts a mark
 *   (a transaction-local setting remembers it did; a rolled-back savepoint undoes both);
 * - the mark has a deferred constraint trigger, so the version row is locked and bumped
 *   at commit, after every other lock the transaction takes: two writers never wait for
 *   each other on it except for the moment of committing, and cannot deadlock on it;
 * - the bump commits with the change, so a reader that sees the change sees the new
 *   version: a result computed after reading version v and tagged v is never served
 *   once a change it may have missed has committed.
 * The epoch makes versions of different databases (a test's, say) never equal.
 *
 * Tables left out: derived tables kept by triggers from tables that are marked
 * (unit_calendar, occupancy_changes), and tables no cached page reads (users, sessions,
 * audit_events, the import's upload tables). tests/lib/data-version.db.test.ts fails if a
 * table is in neither list.
 */
import { sql, type Kysely } from "kysely";

export const MARKED_TABLES = [
  "brmas",
  "episodes",
  "household_members",
  "households",
  "invoice_lines",
  "invoices",
  "lha_rates",
  "move_on_plans",
  "notification_types",
  "out_of_service",
  "placements",
  "properties",
  "providers",
  "s208_notices",
  "settings",
  "suitability_reviews",
  "ta_types",
  "trial_tags",
  "trials",
  "unit_charges",
  "unit_rates",
  "units",
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE data_version (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      epoch text NOT NULL,
      version bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO data_version (epoch, version) VALUES (md5(random()::text || clock_timestamp()::text), 1)`.execute(db);
  await sql`CREATE TABLE data_change_marks (txid bigint PRIMARY KEY)`.execute(db);
  await sql`
    CREATE FUNCTION mark_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('waypoint.data_changed', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('waypoint.data_changed', 'on', true);
        INSERT INTO data_change_marks (txid) VALUES (txid_current());
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE data_version SET version = version + 1;
      DELETE FROM data_change_marks WHERE txid = NEW.txid;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE CONSTRAINT TRIGGER data_change_marks_bump AFTER INSERT ON data_change_marks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
  for (const t of MARKED_TABLES) {
    await sql`CREATE TRIGGER ${sql.raw(`${t}_data_changed`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(t)}
              FOR EACH STATEMENT EXECUTE FUNCTION mark_data_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of MARKED_TABLES) await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${t}_data_changed`)} ON ${sql.table(t)}`.execute(db);
  await sql`DROP TABLE data_change_marks`.execute(db);
  await sql`DROP FUNCTION bump_data_version()`.execute(db);
  await sql`DROP FUNCTION mark_data_change()`.execute(db);
  await sql`DROP TABLE data_version`.execute(db);
}
