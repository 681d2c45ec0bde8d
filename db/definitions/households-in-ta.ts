/**
 * Who is in TA on a night, and the six-week limit on B&B: the one definition of each,
 * read by Today, the household page, TA1/TA2 and the headline counts (ADR 0020).
 *
 * - households_in_ta(d): one row per household in TA on the night of d, in its main
 *   placement (the one not marked as split, then the latest to start, then the latest
 *   recorded: ADR 0007), with the unit's facts (unit_facts: B&B by the 2003 Order).
 * - households_awaiting_on(d): duty owed and no accommodation secured on night d
 *   (waiting for a placement that night, by households.awaiting_since or a closed
 *   awaiting period, and no placement that night). A merged household's waiting counts
 *   as that of the household it was merged into (ADR 0037).
 * - bnb_nights_on(d, only_ids): B&B nights (by the Order) of each household's current
 *   application up to and including night d, each night once, across transfers and gaps
 *   (art. 4: "a period, or a total of periods"). The application is the latest recorded
 *   in `applications` starting on or before d; with none recorded, every night counts.
 *   With only_ids null: the households in a B&B unit on night d; else those households.
 * - six_weeks_on(d, only_ids): that count with the household's facts and its status:
 *   a family (household_facts_on's with_children that night: a pregnant member or a
 *   dependent child) past night 42 is in breach; from night 35 it is warned.
 */
import type { Definition } from "./definition";
import { SIX_WEEK_LIMIT_DAYS, SIX_WEEK_WARNING_FROM_DAY } from "../../app/features/placements/six-weeks";

export const householdsInTa: Definition = {
  name: "households-in-ta",
  sql: `
    DROP FUNCTION IF EXISTS households_in_ta(date) CASCADE;
    CREATE FUNCTION households_in_ta(d date)
    RETURNS TABLE (household_id bigint, placement_id bigint, episode_id bigint, duty text, start_date date, unit_id bigint,
                   ta_type_code text, ta1_category int, is_bnb boolean, district_gss text, out_of_district boolean,
                   provider_id bigint, property_id bigint)
    LANGUAGE sql STABLE AS $$
      SELECT DISTINCT ON (p.household_id)
             p.household_id, p.id, p.episode_id, p.duty, p.start_date, p.unit_id,
             u.ta_type_code, f.ta1_category, f.is_bnb, f.district_gss, f.out_of_district, pr.provider_id, pr.id
      FROM placements p
      JOIN units u ON u.id = p.unit_id
      JOIN unit_facts f ON f.unit_id = p.unit_id
      JOIN properties pr ON pr.id = u.property_id
      WHERE p.cancelled_at IS NULL AND p.start_date <= d AND (p.end_date IS NULL OR p.end_date > d)
      ORDER BY p.household_id, p.is_split, p.start_date DESC, p.id DESC
    $$;

    DROP FUNCTION IF EXISTS households_awaiting_on(date) CASCADE;
    CREATE FUNCTION households_awaiting_on(d date) RETURNS TABLE (household_id bigint, awaiting_since date)
    LANGUAGE sql STABLE AS $$
      SELECT DISTINCT ON (w.household_id) w.household_id, w.since FROM (
        -- a merged household's waiting counts as the household it was merged into's (ADR 0037)
        SELECT coalesce(h.merged_into, h.id) AS household_id, h.awaiting_since AS since FROM households h
        WHERE h.awaiting_since IS NOT NULL AND h.awaiting_since <= d
        UNION ALL
        SELECT a.household_id, a.from_date FROM awaiting_periods a WHERE a.from_date <= d AND a.to_date > d
      ) w
      WHERE NOT EXISTS (SELECT 1 FROM placements p WHERE p.household_id = w.household_id AND p.cancelled_at IS NULL
                          AND p.start_date <= d AND (p.end_date IS NULL OR p.end_date > d))
      ORDER BY w.household_id, w.since
    $$;

    DROP FUNCTION IF EXISTS bnb_nights_on(date, bigint[]) CASCADE;
    CREATE FUNCTION bnb_nights_on(d date, only_ids bigint[] DEFAULT NULL)
    RETURNS TABLE (household_id bigint, nights int, in_bnb_tonight boolean, application_start date)
    LANGUAGE sql STABLE AS $$
      WITH who AS MATERIALIZED (
        SELECT h.household_id, bool_or(h.tonight) AS tonight FROM (
          SELECT t.household_id, t.is_bnb AS tonight FROM households_in_ta(d) t WHERE only_ids IS NULL AND t.is_bnb
          UNION ALL
          SELECT x.id, coalesce((SELECT t.is_bnb FROM households_in_ta(d) t WHERE t.household_id = x.id), false)
          FROM unnest(only_ids) AS x(id)
        ) h GROUP BY h.household_id
      ), app AS (
        SELECT w.household_id, w.tonight,
               (SELECT max(a.start_date) FROM applications a WHERE a.household_id = w.household_id AND a.start_date <= d) AS since
        FROM who w
      ), ranges AS (
        SELECT a.household_id,
               unnest(range_agg(daterange(greatest(p.start_date, coalesce(a.since, p.start_date)),
                                          least(coalesce(p.end_date, d + 1), d + 1), '[)'))) AS r
        FROM app a
        JOIN placements p ON p.household_id = a.household_id
        JOIN unit_facts f ON f.unit_id = p.unit_id
        WHERE p.cancelled_at IS NULL AND f.is_bnb AND p.start_date <= d
          AND (a.since IS NULL OR p.end_date IS NULL OR p.end_date > a.since)
        GROUP BY a.household_id
      )
      SELECT a.household_id, coalesce((SELECT sum(upper(r.r) - lower(r.r)) FROM ranges r WHERE r.household_id = a.household_id), 0)::int,
             a.tonight, a.since
      FROM app a
    $$;

    DROP FUNCTION IF EXISTS six_weeks_on(date, bigint[]) CASCADE;
    CREATE FUNCTION six_weeks_on(d date, only_ids bigint[] DEFAULT NULL)
    RETURNS TABLE (household_id bigint, nights int, in_bnb_tonight boolean, application_start date,
                   family boolean, lead_16_17 boolean, status text)
    LANGUAGE sql STABLE AS $$
      SELECT b.household_id, b.nights, b.in_bnb_tonight, b.application_start, m.family, m.lead_16_17,
             CASE WHEN NOT m.family THEN 'not_applicable'
                  WHEN b.nights > ${SIX_WEEK_LIMIT_DAYS} THEN 'breach'
                  WHEN NOT b.in_bnb_tonight THEN 'not_applicable'
                  WHEN b.nights >= ${SIX_WEEK_WARNING_FROM_DAY} THEN 'warning'
                  ELSE 'ok' END
      FROM bnb_nights_on(d, only_ids) b
      CROSS JOIN LATERAL (SELECT f.with_children AS family, f.lead_16_17 FROM household_facts_on(b.household_id, d) f) m
    $$;
  `,
};
