/**
 * A household's make-up on a night: the one definition of each fact that depends on who
 * was in the household then (issue 16, items 4 and 8; ADR 0025). Today, the household
 * page, find a unit, TA1, TA2, the length-of-stay split and the six-week rule read these.
 *
 * - waypoint_effective_date(): the night a change takes effect: the app's "today" for
 *   the request (set with set_config('waypoint.effective_date', …, true) by
 *   app/lib/db/effective-date.server.ts), else today in Europe/London.
 * - is_dependent_child(relationship, date_of_birth, d): a member other than the lead or
 *   partner who is under 16, or recorded as a child and 18 or under (H-CLIC; DOMAIN.md).
 * - household_facts_on(household_id, d): the members in the household on night d (joined
 *   on or before it, not yet left, born) and what follows from them: dependent children,
 *   expected children (members pregnant that night), adults, "with children" (a dependent
 *   child or a pregnant member: the 2003 Order's family commitments, and TA1's "with
 *   children" since 2002), a lead aged 16 or 17, the household type and the TA2 column.
 * - Triggers keep the dated facts from the flags forms and imports write: a member's
 *   pregnancy periods from household_members.pregnant; a member taken off the household
 *   moves to former_household_members with the night they left; a cleared
 *   households.awaiting_since becomes a closed awaiting period.
 */
import { statementTriggers, type Definition } from "./definition";
import { DEPENDENT_CHILD_MAX_AGE_IF_CHILD, DEPENDENT_CHILD_UNDER_AGE } from "../../app/features/households/household";

