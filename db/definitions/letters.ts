/**
 * Letters are documents kept as sent (migration 0070, ADR 0036): a letter sent is never changed
 * or deleted, and a template's saved version is never changed (a new save adds a version).
 * Two updates change no letter's words: a merge (or its undo) moves a letter to the household
 * the family's record now lives in, changing only household_id (ADR 0037); anonymising after
 * the retention period replaces who it went to and its text, only while waypoint.anonymising
 * is on (ADR 0038).
 */
import type { Definition } from "./definition";

export const letters: Definition = {
  name: "letters",
  sql: `
    CREATE OR REPLACE FUNCTION letters_kept_as_sent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'letters'
         AND NEW.id = OLD.id AND NEW.placement_id IS NOT DISTINCT FROM OLD.placement_id AND NEW.kind = OLD.kind
         AND NEW.template_version = OLD.template_version AND NEW.letter_date = OLD.letter_date
         AND NEW.sent_by IS NOT DISTINCT FROM OLD.sent_by AND NEW.sent_at = OLD.sent_at
         AND ((NEW.body = OLD.body AND NEW.sent_to = OLD.sent_to)
              OR (NEW.household_id = OLD.household_id AND current_setting('waypoint.anonymising', true) = 'on'))
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION '% is kept as it was saved: a letter sent, or a template version, is never changed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE OR REPLACE TRIGGER letters_no_change BEFORE UPDATE OR DELETE ON letters
      FOR EACH ROW EXECUTE FUNCTION letters_kept_as_sent();
    CREATE OR REPLACE TRIGGER letters_no_truncate BEFORE TRUNCATE ON letters
      FOR EACH STATEMENT EXECUTE FUNCTION letters_kept_as_sent();
    CREATE OR REPLACE TRIGGER letter_templates_no_change BEFORE UPDATE OR DELETE ON letter_templates
      FOR EACH ROW EXECUTE FUNCTION letters_kept_as_sent();
  `,
};
