/**
 * Speed at size (issue 8, ADR 0016): occupancy kept on write, and an index for the invoice check.
 *
 * occupancy_changes is a ledger of changes per TA type and day: +1 where a unit's span of
 * use, an out-of-service period or a placement starts (clipped to the unit's span, as the
 * occupancy report clips it), -1 where it ends. The count on a night is the sum of the
 * changes on or before it; nights in a period are a weighted sum of the changes. It is
 * append-only: statement-level triggers on unit_calendar (every placement and
 * out-of-service write, the bulk load's one statement included) and on units (type and
 * span changes) insert the difference of each statement, summed per type and day. No row
 * is ever updated, so concurrent writers take no lock on it and cannot deadlock on it.
 * compact_occupancy_changes() folds the ledger to one row per type and day (optional:
 * sums are the same either way).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE occupancy_changes (
      ta_type_code text NOT NULL,
      day date NOT NULL,
      units integer NOT NULL DEFAULT 0,
      out_of_service integer NOT NULL DEFAULT 0,
      occupied integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX occupancy_changes_day_idx ON occupancy_changes (day)`.execute(db);

  // The changes of the calendar rows a statement inserted or deleted, under their unit's
  // type and span (a placement outside the unit's span of use is not counted, as in the report).
  await sql`
    CREATE FUNCTION occupancy_calendar_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO occupancy_changes (ta_type_code, day, out_of_service, occupied)
      SELECT ta, day, sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, lower(x.r) AS day,
               CASE WHEN n.placement_id IS NULL THEN 1 ELSE 0 END AS oos, CASE WHEN n.placement_id IS NULL THEN 0 ELSE 1 END AS occ
        FROM new_rows n JOIN units u ON u.id = n.unit_id
        CROSS JOIN LATERAL (SELECT n.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r),
               CASE WHEN n.placement_id IS NULL THEN -1 ELSE 0 END, CASE WHEN n.placement_id IS NULL THEN 0 ELSE -1 END
        FROM new_rows n JOIN units u ON u.id = n.unit_id
        CROSS JOIN LATERAL (SELECT n.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(oos) <> 0 OR sum(occ) <> 0;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION occupancy_calendar_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO occupancy_changes (ta_type_code, day, out_of_service, occupied)
      SELECT ta, day, sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, lower(x.r) AS day,
               CASE WHEN o.placement_id IS NULL THEN -1 ELSE 0 END AS oos, CASE WHEN o.placement_id IS NULL THEN 0 ELSE -1 END AS occ
        FROM old_rows o JOIN units u ON u.id = o.unit_id
        CROSS JOIN LATERAL (SELECT o.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r),
               CASE WHEN o.placement_id IS NULL THEN 1 ELSE 0 END, CASE WHEN o.placement_id IS NULL THEN 0 ELSE 1 END
        FROM old_rows o JOIN units u ON u.id = o.unit_id
        CROSS JOIN LATERAL (SELECT o.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(oos) <> 0 OR sum(occ) <> 0;
      RETURN NULL;
    END $$`.execute(db);
  // An UPDATE of calendar rows (none of today's code does one: the sync triggers delete and
  // insert) counts as the delete of the old rows and the insert of the new.
  await sql`
    CREATE FUNCTION occupancy_calendar_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO occupancy_changes (ta_type_code, day, out_of_service, occupied)
      SELECT ta, day, sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, lower(x.r) AS day, s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END) AS oos,
               s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END) AS occ
        FROM (SELECT unit_id, nights, placement_id, 1 AS s FROM new_rows UNION ALL SELECT unit_id, nights, placement_id, -1 FROM old_rows) c
        JOIN units u ON u.id = c.unit_id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r), -s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END),
               -s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (SELECT unit_id, nights, placement_id, 1 AS s FROM new_rows UNION ALL SELECT unit_id, nights, placement_id, -1 FROM old_rows) c
        JOIN units u ON u.id = c.unit_id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(oos) <> 0 OR sum(occ) <> 0;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER occupancy_calendar_ins AFTER INSERT ON unit_calendar REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_calendar_insert()`.execute(db);
  await sql`CREATE TRIGGER occupancy_calendar_del AFTER DELETE ON unit_calendar REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_calendar_delete()`.execute(db);
  await sql`CREATE TRIGGER occupancy_calendar_upd AFTER UPDATE ON unit_calendar REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_calendar_update()`.execute(db);

  // Units: a new unit adds its span; a change of type or span takes the old span and
  // calendar parts away and adds the new; a deleted unit (it has no calendar) takes its span away.
  // u: (id, ta_type_code, in_use_from, retired_on, s) with s = +1 for new, -1 for old.
  const unitDeltas = (source: string) =>
    sql.raw(`
      INSERT INTO occupancy_changes (ta_type_code, day, units, out_of_service, occupied)
      SELECT ta, day, sum(un), sum(oos), sum(occ) FROM (
        SELECT u.ta_type_code AS ta, coalesce(u.in_use_from, '-infinity'::date) AS day, u.s AS un, 0 AS oos, 0 AS occ FROM (${source}) u
        UNION ALL
        SELECT u.ta_type_code, u.retired_on, -u.s, 0, 0 FROM (${source}) u WHERE u.retired_on IS NOT NULL
        UNION ALL
        SELECT u.ta_type_code, lower(x.r), 0, u.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END), u.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (${source}) u JOIN unit_calendar c ON c.unit_id = u.id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r)
        UNION ALL
        SELECT u.ta_type_code, upper(x.r), 0, -u.s * (CASE WHEN c.placement_id IS NULL THEN 1 ELSE 0 END), -u.s * (CASE WHEN c.placement_id IS NULL THEN 0 ELSE 1 END)
        FROM (${source}) u JOIN unit_calendar c ON c.unit_id = u.id
        CROSS JOIN LATERAL (SELECT c.nights * daterange(u.in_use_from, u.retired_on, '[)') AS r) x
        WHERE NOT isempty(x.r) AND NOT upper_inf(x.r)
      ) d GROUP BY ta, day HAVING sum(un) <> 0 OR sum(oos) <> 0 OR sum(occ) <> 0;`);
  await sql`
    CREATE FUNCTION occupancy_units_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${unitDeltas("SELECT id, ta_type_code, in_use_from, retired_on, 1 AS s FROM new_rows")}
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION occupancy_units_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${unitDeltas("SELECT id, ta_type_code, in_use_from, retired_on, -1 AS s FROM old_rows")}
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION occupancy_units_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${unitDeltas(`
        SELECT n.id, n.ta_type_code, n.in_use_from, n.retired_on, 1 AS s FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.ta_type_code, n.in_use_from, n.retired_on) IS DISTINCT FROM (o.ta_type_code, o.in_use_from, o.retired_on)
        UNION ALL
        SELECT o.id, o.ta_type_code, o.in_use_from, o.retired_on, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.ta_type_code, n.in_use_from, n.retired_on) IS DISTINCT FROM (o.ta_type_code, o.in_use_from, o.retired_on)`)}
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER occupancy_units_ins AFTER INSERT ON units REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_units_insert()`.execute(db);
  await sql`CREATE TRIGGER occupancy_units_del AFTER DELETE ON units REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_units_delete()`.execute(db);
  await sql`CREATE TRIGGER occupancy_units_upd AFTER UPDATE ON units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION occupancy_units_update()`.execute(db);

  // Folds the ledger to one row per type and day. Blocks writers for its duration (they
  // would otherwise insert between the read and the delete); the sums do not change.
  await sql`
    CREATE FUNCTION compact_occupancy_changes() RETURNS void LANGUAGE plpgsql AS $$
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
    END $$`.execute(db);

  // Backfill: every unit as if inserted now (its span and its calendar parts).
  await sql`${unitDeltas("SELECT id, ta_type_code, in_use_from, retired_on, 1 AS s FROM units")}`.execute(db);

  // The invoice check finds the units of its lines by upper(unit_ref).
  await sql`CREATE INDEX units_unit_ref_upper_idx ON units (upper(unit_ref))`.execute(db);
}
