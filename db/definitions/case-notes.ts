/**
 * Case notes are never edited in place (ADR 0028): a note is neither changed nor deleted; a
 * correction is a new note that names the note it corrects. Two updates change no one's words:
 * a merge (or its undo) moves a note to the household the family's record now lives in, changing
 * only household_id (ADR 0037); anonymising after the retention period replaces the body with the placeholder, only
 * while waypoint.anonymising is on (ADR 0038).
 */
import type { Definition } from "./definition";

export const caseNotes: Definition = {
  name: "case-notes",
  sql: `
    CREATE OR REPLACE FUNCTION case_notes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND NEW.id = OLD.id AND NEW.written_by IS NOT DISTINCT FROM OLD.written_by AND NEW.written_at = OLD.written_at
         AND NEW.corrects_note_id IS NOT DISTINCT FROM OLD.corrects_note_id
         AND ((NEW.body = OLD.body)
              OR (NEW.household_id = OLD.household_id AND current_setting('waypoint.anonymising', true) = 'on'))
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'case_notes is append-only: write a correction instead' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE OR REPLACE TRIGGER case_notes_no_change BEFORE UPDATE OR DELETE ON case_notes
      FOR EACH ROW EXECUTE FUNCTION case_notes_append_only();
  `,
};
