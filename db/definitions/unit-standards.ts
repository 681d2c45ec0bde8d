/**
 * Whether a unit is fit to use on a date (issue 21): the one definition of "do not use" and
 * of an expired compliance certificate. Find a unit, the placement checks, the unit and
 * property pages, the stock filters and the provider record all read it here.
 *
 * unit_standards(unit id, its property id, whether the property needs an HMO licence, date):
 * - grade, inspected_on: the latest inspection on or before the date that covers the unit
 *   (one of the unit itself, or of its whole property; on the same day the unit's own wins);
 * - do_not_use: grade_e (that inspection graded E: the London boroughs' inspection scheme's
 *   "do not use"), works_overdue (works an inspection of the unit or of its property
 *   required, due before the date and not completed by it);
 * - expired: for each kind of certificate the unit or its property has held, expired_<kind>
 *   when the latest expiry among them is before the date; no_hmo_licence when the property
 *   needs an HMO licence and none was ever issued by the date (Housing Act 2004, s.61 and s.72).
 */
import type { Definition } from "./definition";

export const CERTIFICATE_ORDER = ["gas_safety", "eicr", "hmo_licence", "fire_risk_assessment", "epc"] as const;

export const unitStandards: Definition = {
  name: "unit-standards",
  sql: `
    DROP FUNCTION IF EXISTS unit_standards(bigint, bigint, boolean, date) CASCADE;
    CREATE FUNCTION unit_standards(p_unit_id bigint, p_property_id bigint, p_hmo_licence_required boolean, on_date date)
    RETURNS TABLE (grade text, inspected_on date, do_not_use text[], expired text[])
    LANGUAGE sql STABLE AS $$
      SELECT i.grade, i.inspected_on,
             array_remove(ARRAY[
               CASE WHEN i.grade = 'E' THEN 'grade_e' END,
               CASE WHEN EXISTS (
                 SELECT 1 FROM inspections iw JOIN inspection_works w ON w.inspection_id = iw.id
                 WHERE iw.property_id = p_property_id AND (iw.unit_id IS NULL OR iw.unit_id = p_unit_id)
                   AND iw.inspected_on <= on_date AND w.due_on < on_date
                   AND (w.completed_on IS NULL OR w.completed_on > on_date)) THEN 'works_overdue' END], NULL),
             ARRAY(
               SELECT x.code FROM (
                 SELECT CASE WHEN max(c.expires_on) < on_date THEN 'expired_' || c.kind END AS code,
                        array_position(ARRAY['gas_safety','eicr','hmo_licence','fire_risk_assessment','epc'], c.kind) AS pos
                 FROM certificates c
                 WHERE c.property_id = p_property_id AND (c.unit_id IS NULL OR c.unit_id = p_unit_id) AND c.issued_on <= on_date
                 GROUP BY c.kind
                 UNION ALL
                 SELECT 'no_hmo_licence', 3
                 WHERE p_hmo_licence_required AND NOT EXISTS (
                   SELECT 1 FROM certificates c
                   WHERE c.property_id = p_property_id AND (c.unit_id IS NULL OR c.unit_id = p_unit_id)
                     AND c.kind = 'hmo_licence' AND c.issued_on <= on_date)) x
               WHERE x.code IS NOT NULL ORDER BY x.pos)
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (
        SELECT ii.grade, ii.inspected_on FROM inspections ii
        WHERE ii.property_id = p_property_id AND (ii.unit_id IS NULL OR ii.unit_id = p_unit_id) AND ii.inspected_on <= on_date
        ORDER BY ii.inspected_on DESC, ii.unit_id IS NULL, ii.id DESC
        LIMIT 1) i ON true
    $$;
  `,
};
