/**
 * Case notes are never edited in place (ADR 0028): a note is neither changed nor deleted; a
 * correction is a new note that names the note it corrects. A later retention step that must
 * anonymise old notes changes this definition, on purpose and in one place.
 */
import type { Definition } from "./definition";

export const caseNotes: Definition = {
  name: "case-notes",
  sql: `
    CREATE OR REPLACE FUNCTION case_notes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_notes is append-only: write a correction instead' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE OR REPLACE TRIGGER case_notes_no_change BEFORE UPDATE OR DELETE ON case_notes
      FOR EACH ROW EXECUTE FUNCTION case_notes_append_only();
  `,
};
