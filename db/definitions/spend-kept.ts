/**
 * Spend of closed months kept on write (issue 23, item 1; ADR 0044): the triggers that drop
 * a month's rows of spend_month_totals (the month's figures) and spend_month_groups (its
 * part of the financial-year views by group: migration 0076) in the same transaction as any
 * change to what they read, so the importer, the CLI and the app are all covered. Rows are
 * recomputed on the next read (keptMonths and keptGroups in app/features/money/spend.server.ts).
 *
 * What a month's figures read, and what a change drops:
 * - placements (unit, household, dates, cancelled): the months of the old and the new nights
 *   (a placement from 2019-03-10 to 2019-05-02 drops March to May 2019; open: every month on);
 * - unit_rates, unit_charges: every month from the earliest effective_from changed on
 *   (a period runs until the next one starts); for the groups, from the month of the night
 *   before it (a new period ends the span before it there, and a span is kept in the month
 *   of its last night);
 * - units.district_gss: every month's groups (the district view groups by it);
 * - units (type, paid for, in use, retired, bedrooms, property, shared facilities), ta_types,
 *   properties, providers, brmas, lha_rates (the subsidy cap and which units are paid for
 *   every night): every month, as which months they touch is hard to know.
 * A TRUNCATE of any of them drops every month. Out-of-service periods do not count (a unit
 * is paid for through a repair), nor do settings (the council's district is not a month figure).
 *
 * Every trigger first takes the shared side of an advisory lock, and a reader storing
 * recomputed months takes the exclusive side before computing: a write cannot commit a
 * change between a reader's computation and its storing, so no row is kept from data
 * already changed (writes run at READ COMMITTED: the drop sees rows committed before it).
 *
 * Whenever any definition is applied again (one may change a costing function), every kept
 * month is dropped.
 */
import { statementTriggers, type Definition } from "./definition";

/** The advisory lock shared by writers and taken alone by a reader storing months. */
export const SPEND_KEPT_LOCK = 7272720073;

const TABLES_ALL = ["ta_types", "properties", "providers", "brmas", "lha_rates"];
const UNIT_COLUMNS =
  "ta_type_code, paid_for, in_use_from, retired_on, bedrooms, property_id, shared_kitchen, shared_bathroom, shared_toilet";

/** The tables of kept spend: a month's figures, and its part of the year's views by group. */
const KEPT_TABLES = ["spend_month_totals", "spend_month_groups"];
/** Months [date_trunc(start), end) of a row r, against kept rows s: the months holding a night of [start, end). */
const NIGHTS_MONTHS = "s.month >= date_trunc('month', r.start_date::timestamp)::date AND s.month < coalesce(r.end_date, 'infinity'::date)";

export const spendKept: Definition = {
  name: "spend-kept",
  sql: `
    DELETE FROM spend_month_totals;
    DELETE FROM spend_month_groups;

    CREATE OR REPLACE FUNCTION spend_kept_drop_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${SPEND_KEPT_LOCK});
      DELETE FROM spend_month_totals;
      DELETE FROM spend_month_groups;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION spend_kept_drop_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${SPEND_KEPT_LOCK});
      DELETE FROM spend_month_groups;
      RETURN NULL;
    END $$;

    -- Months [date_trunc(start), end): the months holding a night of [start, end).
    CREATE OR REPLACE FUNCTION spend_kept_drop_placements() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${SPEND_KEPT_LOCK});
      IF TG_OP = 'INSERT' THEN${KEPT_TABLES.map(
        (t) => `
        DELETE FROM ${t} s USING new_rows r
        WHERE r.cancelled_at IS NULL AND ${NIGHTS_MONTHS};`,
      ).join("")}
      ELSIF TG_OP = 'DELETE' THEN${KEPT_TABLES.map(
        (t) => `
        DELETE FROM ${t} s USING old_rows r WHERE ${NIGHTS_MONTHS};`,
      ).join("")}
      ELSE${KEPT_TABLES.map(
        (t) => `
        DELETE FROM ${t} s USING (
          SELECT x.start_date, x.end_date
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.start_date, o.end_date), (n.start_date, n.end_date)) AS x(start_date, end_date)
          WHERE (o.unit_id, o.household_id, o.start_date, o.end_date, o.cancelled_at IS NULL)
                IS DISTINCT FROM (n.unit_id, n.household_id, n.start_date, n.end_date, n.cancelled_at IS NULL)
          UNION ALL
          -- A row whose id changed (never done by the app): its old and new nights.
          SELECT o.start_date, o.end_date FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
          UNION ALL
          SELECT n.start_date, n.end_date FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)
        ) r
        WHERE ${NIGHTS_MONTHS};`,
      ).join("")}
      END IF;
      RETURN NULL;
    END $$;

    -- Every month from the earliest period start changed: a period runs until the next starts.
    CREATE OR REPLACE FUNCTION spend_kept_drop_periods() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE first date;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(${SPEND_KEPT_LOCK});
      IF TG_OP = 'INSERT' THEN
        SELECT min(effective_from) INTO first FROM new_rows;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT min(effective_from) INTO first FROM old_rows;
      ELSE
        SELECT least((SELECT min(effective_from) FROM old_rows), (SELECT min(effective_from) FROM new_rows)) INTO first;
      END IF;
      IF first IS NOT NULL THEN
        DELETE FROM spend_month_totals WHERE month >= date_trunc('month', first::timestamp)::date;
        DELETE FROM spend_month_groups WHERE month >= date_trunc('month', (first - 1)::timestamp)::date;
      END IF;
      RETURN NULL;
    END $$;
${statementTriggers("placements", "spend_kept", "spend_kept_drop_placements")}
${statementTriggers("unit_rates", "spend_kept", "spend_kept_drop_periods")}
${statementTriggers("unit_charges", "spend_kept", "spend_kept_drop_periods")}
    CREATE OR REPLACE TRIGGER units_spend_kept AFTER INSERT OR DELETE OR UPDATE OF ${UNIT_COLUMNS} ON units
      FOR EACH STATEMENT EXECUTE FUNCTION spend_kept_drop_all();
    CREATE OR REPLACE TRIGGER units_spend_kept_district AFTER UPDATE OF district_gss ON units
      FOR EACH STATEMENT EXECUTE FUNCTION spend_kept_drop_groups();
${["placements", "unit_rates", "unit_charges", "units", ...TABLES_ALL]
  .map(
    (t) => `
    CREATE OR REPLACE TRIGGER ${t}_spend_kept_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION spend_kept_drop_all();`,
  )
  .join("")}
${TABLES_ALL.map(
  (t) => `
    CREATE OR REPLACE TRIGGER ${t}_spend_kept AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION spend_kept_drop_all();`,
).join("")}
  `,
};
