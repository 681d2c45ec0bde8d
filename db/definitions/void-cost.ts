/**
 * Void cost (issue 18, item 1): the nights a unit is paid for with nobody placed in it.
 *
 * unit_paid_for: which nights the council pays for, per unit: the unit's own `paid_for`,
 * else its TA type's (migration 0040: private sector leased every night, others per
 * occupied night).
 *
 * void_pieces(from, to): for each unit paid for every night, the nights of [from, to)
 * inside its span of use (in_use_from up to retired_on) on which no placement (not
 * cancelled) holds it, out-of-service nights included (a lease is paid through a repair),
 * cut at the unit's rate periods. Each piece carries the rate in force and the anchor for
 * a weekly rate: the later of the rate's start and the unit's first night in use, so a
 * weekly rate is paid in whole weeks from that day and pieces cut anywhere (months,
 * windows) add up to the uncut figure. Price a piece with
 * segment_pence(amount_pence, basis, anchor, a, b); amount NULL: no rate recorded (the
 * nights are void nights, not priced).
 */
import type { Definition } from "./definition";

export const voidCost: Definition = {
  name: "void-cost",
  sql: `
    DROP VIEW IF EXISTS unit_paid_for CASCADE;
    CREATE VIEW unit_paid_for AS
    SELECT u.id AS unit_id, coalesce(u.paid_for, t.paid_for) AS paid_for
    FROM units u JOIN ta_types t ON t.code = u.ta_type_code;

    DROP FUNCTION IF EXISTS void_pieces(date, date);
    CREATE FUNCTION void_pieces(p_from date, p_to date)
    RETURNS TABLE (unit_id bigint, a date, b date, anchor date, amount_pence bigint, basis text)
    LANGUAGE sql STABLE AS $$
      WITH paid AS (
        SELECT u.id, u.in_use_from,
               daterange(greatest(coalesce(u.in_use_from, '-infinity'::date), p_from),
                         least(coalesce(u.retired_on, 'infinity'::date), p_to), '[)') AS r
        FROM units u JOIN ta_types t ON t.code = u.ta_type_code
        WHERE coalesce(u.paid_for, t.paid_for) = 'every_night'
          AND coalesce(u.in_use_from, '-infinity'::date) < p_to
          AND coalesce(u.retired_on, 'infinity'::date) > p_from
      ),
      -- Materialised: joined to the rate periods below as a view, the planner computed each
      -- unit's occupied nights once per rate period (0.3 s for a month at the large size, not 0.1 s).
      voids AS MATERIALIZED (
        SELECT p.id AS unit_id, p.in_use_from, v AS r
        FROM paid p
        CROSS JOIN LATERAL unnest(
          datemultirange(p.r) - coalesce(
            (SELECT range_agg(c.nights) FROM unit_calendar c
             WHERE c.unit_id = p.id AND c.placement_id IS NOT NULL AND c.nights && p.r),
            '{}'::datemultirange)) AS v
      )
      SELECT v.unit_id,
             greatest(lower(v.r), rp.effective_from) AS a,
             least(upper(v.r), coalesce(rp.effective_to, 'infinity'::date)) AS b,
             greatest(rp.effective_from, coalesce(v.in_use_from, rp.effective_from)) AS anchor,
             rp.amount_pence, rp.basis
      FROM voids v
      -- Only the rates that start before the piece ends (a later one would only move the last
      -- period's end from infinity to a day at or after the piece's end: the same a and b). So
      -- the lateral reads the piece and each unit's empty nights are worked out once, before it;
      -- without it the planner read the rates first and worked the empty nights out again for
      -- every rate the unit ever had (7x slower at the large size).
      CROSS JOIN LATERAL (
        SELECT q.effective_from, lead(q.effective_from) OVER (ORDER BY q.effective_from) AS effective_to, q.amount_pence, q.basis
        FROM (
          SELECT h.effective_from, h.amount_pence::bigint AS amount_pence, h.basis FROM unit_rates h
          WHERE h.unit_id = v.unit_id AND h.effective_from < upper(v.r)
          UNION ALL SELECT '-infinity'::date, NULL::bigint, NULL::text
        ) q
      ) rp
      WHERE rp.effective_from < upper(v.r) AND coalesce(rp.effective_to, 'infinity'::date) > lower(v.r)
    $$;
  `,
};
