/**
 * Data quality before a return (issue 22, item 5): every problem that would make a statutory
 * return or a figure wrong, one row each, with the household or unit to fix. The one home
 * of these checks: the page (/reports/data-quality) and `waypoint export data-quality` read
 * this function; the words are app/features/reports/data-quality.server.ts's.
 *
 *   no_date_of_birth   a member with no date of birth: age decides dependent children, a
 *                      16 or 17 year old applicant and the household's type (TA1, TA2, H-CLIC)
 *   no_lead            a household with no lead applicant (TA2 and H-CLIC describe the lead)
 *   no_destination     a stay in TA ended by the day with no destination recorded (TA1's leavers and
 *                      H-CLIC's reason for the duty ending need one)
 *   gap_in_stay        a stay ended with no destination and the household is placed again
 *                      within 28 nights: either nights in TA are missing, or the destination
 *   type_contradiction a unit whose TA type contradicts its facts (unit_facts)
 *   same_person        two households holding a member with the same name (name_key) and
 *                      date of birth: one person counted twice
 *   similar_person     the same date of birth and a similar name (trigram similarity of at
 *                      least 0.6, pg_trgm) in two households: perhaps one person
 * Whether two names are likely one person's is person_match(a, b), defined here once and read
 * by this check and by registration's check at the door (person-links.server.ts).
 * A pair of members an officer has decided (person_links: the same person, or not) is not
 * offered again.
 * A merged household (households.merged_into) is not checked: what it still holds is the
 * duplicate of what the household it was merged into holds (ADR 0037).
 * A placement without a duty cannot be recorded (placements.duty is NOT NULL).
 */
import type { Definition } from "./definition";

export const dataQuality: Definition = {
  name: "data-quality",
  sql: `
    -- Two members with the same date of birth are likely one person when their names are the
    -- same (name_key) or similar (trigram similarity of name_key at least 0.6): 'same_person',
    -- 'similar_person', or NULL.
    CREATE OR REPLACE FUNCTION person_match(a text, b text) RETURNS text
    LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN name_key(a) = name_key(b) THEN 'same_person'
                  WHEN similarity(name_key(a), name_key(b)) >= 0.6 THEN 'similar_person' END
    $$;
    DROP FUNCTION IF EXISTS data_quality_problems(date);
    CREATE FUNCTION data_quality_problems(d date)
    RETURNS TABLE (kind text, household_id bigint, other_household_id bigint, unit_id bigint, detail text, from_date date, to_date date,
                   member_id bigint, other_member_id bigint)
    LANGUAGE sql STABLE AS $$
      SELECT 'no_date_of_birth', m.household_id, NULL::bigint, NULL::bigint, m.relationship::text, NULL::date, NULL::date, m.id, NULL::bigint
      FROM household_members m WHERE m.date_of_birth IS NULL
        AND NOT EXISTS (SELECT 1 FROM households x WHERE x.id = m.household_id AND x.merged_into IS NOT NULL)
      UNION ALL
      SELECT 'no_lead', h.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM households h
      WHERE h.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id AND m.relationship = 'lead')
      UNION ALL
      SELECT CASE WHEN nx.start_date IS NOT NULL AND nx.start_date - e.end_date <= 28 THEN 'gap_in_stay' ELSE 'no_destination' END,
             e.household_id, NULL, NULL, NULL, e.end_date,
             CASE WHEN nx.start_date - e.end_date <= 28 THEN nx.start_date END, NULL, NULL
      FROM episodes e
      LEFT JOIN LATERAL (
        SELECT n.start_date FROM episodes n
        WHERE n.household_id = e.household_id AND n.start_date > e.end_date
        ORDER BY n.start_date LIMIT 1
      ) nx ON true
      WHERE e.end_date IS NOT NULL AND e.end_date <= d AND e.destination IS NULL
      UNION ALL
      SELECT 'type_contradiction', NULL, NULL, f.unit_id, f.type_contradiction, NULL, NULL, NULL, NULL
      FROM unit_facts f WHERE f.type_contradiction IS NOT NULL
      UNION ALL
      SELECT person_match(a.name, b.name),
             a.household_id, b.household_id, NULL, a.name, a.date_of_birth, NULL, a.id, b.id
      FROM household_members a
      JOIN household_members b ON b.date_of_birth = a.date_of_birth AND b.household_id > a.household_id
      WHERE a.date_of_birth IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM households x WHERE x.id IN (a.household_id, b.household_id) AND x.merged_into IS NOT NULL)
        AND person_match(a.name, b.name) IS NOT NULL
        -- a pair an officer has decided (the same person, or not) is no longer offered
        AND NOT EXISTS (SELECT 1 FROM person_links l
                        WHERE l.member_id = least(a.id, b.id) AND l.other_member_id = greatest(a.id, b.id))
    $$;
  `,
};
