/**
 * The occupancy audit's figures (issue 18, item 6): what a visit that found a household
 * gone is worth. One home for "found gone", "still paid after found gone" and "recovered".
 *
 * stay_nights_pence(unit, stay_start, a, b): nights [a, b) of a stay in the unit that began
 * on stay_start, priced as spend prices a placement's nights: segment_pence under each rate
 * in force (unit_rate_periods), a weekly rate anchored at the later of the stay's and the
 * rate's start. Returns the pence and the nights with no rate recorded (not priced).
 *
 * audit_findings(today): one row per placement a home visit found the household gone from:
 * the earliest visit at it with outcome 'left' or 'irregular' (someone else living there,
 * a sublet) that no later visit at it found them living there ('confirmed'). found_on is
 * that visit's date: the first night the council knows nobody of the household was there.
 *   - still paid: the placement's nights from found_on up to last night (its end, if
 *     earlier): paid for a household that is not there, until the placement is ended.
 *   - recovered: the nights from found_on that the placement held when the visit was
 *     recorded (its end then, contacts.placement_end_then; open: up to last night) and no
 *     longer holds, because it was ended (or its dates corrected, or it was cancelled)
 *     since: [greatest(found_on, end now), least(end then, today)). Counted up to last
 *     night: nights still to come are not recovered until they pass.
 * Money (both): those nights priced by stay_nights_pence, for a unit paid per occupied
 * night only. A unit paid for every night (a lease) costs the same whoever is in it:
 * ending the placement turns those nights into void nights (void cost), and recovers money
 * only when the room is let again, so its money is 0 here and its nights are reported.
 */
import type { Definition } from "./definition";

export const occupancyAudit: Definition = {
  name: "occupancy-audit",
  sql: `
    DROP FUNCTION IF EXISTS stay_nights_pence(bigint, date, date, date);
    CREATE FUNCTION stay_nights_pence(p_unit bigint, p_stay_start date, p_a date, p_b date)
    RETURNS TABLE (pence bigint, unpriced_nights int)
    LANGUAGE sql STABLE AS $$
      SELECT coalesce(sum(segment_pence(rp.amount_pence, rp.basis, greatest(p_stay_start, rp.effective_from),
                                        greatest(p_a, rp.effective_from), least(p_b, coalesce(rp.effective_to, 'infinity'::date)))), 0)::bigint,
             coalesce(sum(least(p_b, coalesce(rp.effective_to, 'infinity'::date)) - greatest(p_a, rp.effective_from))
                      FILTER (WHERE rp.amount_pence IS NULL), 0)::int
      FROM unit_rate_periods rp
      WHERE p_a < p_b AND rp.unit_id = p_unit
        AND rp.effective_from < p_b AND coalesce(rp.effective_to, 'infinity'::date) > p_a
    $$;

    DROP FUNCTION IF EXISTS audit_findings(date);
    CREATE FUNCTION audit_findings(p_today date)
    RETURNS TABLE (placement_id bigint, household_id bigint, unit_id bigint, contact_id bigint, found_on date, outcome text,
                   paid_for text, end_then date, end_now date,
                   still_paid_nights int, still_paid_pence bigint, recovered_nights int, recovered_pence bigint, unpriced_nights int)
    LANGUAGE sql STABLE AS $$
      WITH f AS (
        SELECT DISTINCT ON (c.placement_id) c.placement_id, c.id AS contact_id, c.contact_on AS found_on, c.outcome,
               c.placement_end_then AS end_then
        FROM contacts c
        WHERE c.kind = 'visit' AND c.outcome IN ('left', 'irregular') AND c.contact_on <= p_today
          AND NOT EXISTS (SELECT 1 FROM contacts k
                          WHERE k.placement_id = c.placement_id AND k.kind = 'visit' AND k.outcome = 'confirmed'
                            AND k.contact_on > c.contact_on AND k.contact_on <= p_today)
        ORDER BY c.placement_id, c.contact_on, c.id
      ),
      r AS (
        SELECT f.*, p.household_id, p.unit_id, p.start_date, pf.paid_for,
               -- The night after the last night the placement holds now; a cancelled booking holds none
               CASE WHEN p.cancelled_at IS NOT NULL THEN p.start_date ELSE p.end_date END AS end_now,
               CASE WHEN p.cancelled_at IS NOT NULL THEN p.start_date ELSE coalesce(p.end_date, 'infinity'::date) END AS held_to
        FROM f JOIN placements p ON p.id = f.placement_id
        JOIN unit_paid_for pf ON pf.unit_id = p.unit_id
      ),
      s AS (
        SELECT r.*,
               greatest(r.found_on, least(r.held_to, p_today)) AS still_b,
               greatest(r.found_on, r.held_to) AS rec_a,
               least(coalesce(r.end_then, 'infinity'::date), p_today) AS rec_b
        FROM r
      )
      SELECT s.placement_id, s.household_id, s.unit_id, s.contact_id, s.found_on, s.outcome, s.paid_for, s.end_then, s.end_now,
             (s.still_b - s.found_on)::int,
             CASE WHEN s.paid_for = 'occupied_nights' THEN sp.pence ELSE 0 END,
             CASE WHEN s.rec_a < s.rec_b THEN s.rec_b - s.rec_a ELSE 0 END::int,
             CASE WHEN s.paid_for = 'occupied_nights' THEN rp.pence ELSE 0 END,
             CASE WHEN s.paid_for = 'occupied_nights' THEN sp.unpriced_nights + rp.unpriced_nights ELSE 0 END
      FROM s
      CROSS JOIN LATERAL stay_nights_pence(s.unit_id, s.start_date, s.found_on, s.still_b) sp
      CROSS JOIN LATERAL stay_nights_pence(s.unit_id, s.start_date, s.rec_a, s.rec_b) rp
    $$;
  `,
};
