/**
 * The costing rules in SQL, for the money pages at size: one home for each.
 * segment_pence prices nights [a, b) under one rate; the period views put every night of
 * every unit in exactly one rate (and one charge) period; unit_subsidy_caps is the weekly
 * housing benefit subsidy cap for TA (frozen January 2011 LHA).
 */
import type { Definition } from "./definition";

export const money: Definition = {
  name: "money",
  sql: `
    -- SQL mirror of segmentPence (app/features/money/money.ts): pence for nights [a, b) under one
    -- rate, anchored at max(stay start, rate start). Weekly: W(k) = round_half_up(k*amount/7)
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

    -- Mirror of weeklySubsidyCap: not self-contained -> the 1-bedroom rate; self-contained ->
    -- min(90% of the rate for min(max(bedrooms,1),4) rounded half up, £500 London / £375 elsewhere).
    -- NULL when the unit's BRMA or the rate is not in the table (unknown, never zero; and
    -- least() skips NULLs, hence the explicit case).
    DROP VIEW IF EXISTS unit_subsidy_caps CASCADE;
    CREATE VIEW unit_subsidy_caps AS
    SELECT u.id AS unit_id, b.in_london,
           CASE WHEN l.weekly_pence IS NULL THEN NULL WHEN f.self_contained THEN
             least((18 * l.weekly_pence::bigint + 10) / 20, CASE WHEN b.in_london THEN 50000 ELSE 37500 END)
           ELSE l.weekly_pence::bigint END AS weekly_cap_pence
    FROM units u
    JOIN unit_facts f ON f.unit_id = u.id
    JOIN properties p ON p.id = u.property_id
    LEFT JOIN brmas b ON b.name = p.brma
    LEFT JOIN lha_rates l ON l.brma = b.name AND l.category =
      CASE WHEN NOT f.self_contained THEN '1bed' ELSE least(4, greatest(1, u.bedrooms))::text || 'bed' END;
  `,
};
