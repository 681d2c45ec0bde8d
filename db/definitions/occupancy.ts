/**
 * Occupancy kept on write (ADR 0016): occupancy_changes is an append-only ledger of
 * changes per TA type and day (+1 where a unit's span of use, an out-of-service period or
 * a placement starts, clipped to the unit's span as the report clips it, -1 where it
 * ends). The count on a night is the sum of the changes on or before it. Statement
 * triggers on unit_calendar and on units insert the difference of each statement, summed
 * per type and day; no row is ever updated, so writers take no lock on it.
 *
 * Each trigger function is one of two templates below, fed the rows of its statement with
 * a sign (+1 added, -1 taken away): the calendar rows' parts, or the units' spans and
 * their calendar parts.
 */
import type { Definition } from "./definition";

/** Changes from calendar rows `c` (unit_id, nights, placement_id, s). */
const calendarDeltas = (rows: string) => `
      INSERT INTO occupancy_changes (ta_type_code, day, out_of_service, occupied)
      SELECT ta, day, sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, lower(x.r) AS day,
               c.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END) AS oos,
               c.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END) AS occ
        FROM (${rows}) c JOIN units u ON u.id = c.unit_id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r),
               -c.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END),
               -c.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (${rows}) c JOIN units u ON u.id = c.unit_id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(oos) <> 0 OR sum(occ) <> 0;`;

/** Changes from units `u` (id, ta_type_code, in_use_from, retired_on, s): their spans and calendar parts. */
const unitDeltas = (rows: string) => `
      INSERT INTO occupancy_changes (ta_type_code, day, units, out_of_service, occupied)
      SELECT ta, day, sum(un), sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, coalesce(u.in_use_from, '-infinity'::date) AS day, u.s AS un, 0 AS oos, 0 AS occ FROM (${rows}) u
        UNION ALL
        SELECT u.ta_type_code, u.retired_on, -u.s, 0, 0 FROM (${rows}) u WHERE u.retired_on IS NOT NULL
        UNION ALL
        SELECT u.ta_type_code, lower(x.r), 0, u.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END), u.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (${rows}) u JOIN unit_calendar c ON c.unit_id = u.id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r), 0, -u.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END), -u.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (${rows}) u JOIN unit_calendar c ON c.unit_id = u.id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(un) <> 0 OR sum(oos) <> 0 OR sum(occ) <> 0;`;

const changedUnits = (sign: "1" | "-1", side: "n" | "o") => `
        SELECT ${side}.id, ${side}.ta_type_code, ${side}.in_use_from, ${side}.retired_on, ${sign} AS s
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.ta_type_code, n.in_use_from, n.retired_on) IS DISTINCT FROM (o.ta_type_code, o.in_use_from, o.retired_on)`;

const fn = (name: string, body: string) => `
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN${body}
      RETURN NULL;
    END $$;`;

const trigger = (name: string, event: "INSERT" | "DELETE" | "UPDATE", table: string, fnName: string) => {
  const refs = { INSERT: "NEW TABLE AS new_rows", DELETE: "OLD TABLE AS old_rows", UPDATE: "OLD TABLE AS old_rows NEW TABLE AS new_rows" }[
    event
  ];
  return `
    CREATE OR REPLACE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${refs}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fnName}();`;
};

export const occupancy: Definition = {
  name: "occupancy",
  sql: [
    fn("occupancy_calendar_insert", calendarDeltas("SELECT unit_id, nights, placement_id, 1 AS s FROM new_rows")),
    fn("occupancy_calendar_delete", calendarDeltas("SELECT unit_id, nights, placement_id, -1 AS s FROM old_rows")),
    fn(
      "occupancy_calendar_update",
      calendarDeltas(
        "SELECT unit_id, nights, placement_id, 1 AS s FROM new_rows UNION ALL SELECT unit_id, nights, placement_id, -1 FROM old_rows",
      ),
    ),
    trigger("occupancy_calendar_ins", "INSERT", "unit_calendar", "occupancy_calendar_insert"),
    trigger("occupancy_calendar_del", "DELETE", "unit_calendar", "occupancy_calendar_delete"),
    trigger("occupancy_calendar_upd", "UPDATE", "unit_calendar", "occupancy_calendar_update"),
    fn("occupancy_units_insert", unitDeltas("SELECT id, ta_type_code, in_use_from, retired_on, 1 AS s FROM new_rows")),
    fn("occupancy_units_delete", unitDeltas("SELECT id, ta_type_code, in_use_from, retired_on, -1 AS s FROM old_rows")),
    fn("occupancy_units_update", unitDeltas(`${changedUnits("1", "n")}\n        UNION ALL${changedUnits("-1", "o")}`)),
    trigger("occupancy_units_ins", "INSERT", "units", "occupancy_units_insert"),
    trigger("occupancy_units_del", "DELETE", "units", "occupancy_units_delete"),
    trigger("occupancy_units_upd", "UPDATE", "units", "occupancy_units_update"),
    // Folds the ledger to one row per type and day (waypoint maintain). Blocks writers for
    // its duration (they would otherwise insert between the read and the delete); the sums
    // do not change.
    `
    CREATE OR REPLACE FUNCTION compact_occupancy_changes() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE occupancy_changes IN SHARE ROW EXCLUSIVE MODE;
      CREATE TEMP TABLE occupancy_changes_folded ON COMMIT DROP AS
        SELECT ta_type_code, day, sum(units)::int AS units, sum(out_of_service)::int AS out_of_service, sum(occupied)::int AS occupied
        FROM occupancy_changes GROUP BY ta_type_code, day
        HAVING sum(units) <> 0 OR sum(out_of_service) <> 0 OR sum(occupied) <> 0;
      DELETE FROM occupancy_changes;
      INSERT INTO occupancy_changes (ta_type_code, day, units, out_of_service, occupied)
        SELECT ta_type_code, day, units, out_of_service, occupied FROM occupancy_changes_folded ORDER BY day;
      DROP TABLE occupancy_changes_folded;
    END $$;`,
  ].join("\n"),
};
