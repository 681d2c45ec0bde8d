/**
 * The costing rules in SQL: the one home of each, read by every page, export and check.
 * segment_pence prices nights [a, b) under one rate; the period views put every night of
 * every unit in exactly one rate (and one charge) period; unit_subsidy_caps is the weekly
 * housing benefit subsidy cap for TA (frozen January 2011 LHA); weekly_subsidy_pence is the
 * weekly subsidy of a piece; stay_pieces costs one stay (or a stay being considered) piece
 * by piece, and night_costs night by night, for the pages and checks that look at one
 * household, unit or invoice. The spend reports apply the same functions set-based.
 */
import type { Definition } from "./definition";

export const money: Definition = {
  name: "money",
  sql: `
    -- Pence for nights [a, b) under one rate, anchored at max(stay start, rate start). Weekly: W(k) = round_half_up(k*amount/7)
    -- = (2*k*amount + 7) / 14 in integer arithmetic, and the segment costs W(b-anchor) - W(a-anchor).
    CREATE OR REPLACE FUNCTION segment_pence(amount bigint, basis text, anchor date, a date, b date)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN amount IS NULL OR b <= a THEN 0::bigint
        WHEN basis = 'night' THEN amount * (b - a)
        ELSE ((2 * amount * (b - anchor) + 7) / 14) - ((2 * amount * (a - anchor) + 7) / 14)
      END
    $$;

    -- Every night of every unit falls in exactly one row of each view: a leading row from
    -- -infinity up to the first rate (amount NULL: unpriced), then one row per rate period.
    DROP VIEW IF EXISTS unit_rate_periods CASCADE;
    CREATE VIEW unit_rate_periods AS
    SELECT unit_id, effective_from,
           lead(effective_from) OVER (PARTITION BY unit_id ORDER BY effective_from) AS effective_to,
           amount_pence::bigint AS amount_pence, basis
    FROM unit_rates
    UNION ALL
    SELECT u.id, '-infinity'::date, (SELECT min(r.effective_from) FROM unit_rates r WHERE r.unit_id = u.id), NULL::bigint, NULL::text
    FROM units u;

    DROP VIEW IF EXISTS unit_charge_periods CASCADE;
    CREATE VIEW unit_charge_periods AS
    SELECT unit_id, effective_from,
           lead(effective_from) OVER (PARTITION BY unit_id ORDER BY effective_from) AS effective_to,
           weekly_pence::bigint AS weekly_pence
    FROM unit_charges
    UNION ALL
    SELECT u.id, '-infinity'::date, (SELECT min(c.effective_from) FROM unit_charges c WHERE c.unit_id = u.id), NULL::bigint
    FROM units u;

    -- The weekly subsidy cap for accommodation of a kind: not self-contained -> the 1-bedroom
    -- rate; self-contained -> min(90% of the rate for min(max(bedrooms,1),4) rounded half up,
    -- £500 London / £375 elsewhere). NULL when the BRMA or the rate is not in the table
    -- (unknown, never zero; and least() skips NULLs, hence the explicit case). The other
    -- columns say why, for the words on the pages (describeSubsidyCap). Read for every unit
    -- (unit_subsidy_caps) and for units a forecast scenario adds.
    DROP FUNCTION IF EXISTS subsidy_cap(boolean, integer, text) CASCADE;
    CREATE FUNCTION subsidy_cap(p_self_contained boolean, p_bedrooms integer, p_brma text)
    RETURNS TABLE (weekly_cap_pence bigint, in_london boolean, brma_known boolean, lha_category text,
                   lha_weekly_pence bigint, ninety_pence bigint, limit_pence bigint)
    LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN l.weekly_pence IS NULL THEN NULL
                  WHEN p_self_contained THEN least((18 * l.weekly_pence::bigint + 10) / 20, CASE WHEN b.in_london THEN 50000 ELSE 37500 END)
                  ELSE l.weekly_pence::bigint END,
             b.in_london, b.name IS NOT NULL, c.category, l.weekly_pence::bigint,
             (18 * l.weekly_pence::bigint + 10) / 20, CASE WHEN b.in_london THEN 50000 ELSE 37500 END::bigint
      FROM (SELECT CASE WHEN NOT p_self_contained THEN '1bed' ELSE least(4, greatest(1, p_bedrooms))::text || 'bed' END AS category) c
      LEFT JOIN brmas b ON b.name = p_brma
      LEFT JOIN lha_rates l ON l.brma = b.name AND l.category = c.category
    $$;

    DROP VIEW IF EXISTS unit_subsidy_caps CASCADE;
    CREATE VIEW unit_subsidy_caps AS
    SELECT u.id AS unit_id, s.in_london, s.weekly_cap_pence, p.brma, s.brma_known, f.self_contained,
           s.lha_category, s.lha_weekly_pence, s.ninety_pence, s.limit_pence
    FROM units u
    JOIN unit_facts f ON f.unit_id = u.id
    JOIN properties p ON p.id = u.property_id
    CROSS JOIN LATERAL subsidy_cap(f.self_contained, u.bedrooms, p.brma) s;

    -- The weekly subsidy for nights under one rate and charge: min(eligible weekly rent (the
    -- household's weekly charge if recorded, else the council's weekly cost), cap, council's
    -- weekly cost). NULL when the cap is unknown; 0 for nights with no rate (unpriced). A
    -- piece's subsidy: least(gross, subsidy_pence(weekly_subsidy_pence(..), anchor, a, b)).
    CREATE OR REPLACE FUNCTION weekly_subsidy_pence(amount bigint, basis text, charge bigint, cap bigint)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN cap IS NULL THEN NULL
                  WHEN amount IS NULL THEN 0::bigint
                  ELSE least(coalesce(charge, CASE WHEN basis = 'night' THEN amount * 7 ELSE amount END),
                             cap, CASE WHEN basis = 'night' THEN amount * 7 ELSE amount END)
             END
    $$;

    -- The weekly subsidy priced over nights [a, b) like a weekly rate from the gross cost's
    -- anchor (unclamped); NULL when the subsidy is unknown.
    CREATE OR REPLACE FUNCTION subsidy_pence(weekly_subsidy bigint, anchor date, a date, b date)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN weekly_subsidy IS NULL THEN NULL ELSE segment_pence(weekly_subsidy, 'week', anchor, a, b) END
    $$;

    -- One stay (or one being considered) in a unit from p_start to p_end (NULL: open), its
    -- nights inside [p_from, p_to), cut where the rate or the household's charge changes and
    -- each piece priced: gross (NULL amount: no rate, unpriced) and subsidy (NULL: unknown).
    DROP FUNCTION IF EXISTS stay_pieces(integer, date, date, date, date);
    CREATE FUNCTION stay_pieces(p_unit integer, p_start date, p_end date, p_from date, p_to date)
    RETURNS TABLE (a date, b date, nights integer, anchor date, amount_pence bigint, basis text,
                   charge_pence bigint, weekly_subsidy bigint, gross bigint, subsidy bigint)
    LANGUAGE sql STABLE AS $$
      WITH span AS (
        SELECT greatest(p_start, p_from) AS a0, least(coalesce(p_end, 'infinity'::date), p_to) AS b0
      ), cut AS (
        SELECT greatest(s.a0, r.effective_from, c.effective_from) AS a,
               least(s.b0, coalesce(r.effective_to, 'infinity'::date), coalesce(c.effective_to, 'infinity'::date)) AS b,
               greatest(p_start, r.effective_from) AS anchor, r.amount_pence, r.basis, c.weekly_pence AS charge_pence,
               weekly_subsidy_pence(r.amount_pence, r.basis, c.weekly_pence, cap.weekly_cap_pence) AS weekly_subsidy
        FROM span s
        JOIN unit_rate_periods r ON r.unit_id = p_unit
          AND r.effective_from < s.b0 AND coalesce(r.effective_to, 'infinity'::date) > s.a0
        JOIN unit_charge_periods c ON c.unit_id = p_unit
          AND c.effective_from < s.b0 AND coalesce(c.effective_to, 'infinity'::date) > s.a0
        JOIN unit_subsidy_caps cap ON cap.unit_id = p_unit
      )
      SELECT a, b, b - a, anchor, amount_pence, basis, charge_pence, weekly_subsidy,
             segment_pence(amount_pence, basis, anchor, a, b),
             CASE WHEN weekly_subsidy IS NULL THEN NULL
                  ELSE least(segment_pence(amount_pence, basis, anchor, a, b), subsidy_pence(weekly_subsidy, anchor, a, b)) END
      FROM cut WHERE a < b ORDER BY a
    $$;

    -- The cost of each night of such a stay inside [p_from, p_to): NULL where no rate is in force.
    DROP FUNCTION IF EXISTS night_costs(integer, date, date, date, date);
    CREATE FUNCTION night_costs(p_unit integer, p_start date, p_end date, p_from date, p_to date)
    RETURNS TABLE (night date, pence bigint)
    LANGUAGE sql STABLE AS $$
      SELECT n::date, CASE WHEN x.amount_pence IS NULL THEN NULL
                          ELSE segment_pence(x.amount_pence, x.basis, x.anchor, n::date, n::date + 1) END
      FROM stay_pieces(p_unit, p_start, p_end, p_from, p_to) x
      CROSS JOIN LATERAL generate_series(x.a::timestamp, (x.b - 1)::timestamp, interval '1 day') AS n
      ORDER BY 1
    $$;
  `,
};