export const householdFacts: Definition = {
  name: "household-facts",
  sql: `
    CREATE OR REPLACE FUNCTION waypoint_effective_date() RETURNS date LANGUAGE sql STABLE AS $$
      SELECT coalesce(nullif(current_setting('waypoint.effective_date', true), '')::date,
                      (now() AT TIME ZONE 'Europe/London')::date)
    $$;

    CREATE OR REPLACE FUNCTION is_dependent_child(relationship text, date_of_birth date, d date) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(relationship NOT IN ('lead', 'partner')
        AND (date_of_birth IS NULL OR date_of_birth <= d)
        AND ((date_of_birth IS NULL AND relationship = 'child')
             OR date_of_birth > (d - interval '${DEPENDENT_CHILD_UNDER_AGE} years')::date
             OR (relationship = 'child' AND date_of_birth > (d - interval '${DEPENDENT_CHILD_MAX_AGE_IF_CHILD + 1} years')::date)), false)
    $$;

    DROP FUNCTION IF EXISTS household_facts_from_members(bigint, date) CASCADE;
    CREATE FUNCTION household_facts_from_members(hid bigint, d date)
    RETURNS TABLE (adults int, children int, expected_children int, with_children boolean, lead_16_17 boolean,
                   household_type text, ta2_category text)
    LANGUAGE sql STABLE AS $$
      WITH members AS (
        SELECT m.id, m.relationship, m.sex, m.date_of_birth, m.joined_on, NULL::date AS left_on
        FROM household_members m WHERE m.household_id = hid
        UNION ALL
        SELECT x.id, x.relationship, x.sex, x.date_of_birth, x.joined_on, x.left_on
        FROM former_household_members x WHERE x.household_id = hid
      ), r AS (
        SELECT m.relationship, m.sex, m.date_of_birth,
               is_dependent_child(m.relationship, m.date_of_birth, d) AS dep,
               EXISTS (SELECT 1 FROM member_pregnancies p WHERE p.member_id = m.id AND p.from_date <= d
                         AND (p.to_date IS NULL OR p.to_date > d)) AS pregnant
        FROM members m
        WHERE (m.joined_on IS NULL OR m.joined_on <= d) AND (m.left_on IS NULL OR m.left_on > d)
          AND (m.date_of_birth IS NULL OR m.date_of_birth <= d)
      ), f AS (
        SELECT count(*) FILTER (WHERE r.dep)::int AS children,
               count(*) FILTER (WHERE r.pregnant)::int AS expected_children,
               count(*) FILTER (WHERE NOT r.dep)::int AS adults,
               coalesce(bool_or(NOT r.dep AND r.relationship = 'lead'), false) AS lead_adult,
               coalesce(bool_or(NOT r.dep AND r.relationship = 'partner'), false) AS partner_adult,
               max(r.sex) FILTER (WHERE NOT r.dep) AS adult_sex,
               coalesce(bool_or(r.relationship = 'lead' AND r.date_of_birth <= (d - interval '16 years')::date
                                AND r.date_of_birth > (d - interval '18 years')::date), false) AS lead_16_17
        FROM r
      )
      SELECT f.adults, f.children, f.expected_children, f.children + f.expected_children > 0, f.lead_16_17,
             CASE WHEN f.adults = 2 AND f.lead_adult AND f.partner_adult
                    THEN CASE WHEN f.children > 0 THEN 'couple_with_children' ELSE 'couple_no_children' END
                  WHEN f.adults = 1 THEN CASE WHEN f.children > 0 THEN 'single_parent' ELSE 'single_adult' END
                  ELSE 'other' END,
             CASE WHEN f.adults = 2 AND f.lead_adult AND f.partner_adult AND f.children > 0 THEN 'couple_with_dependent_children'
                  WHEN f.adults = 2 AND f.lead_adult AND f.partner_adult THEN 'all_other'
                  WHEN f.adults = 1 THEN (CASE WHEN f.children > 0 THEN 'single_parent_' ELSE 'single_adult_' END)
                                         || coalesce(f.adult_sex, 'sex_not_known')
                  ELSE 'all_other' END
      FROM f
    $$;

    -- The nights on which a fact of household_facts_from_members can change for the household:
    -- a member joins or leaves, is born, reaches an age a fact reads (16 and 18 for a lead of
    -- 16 or 17; ${DEPENDENT_CHILD_UNDER_AGE} and ${DEPENDENT_CHILD_MAX_AGE_IF_CHILD + 1} for a dependent child), a pregnancy starts or ends. Each test of
    -- an age compares the date of birth with (d - interval 'N years')::date, which moves
    -- on with d; for a birthday on 29 February it is first passed the day after
    -- date_of_birth + N years in a year without one, so that day is a change too.
    CREATE OR REPLACE FUNCTION household_fact_changes(hid bigint) RETURNS TABLE (d date) LANGUAGE sql STABLE AS $$
      SELECT DISTINCT x.d FROM (
        SELECT unnest(ARRAY[m.joined_on, m.left_on, m.date_of_birth] || coalesce(ages.at, ARRAY[]::date[])) AS d
        FROM (SELECT joined_on, NULL::date AS left_on, date_of_birth FROM household_members WHERE household_id = hid
              UNION ALL
              SELECT joined_on, left_on, date_of_birth FROM former_household_members WHERE household_id = hid) m
        CROSS JOIN LATERAL (
          SELECT array_agg(b.at) AS at FROM unnest(ARRAY[16, 18, ${DEPENDENT_CHILD_UNDER_AGE}, ${DEPENDENT_CHILD_MAX_AGE_IF_CHILD + 1}]) AS n(years)
          CROSS JOIN LATERAL (VALUES ((m.date_of_birth + make_interval(years => n.years))::date),
                                     (CASE WHEN to_char(m.date_of_birth, 'MM-DD') = '02-29'
                                           THEN (m.date_of_birth + make_interval(years => n.years))::date + 1 END)) AS b(at)
          WHERE m.date_of_birth IS NOT NULL AND b.at IS NOT NULL) ages
        UNION ALL
        SELECT unnest(ARRAY[p.from_date, p.to_date]) FROM member_pregnancies p WHERE p.household_id = hid
      ) x WHERE x.d IS NOT NULL
    $$;

    -- Rebuilds the kept stretches of the given households (null: every household) from
    -- household_facts_from_members, evaluated on the first night of each stretch: between
    -- two changes no fact can change. Adjacent stretches with the same facts are joined.
    -- The households' rows are locked first, so two transactions changing one household's
    -- members rebuild one after the other, each from what the other committed.
    -- Planned once per session (a generic plan): planning the inlined functions took about 10 ms,
    -- ten times the work, on every call (each pregnancy an import records calls it once).
    CREATE OR REPLACE FUNCTION refresh_household_fact_segments(ids bigint[]) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS $$
    BEGIN
      IF ids IS NOT NULL THEN
        PERFORM 1 FROM households WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
      END IF;
      -- No "ids IS NULL OR" in the statements: with it, every statement of an import scanned every
      -- household and every stretch (quadratic in the households loaded), and no plan could be kept.
      IF ids IS NULL THEN
        DELETE FROM household_fact_segments;
        ids := array(SELECT id FROM households);
      ELSE
        DELETE FROM household_fact_segments s USING unnest(ids) AS x(id) WHERE s.household_id = x.id;
      END IF;
      INSERT INTO household_fact_segments (household_id, from_date, to_date, adults, children, expected_children,
                                           with_children, lead_16_17, household_type, ta2_category)
      WITH starts AS (
        SELECT h.id AS household_id, c.d AS from_date,
               coalesce(lead(c.d) OVER (PARTITION BY h.id ORDER BY c.d), 'infinity'::date) AS to_date
        FROM (SELECT DISTINCT x.id FROM unnest(ids) AS x(id) JOIN households hh ON hh.id = x.id) h
        CROSS JOIN LATERAL (SELECT '-infinity'::date AS d UNION SELECT x.d FROM household_fact_changes(h.id) x) c
      ), facts AS (
        SELECT s.household_id, s.from_date, s.to_date, f.*,
               concat_ws('|', f.adults, f.children, f.expected_children, f.with_children, f.lead_16_17,
                         f.household_type, f.ta2_category) AS same
        FROM starts s CROSS JOIN LATERAL household_facts_from_members(s.household_id, s.from_date) f
      ), runs AS (
        SELECT f.*, count(*) FILTER (WHERE f.starts_run) OVER (PARTITION BY f.household_id ORDER BY f.from_date) AS run
        FROM (SELECT facts.*, same IS DISTINCT FROM lag(same) OVER (PARTITION BY household_id ORDER BY from_date) AS starts_run
              FROM facts) f
      )
      SELECT household_id, min(from_date), max(to_date), adults, children, expected_children, with_children, lead_16_17,
             household_type, ta2_category
      FROM runs
      GROUP BY household_id, run, adults, children, expected_children, with_children, lead_16_17, household_type, ta2_category;
    END $$;

    -- A household's make-up on night d, as kept: what Today, the household page, find a
    -- unit, TA1, TA2, the length-of-stay split, the six-week rule and the forecast read. One
    -- row for every household and night (the stretches cover every night).
    DROP FUNCTION IF EXISTS household_facts_on(bigint, date) CASCADE;
    CREATE FUNCTION household_facts_on(hid bigint, d date)
    RETURNS TABLE (adults int, children int, expected_children int, with_children boolean, lead_16_17 boolean,
                   household_type text, ta2_category text)
    LANGUAGE sql STABLE AS $$
      SELECT s.adults, s.children, s.expected_children, s.with_children, s.lead_16_17, s.household_type, s.ta2_category
      FROM household_fact_segments s
      WHERE s.household_id = hid AND s.from_date <= d AND s.to_date > d
    $$;

    CREATE OR REPLACE FUNCTION household_fact_segments_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- A pregnancy or former member written by keep_member_history (a member added, changed or
      -- taken off): the statement on household_members rebuilds those households once it is
      -- done, so not here, once per row (an import recording 1,500 pregnancies rebuilt 1,500 times).
      IF TG_TABLE_NAME <> 'household_members' AND pg_trigger_depth() > 1 THEN
        RETURN NULL;
      END IF;
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM refresh_household_fact_segments(NULL);
      ELSIF TG_OP = 'INSERT' THEN
        PERFORM refresh_household_fact_segments(array(SELECT DISTINCT household_id FROM new_rows));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_household_fact_segments(array(SELECT DISTINCT household_id FROM old_rows));
      ELSE
        PERFORM refresh_household_fact_segments(array(
          SELECT household_id FROM old_rows UNION SELECT household_id FROM new_rows));
      END IF;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE FUNCTION household_fact_segments_new_households() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_household_fact_segments(array(SELECT id FROM new_rows));
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER households_fact_segments AFTER INSERT ON households
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_fact_segments_new_households();
${["household_members", "former_household_members", "member_pregnancies"]
  .map(
    (t) => `${statementTriggers(t, "fact_segments", "household_fact_segments_rebuild")}
    CREATE OR REPLACE TRIGGER ${t}_fact_segments_truncate AFTER TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION household_fact_segments_rebuild();`,
  )
  .join("")}

    CREATE OR REPLACE FUNCTION keep_member_history() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      d date := waypoint_effective_date();
    BEGIN
      -- A pregnancy ends on night d; one recorded and ended on the same night leaves no trace.
      IF TG_OP <> 'INSERT' AND OLD.pregnant AND (TG_OP = 'DELETE' OR NOT NEW.pregnant) THEN
        DELETE FROM member_pregnancies WHERE member_id = OLD.id AND to_date IS NULL AND from_date >= d;
        UPDATE member_pregnancies SET to_date = d WHERE member_id = OLD.id AND to_date IS NULL;
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.pregnant AND (TG_OP = 'INSERT' OR NOT OLD.pregnant) THEN
        INSERT INTO member_pregnancies (household_id, member_id, from_date)
        VALUES (NEW.household_id, NEW.id, greatest(d, coalesce(NEW.joined_on, d)));
      END IF;
      -- A member taken off a household left it on night d (unless they joined that night:
      -- then they were never counted). Not when the household itself goes.
      IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM households h WHERE h.id = OLD.household_id) THEN
        IF OLD.joined_on IS NULL OR OLD.joined_on < d THEN
          INSERT INTO former_household_members (id, household_id, name, date_of_birth, relationship, sex, joined_on, left_on)
          VALUES (OLD.id, OLD.household_id, OLD.name, OLD.date_of_birth, OLD.relationship, OLD.sex, OLD.joined_on, d);
        ELSE
          DELETE FROM member_pregnancies WHERE member_id = OLD.id;
        END IF;
      END IF;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER household_members_history
      AFTER INSERT OR UPDATE OF pregnant OR DELETE ON household_members
      FOR EACH ROW EXECUTE FUNCTION keep_member_history();

    CREATE OR REPLACE FUNCTION keep_awaiting_history() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      d date := waypoint_effective_date();
    BEGIN
      IF OLD.awaiting_since IS NOT NULL AND NEW.awaiting_since IS NULL AND d > OLD.awaiting_since THEN
        INSERT INTO awaiting_periods (household_id, from_date, to_date) VALUES (OLD.id, OLD.awaiting_since, d);
      END IF;
      RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER households_awaiting_history
      AFTER UPDATE OF awaiting_since ON households
      FOR EACH ROW EXECUTE FUNCTION keep_awaiting_history();
  `,
  refresh: "SELECT refresh_household_fact_segments(NULL)",
};
