/**
 * Rate benchmarking (issue 18, item 2): each unit's rate against the market.
 *
 * rate_benchmark(d): every unit in use on the night of d (in_use_from <= d < retired_on)
 * with a rate in force that night, its rate as pence a night (a weekly rate / 7), and the
 * median of the same figure over its peers: the units of the same TA type and bedrooms in
 * the same district (unit_facts.district_gss) with a rate that night, itself included.
 * `above` is how far the rate is over that median (0 when not over). The saving is what
 * bringing the rate down to the median would have saved over the 365 nights to d: `above`
 * times the nights the council paid for the unit in them (occupied nights, and, for a unit
 * paid every night, its void nights: void_pieces), rounded to the penny. A peer group of one
 * unit has no market to compare with: its median is its own rate.
 */
import type { Definition } from "./definition";

export const rateBenchmark: Definition = {
  name: "rate-benchmark",
  sql: `
    DROP FUNCTION IF EXISTS rate_benchmark(date);
    CREATE FUNCTION rate_benchmark(d date)
    RETURNS TABLE (unit_id bigint, ta_type_code text, bedrooms smallint, district_gss text, nightly_pence numeric,
                   peers bigint, median_pence numeric, above_pence numeric, paid_nights bigint, saving_pence bigint)
    LANGUAGE sql STABLE AS $$
      WITH rated AS (
        SELECT u.id AS unit_id, u.ta_type_code, u.bedrooms, f.district_gss,
               CASE WHEN r.basis = 'week' THEN r.amount_pence::numeric / 7 ELSE r.amount_pence::numeric END AS nightly_pence
        FROM units u
        JOIN unit_facts f ON f.unit_id = u.id
        CROSS JOIN LATERAL (
          SELECT h.amount_pence, h.basis FROM unit_rates h
          WHERE h.unit_id = u.id AND h.effective_from <= d ORDER BY h.effective_from DESC LIMIT 1
        ) r
        WHERE coalesce(u.in_use_from, '-infinity'::date) <= d AND coalesce(u.retired_on, 'infinity'::date) > d
      ),
      -- Each peer group carries its units and their rates, unnested below: joined back to the
      -- units instead (on a district that may be NULL), the planner expected one row and
      -- compared every unit with every unit's paid nights.
      medians AS (
        SELECT ta_type_code, bedrooms, district_gss, count(*) AS peers,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY nightly_pence) AS median_pence,
               array_agg(unit_id) AS unit_ids, array_agg(nightly_pence) AS nightly
        FROM rated GROUP BY 1, 2, 3
      ),
      occupied AS (
        SELECT c.unit_id, sum(upper(x.r) - lower(x.r))::bigint AS nights
        FROM unit_calendar c
        CROSS JOIN LATERAL (SELECT c.nights * daterange(d - 365, d, '[)') AS r) x
        WHERE c.placement_id IS NOT NULL AND c.nights && daterange(d - 365, d, '[)') AND NOT isempty(x.r)
        GROUP BY c.unit_id
      ),
      empty AS (
        SELECT v.unit_id, sum(v.b - v.a)::bigint AS nights FROM void_pieces(d - 365, d) v GROUP BY v.unit_id
      )
      SELECT r.unit_id, m.ta_type_code, m.bedrooms, m.district_gss, r.nightly_pence,
             m.peers, m.median_pence::numeric, greatest(0, r.nightly_pence - m.median_pence::numeric) AS above_pence,
             coalesce(o.nights, 0) + coalesce(e.nights, 0) AS paid_nights,
             round(greatest(0, r.nightly_pence - m.median_pence::numeric) * (coalesce(o.nights, 0) + coalesce(e.nights, 0)))::bigint AS saving_pence
      FROM medians m
      CROSS JOIN LATERAL unnest(m.unit_ids, m.nightly) AS r(unit_id, nightly_pence)
      LEFT JOIN occupied o ON o.unit_id = r.unit_id
      LEFT JOIN empty e ON e.unit_id = r.unit_id
    $$;
  `,
};
