/**
 * Whether a unit suits a household: the one definition of each reason and of the order
 * find a unit shows units in (issue 16, item 8). Find a unit computes it for every free
 * unit in SQL (to page through the whole stock in order); the confirmation pages ask it
 * for one unit; TypeScript only words the reasons (app/features/placements/suitability.ts).
 *
 * unit_suitability(unit's max occupants, is B&B by the 2003 Order, bedrooms, step-free;
 * the household's occupants, family for the B&B rule, lead aged 16 or 17, bedroom need,
 * step-free need; the unit's do-not-use reasons and expired certificates on the date, from
 * unit_standards in db/definitions/unit-standards.ts):
 * - hard: reasons the unit cannot be used: too_many_occupants (more people than the
 *   unit takes);
 * - do_not_use: the unit is "do not use" (grade_e, works_overdue): placed there only in an
 *   emergency a manager records (issue 21);
 * - warnings: reasons that need a recorded decision: bnb_family, bnb_16_17 (B&B by the
 *   Order: 2003 Order art. 3 and 4; Code of Guidance ch. 17), too_few_bedrooms (the
 *   bedroom standard; a studio or bedsit recorded as 0 bedrooms counts as 1),
 *   not_step_free, and each expired certificate (expired_<kind>, no_hmo_licence);
 * - score: lower is better: 1000 per hard reason, 500 per do-not-use reason, 100 per
 *   warning, then the difference between the unit's bedrooms and the need (at most 99).
 */
import type { Definition } from "./definition";

export const unitSuitability: Definition = {
  name: "unit-suitability",
  sql: `
    DROP FUNCTION IF EXISTS unit_suitability(int, boolean, int, boolean, int, boolean, boolean, int, boolean) CASCADE;
    DROP FUNCTION IF EXISTS unit_suitability(int, boolean, int, boolean, int, boolean, boolean, int, boolean, text[], text[]) CASCADE;
    CREATE FUNCTION unit_suitability(unit_max_occupants int, unit_is_bnb boolean, unit_bedrooms int, unit_step_free boolean,
                                     occupants int, family boolean, lead_16_17 boolean, bedroom_need int, step_free_needed boolean,
                                     unit_do_not_use text[], unit_expired text[])
    RETURNS TABLE (hard text[], do_not_use text[], warnings text[], score int)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT x.hard, x.do_not_use, x.warnings,
             1000 * cardinality(x.hard) + 500 * cardinality(x.do_not_use) + 100 * cardinality(x.warnings)
               + least(99, abs(greatest(unit_bedrooms, 1) - bedroom_need))
      FROM (SELECT
        array_remove(ARRAY[CASE WHEN unit_max_occupants < occupants THEN 'too_many_occupants' END], NULL) AS hard,
        coalesce(unit_do_not_use, '{}') AS do_not_use,
        array_remove(ARRAY[
          CASE WHEN unit_is_bnb AND family THEN 'bnb_family' END,
          CASE WHEN unit_is_bnb AND lead_16_17 THEN 'bnb_16_17' END,
          CASE WHEN greatest(unit_bedrooms, 1) < bedroom_need THEN 'too_few_bedrooms' END,
          CASE WHEN step_free_needed AND NOT unit_step_free THEN 'not_step_free' END], NULL) || coalesce(unit_expired, '{}') AS warnings) x
    $$;
  `,
};
