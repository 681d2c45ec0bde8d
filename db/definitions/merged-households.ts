/**
 * Nothing new is written to a household merged into another (ADR 0037): its record is kept as
 * the merge left it and the family's case continues in the household it was merged into. A row
 * added to a merged household (a note, a letter, a contact, a placement, a member...) would be
 * hidden with it, seen by no one working the case, so the database refuses it, whichever way it
 * comes (a page, the command line, the import), with SQLSTATE WPM01 and the case to use instead;
 * the app shows that as a 409 page (app/lib/db/app.server.ts).
 *
 * Checked on insert, and on an update that moves a row to another household. The history that
 * stays with the merged household may still grow: its audit trail, who looked at it, the merge
 * records and a filed TA1 return (MERGE_TABLES' "stays"). A merge moves rows to the household
 * kept, and its undo marks the merged household unmerged before moving them back.
 */
import type { Definition } from "./definition";

/**
 * The tables that take this check: every table with a household_id but the history that stays
 * and the make-up kept from the members (household_fact_segments), rebuilt as they move off.
 */
export const MERGED_GUARDED_TABLES = [
  "placements",
  "awaiting_periods",
  "s208_notices",
  "suitability_reviews",
  "contacts",
  "case_notes",
  "letters",
  "household_members",
  "former_household_members",
  "member_pregnancies",
  "move_on_plans",
  "applications",
  "trial_tags",
  "episodes",
] as const;

export const mergedHouseholds: Definition = {
  name: "merged-households",
  sql: `
    CREATE OR REPLACE FUNCTION refuse_write_to_merged_household() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      own_ref text;
      into_ref text;
    BEGIN
      SELECT b.case_ref, a.case_ref INTO own_ref, into_ref
        FROM households b JOIN households a ON a.id = b.merged_into
        WHERE b.id = NEW.household_id;
      IF into_ref IS NOT NULL THEN
        RAISE EXCEPTION 'Household % was merged into %: record this in %', own_ref, into_ref, into_ref
          USING ERRCODE = 'WPM01', HINT = into_ref;
      END IF;
      RETURN NEW;
    END $$;
    ${MERGED_GUARDED_TABLES.map(
      (t) => `CREATE OR REPLACE TRIGGER ${t}_not_merged BEFORE INSERT OR UPDATE OF household_id ON ${t}
      FOR EACH ROW EXECUTE FUNCTION refuse_write_to_merged_household();`,
    ).join("\n    ")}
  `,
};
