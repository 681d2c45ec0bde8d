/**
 * The audit trail is append-only: no row is ever changed or deleted, and the table is never
 * truncated. One exception, for retention (ADR 0038): inside a transaction that has set
 * waypoint.anonymising, a row's before and after (which hold names, dates of birth and notes)
 * may be emptied; who, when, what and which record stay as they were.
 */
import type { Definition } from "./definition";

export const audit: Definition = {
  name: "audit",
  sql: `
    CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND current_setting('waypoint.anonymising', true) = 'on'
         AND NEW.before IS NULL AND NEW.after IS NULL
         AND (NEW.id, NEW.at, NEW.action, NEW.entity, NEW.entity_id) = (OLD.id, OLD.at, OLD.action, OLD.entity, OLD.entity_id)
         AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.household_id IS NOT DISTINCT FROM OLD.household_id THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE OR REPLACE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    -- TRUNCATE fires no row trigger: without this it emptied the trail in one statement.
    CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `,
};
