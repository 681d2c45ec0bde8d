/**
 * One calendar per unit holding every placement night and every out-of-service night
 * (unit_calendar). Its exclusion constraint makes the database refuse any overlap, so
 * two officers booking the same room at the same moment cannot both succeed.
 */
import type { Definition } from "./definition";

const sync = (table: string, column: string) => `
    CREATE OR REPLACE FUNCTION ${table}_sync_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM unit_calendar WHERE ${column} = NEW.id;
      IF NEW.cancelled_at IS NULL THEN
        INSERT INTO unit_calendar (unit_id, nights, ${column})
        VALUES (NEW.unit_id, daterange(NEW.start_date, NEW.end_date, '[)'), NEW.id);
      END IF;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER ${table === "placements" ? "placements_calendar" : "out_of_service_calendar"}
      AFTER INSERT OR UPDATE OF unit_id, start_date, end_date, cancelled_at
      ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_sync_calendar();`;

export const calendar: Definition = {
  name: "calendar",
  sql: sync("placements", "placement_id") + sync("out_of_service", "out_of_service_id"),
};
