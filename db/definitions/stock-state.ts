/**
 * A unit's state on a night, for the stock filters, the stock CSV and the provider record
 * (issue 21, item 4): the one definition of "free tonight" and of "void now, and for how long".
 *
 * unit_stock_on(d): every unit in use on the night of d (in_use_from <= d < retired_on) with
 * - booked: a placement holds it that night;
 * - out_of_service: an out-of-service period covers that night;
 * - free_tonight: neither (it can be placed into tonight);
 * - void_since: when nobody is placed in it that night, the night after its last placement
 *   before d ended (the check-out date), else its first night in use (null: never in use
 *   before, or occupied); void_nights = d - void_since + 1, counting the night of d.
 * A void here is a unit nobody is placed in, whoever pays for it (DOMAIN: "a period when a
 * unit that is paid for, or available, holds nobody"); void cost (void-cost.ts) prices only the
 * units paid for every night.
 */
import type { Definition } from "./definition";

export const stockState: Definition = {
  name: "stock-state",
  sql: `
    DROP FUNCTION IF EXISTS unit_stock_on(date) CASCADE;
    CREATE FUNCTION unit_stock_on(d date)
    RETURNS TABLE (unit_id bigint, booked boolean, out_of_service boolean, free_tonight boolean, void_since date, void_nights int)
    LANGUAGE sql STABLE AS $$
      SELECT u.id, b.booked, o.oos, NOT (b.booked OR o.oos),
             CASE WHEN NOT b.booked THEN greatest(coalesce(l.last_out, u.in_use_from), coalesce(u.in_use_from, l.last_out)) END,
             CASE WHEN NOT b.booked AND coalesce(l.last_out, u.in_use_from) IS NOT NULL
                  THEN (d - greatest(coalesce(l.last_out, u.in_use_from), coalesce(u.in_use_from, l.last_out)) + 1)::int END
      FROM units u
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM unit_calendar c WHERE c.unit_id = u.id AND c.placement_id IS NOT NULL
                                          AND c.nights @> d) AS booked) b
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM unit_calendar c WHERE c.unit_id = u.id AND c.out_of_service_id IS NOT NULL
                                          AND c.nights @> d) AS oos) o
      LEFT JOIN LATERAL (SELECT max(upper(c.nights)) AS last_out FROM unit_calendar c
                         WHERE c.unit_id = u.id AND c.placement_id IS NOT NULL AND upper(c.nights) <= d) l ON NOT b.booked
      WHERE coalesce(u.in_use_from, '-infinity'::date) <= d AND coalesce(u.retired_on, 'infinity'::date) > d
    $$;
  `,
};
