/**
 * The saving of agreed rate negotiations (issue 18, item 3): one definition, read by the
 * negotiations page (app/features/money/negotiations.server.ts) and documented in
 * docs/reports.md (Money).
 *
 * negotiation_saving(from, to): for every rate that came from an agreed negotiation
 * (unit_rates.negotiation_id), over the nights it is in force (its start up to the unit's
 * next rate) inside [from, to), the nights the council pays for at it: occupied nights
 * (a placement holds the unit: unit_calendar), or, for a unit paid for every night
 * (unit_paid_for), every night of its span of use (occupied and void). Those nights are
 * priced at the rate before the negotiated one and at the negotiated one, cut at calendar
 * months; the saving is previous_pence - new_pence (negative for an agreed rise). Both
 * prices use segment_pence with the negotiated rate's start as the anchor, so a weekly rate
 * is counted in whole weeks from that day, the same for both prices.
 */
import type { Definition } from "./definition";

export const negotiations: Definition = {
  name: "negotiations",
  sql: `
    DROP FUNCTION IF EXISTS negotiation_saving(date, date);
    CREATE FUNCTION negotiation_saving(p_from date, p_to date)
    RETURNS TABLE (month date, negotiation_id bigint, unit_id bigint, nights int, previous_pence bigint, new_pence bigint)
    LANGUAGE sql STABLE AS $$
      WITH neg AS (
        SELECT r.unit_id, r.negotiation_id, r.effective_from,
               (SELECT min(x.effective_from) FROM unit_rates x WHERE x.unit_id = r.unit_id AND x.effective_from > r.effective_from) AS effective_to,
               r.amount_pence::bigint AS new_amount, r.basis AS new_basis,
               prev.amount_pence::bigint AS prev_amount, prev.basis AS prev_basis
        FROM unit_rates r
        JOIN LATERAL (SELECT x.amount_pence, x.basis FROM unit_rates x
                      WHERE x.unit_id = r.unit_id AND x.effective_from < r.effective_from
                      ORDER BY x.effective_from DESC LIMIT 1) prev ON true
        WHERE r.negotiation_id IS NOT NULL AND r.effective_from < p_to
      ),
      win AS (
        SELECT n.*, daterange(greatest(n.effective_from, p_from), least(coalesce(n.effective_to, 'infinity'::date), p_to), '[)') AS r
        FROM neg n
        WHERE coalesce(n.effective_to, 'infinity'::date) > p_from
      ),
      paid AS (
        SELECT w.unit_id, w.negotiation_id, w.effective_from, w.new_amount, w.new_basis, w.prev_amount, w.prev_basis, nr
        FROM win w
        JOIN units u ON u.id = w.unit_id
        JOIN unit_paid_for pf ON pf.unit_id = w.unit_id
        CROSS JOIN LATERAL unnest(
          CASE WHEN pf.paid_for = 'every_night'
            THEN datemultirange(w.r * daterange(coalesce(u.in_use_from, '-infinity'::date), coalesce(u.retired_on, 'infinity'::date), '[)'))
            ELSE coalesce((SELECT range_agg(c.nights * w.r) FROM unit_calendar c
                           WHERE c.unit_id = w.unit_id AND c.placement_id IS NOT NULL AND c.nights && w.r), '{}'::datemultirange)
          END) AS nr
        WHERE NOT isempty(w.r)
      ),
      cut AS (
        SELECT p.*, m::date AS month,
               greatest(lower(p.nr), m::date) AS a, least(upper(p.nr), (m + interval '1 month')::date) AS b
        FROM paid p
        CROSS JOIN LATERAL generate_series(date_trunc('month', lower(p.nr)::timestamp), (upper(p.nr) - 1)::timestamp, interval '1 month') AS m
      )
      SELECT month, negotiation_id, unit_id, (b - a)::int AS nights,
             segment_pence(prev_amount, prev_basis, effective_from, a, b) AS previous_pence,
             segment_pence(new_amount, new_basis, effective_from, a, b) AS new_pence
      FROM cut
      WHERE a < b
    $$;
  `,
};
