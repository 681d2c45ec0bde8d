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
 *
 * The pairs are read from member_matches (migration 0075, ADR 0058): every pair of members
 * in two households, born on the same day, whose names person_match() finds alike, with what
 * it found, kept on write by keep_member_matches and the triggers below (a member added, or
 * their name, date of birth or household changed; a member's row going takes its pairs with
 * it) and filled afresh by `refresh` whenever this text (person_match's included) changes.
 * The figure is the same as comparing every member with every other one born on the same day
 * (1.7 million comparisons at 185,000 members: 6 s on every read), done once per write
 * instead. The read still checks the date of birth, the households' order, merges and
 * decided pairs. Writers of members born on days in the same one of 64 groups take turns
 * until commit (an advisory lock), so two transactions each adding one of a pair cannot both
 * miss the other. A change to name_key (a migration) must refresh member_matches too.
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
      SELECT p.kind, a.household_id, b.household_id, NULL, a.name, a.date_of_birth, NULL, a.id, b.id
      FROM member_matches p
      JOIN household_members a ON a.id = p.member_id
      JOIN household_members b ON b.id = p.other_member_id AND b.date_of_birth = a.date_of_birth AND b.household_id > a.household_id
      WHERE a.date_of_birth IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM households x WHERE x.id IN (a.household_id, b.household_id) AND x.merged_into IS NOT NULL)
        -- a pair an officer has decided (the same person, or not) is no longer offered
        AND NOT EXISTS (SELECT 1 FROM person_links l
                        WHERE l.member_id = least(a.id, b.id) AND l.other_member_id = greatest(a.id, b.id))
    $$;

    -- member_matches for the members \`ids\` (each of their pairs dropped, then found again).
    CREATE OR REPLACE FUNCTION keep_member_matches(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF cardinality(ids) = 0 THEN RETURN; END IF;
      PERFORM pg_advisory_xact_lock(23058, x.g) FROM (
        SELECT DISTINCT (m.date_of_birth - date '2000-01-01') % 64 AS g
        FROM household_members m WHERE m.id = ANY(ids) AND m.date_of_birth IS NOT NULL ORDER BY 1) x;
      DELETE FROM member_matches WHERE member_id = ANY(ids) OR other_member_id = ANY(ids);
      INSERT INTO member_matches (member_id, other_member_id, kind)
      SELECT x.a, x.b, x.kind FROM (
        SELECT a.id AS a, b.id AS b, person_match(a.name, b.name) AS kind FROM household_members a
        JOIN household_members b ON b.date_of_birth = a.date_of_birth AND b.household_id > a.household_id
        WHERE a.id = ANY(ids)
        UNION
        SELECT a.id, b.id, person_match(a.name, b.name) FROM household_members b
        JOIN household_members a ON a.date_of_birth = b.date_of_birth AND b.household_id > a.household_id
        WHERE b.id = ANY(ids)) x
      WHERE x.kind IS NOT NULL;
    END $$;
    CREATE OR REPLACE FUNCTION household_members_insert_matches() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM keep_member_matches(array(SELECT id FROM new_members WHERE date_of_birth IS NOT NULL));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER household_members_matches_insert AFTER INSERT ON household_members
    REFERENCING NEW TABLE AS new_members
    FOR EACH STATEMENT EXECUTE FUNCTION household_members_insert_matches();
    CREATE OR REPLACE FUNCTION household_members_update_matches() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM keep_member_matches(array(
        SELECT n.id FROM new_members n JOIN old_members o ON o.id = n.id
        WHERE (n.name, n.date_of_birth, n.household_id) IS DISTINCT FROM (o.name, o.date_of_birth, o.household_id)));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER household_members_matches_update AFTER UPDATE ON household_members
    REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
    FOR EACH STATEMENT EXECUTE FUNCTION household_members_update_matches();
  `,
  refresh: "SELECT keep_member_matches(array(SELECT id FROM household_members))",
};
