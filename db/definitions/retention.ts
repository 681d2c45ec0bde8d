/**
 * Retention (issue 22, item 2; ADR 0038): which closed cases are past the council's retention
 * period, and the date of birth an anonymised member keeps.
 *
 * - retention_due(d, years): every household whose case is closed (no open placement, not
 *   waiting for one, not merged into another, not yet anonymised) and closed on or before
 *   d minus the retention period, with the day it closed: the latest of its last placement's
 *   end and its last period of waiting; with neither, the day it was recorded. on_hold: an
 *   administrator has put the case on legal hold (kept, listed so the dry run says why).
 * - anonymised_birth_date(dob, household): the year of birth, as the earliest date of that year
 *   that keeps every age classification the figures use (born yet; under 10, 16, 18 and 19) on
 *   every night that can reach a figure: the nights of the household's placements and of its
 *   waiting for one. For t = (night - k years) over those nights and ages k, a figure asks
 *   "dob <= t"; the latest t before the real date bounds how early the new date may be.
 */
import type { Definition } from "./definition";
import { DEPENDENT_CHILD_MAX_AGE_IF_CHILD, DEPENDENT_CHILD_UNDER_AGE } from "../../app/features/households/household";

/** Every age (in years) at which a figure classifies a member: born, the bedroom standard's 10, dependent child, 16/17 lead. */
export const CLASSIFYING_AGES = [0, 10, DEPENDENT_CHILD_UNDER_AGE, 18, DEPENDENT_CHILD_MAX_AGE_IF_CHILD + 1];

export const retention: Definition = {
  name: "retention",
  sql: `
    DROP FUNCTION IF EXISTS retention_due(date, int);
    CREATE FUNCTION retention_due(d date, years int)
    RETURNS TABLE (household_id bigint, closed_on date, on_hold boolean)
    LANGUAGE sql STABLE AS $$
      SELECT h.id, coalesce(greatest(p.last_end, a.last_to), h.created_at::date), h.legal_hold_reason IS NOT NULL
      FROM households h
      LEFT JOIN (SELECT x.household_id, max(x.end_date) AS last_end, bool_or(x.end_date IS NULL) AS open
                 FROM placements x WHERE x.cancelled_at IS NULL GROUP BY x.household_id) p ON p.household_id = h.id
      LEFT JOIN (SELECT y.household_id, max(y.to_date) AS last_to FROM awaiting_periods y GROUP BY y.household_id) a ON a.household_id = h.id
      WHERE h.anonymised_at IS NULL AND h.merged_into IS NULL AND h.awaiting_since IS NULL AND NOT coalesce(p.open, false)
        AND coalesce(greatest(p.last_end, a.last_to), h.created_at::date) <= (d - make_interval(years => years))::date
    $$;

    CREATE OR REPLACE FUNCTION anonymised_birth_date(dob date, hid bigint) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN dob IS NULL THEN NULL ELSE greatest(date_trunc('year', dob)::date, (
        SELECT max(x.t) + 1 FROM (
          SELECT (n::date - make_interval(years => k))::date AS t
          FROM (SELECT p.start_date AS f, coalesce(p.end_date, p.start_date + 1) AS u FROM placements p WHERE p.household_id = hid
                UNION ALL
                SELECT w.from_date, w.to_date FROM awaiting_periods w WHERE w.household_id = hid) s
          CROSS JOIN LATERAL generate_series(s.f, s.u - 1, interval '1 day') n
          CROSS JOIN unnest(ARRAY[${CLASSIFYING_AGES.join(",")}]) k
        ) x WHERE x.t < dob)) END
    $$;
  `,
};
