/**
 * Letters are documents kept as sent (migration 0070, ADR 0036): a letter sent is never changed
 * or deleted, and a template's saved version is never changed (a new save adds a version).
 */
import type { Definition } from "./definition";

export const letters: Definition = {
  name: "letters",
  sql: `
    CREATE OR REPLACE FUNCTION letters_kept_as_sent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
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
