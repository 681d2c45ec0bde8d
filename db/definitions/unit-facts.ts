/** Facts about each unit derived from its facilities, its provider, its TA type and the council's district. */
import type { Definition } from "./definition";

export const unitFacts: Definition = {
  name: "unit-facts",
  sql: `
    DROP VIEW IF EXISTS unit_facts CASCADE;
    -- is_bnb: B&B under the Homelessness (Suitability of Accommodation) (England) Order 2003,
    -- article 2: not self-contained (a toilet, washing or cooking facility shared by more
    -- than one household), and not owned or managed by a local housing authority, a
    -- registered social landlord or a voluntary organisation. The one definition: Today,
    -- the household page, find a unit, TA1, trials and the exports all read it here.
    --
    -- ta1_category: the TA1 line the unit counts in. B&B by the Order is line 1 whatever
    -- TA type the unit carries; a unit typed B&B that is not B&B by the Order counts as
    -- nightly paid self-contained (2) when self-contained, else as a hostel (3: shared
    -- accommodation run by a council, housing association or charity); any other unit
    -- counts in its TA type's line.
    --
    -- type_contradiction: the unit's TA type says one thing and its facts another, listed
    -- for the council to correct (/stock/type-contradictions).
    CREATE VIEW unit_facts AS
    SELECT u.id AS unit_id,
           x.self_contained,
           x.is_bnb,
           CASE WHEN x.is_bnb THEN 1
                WHEN t.ta1_category = 1 THEN CASE WHEN x.self_contained THEN 2 ELSE 3 END
                ELSE t.ta1_category END AS ta1_category,
           CASE WHEN x.is_bnb AND t.ta1_category <> 1 THEN 'bnb_typed_otherwise'
                WHEN NOT x.is_bnb AND t.ta1_category = 1 THEN 'typed_bnb_not_bnb' END AS type_contradiction,
           -- The unit's own district when it has one (flats of one block can straddle a
           -- boundary), else its property's: the one place a unit's district is decided.
           coalesce(u.district_gss, p.district_gss) AS district_gss,
           -- While the council's own district is not set, every unit is out of it (find a unit
           -- shows none as in district; TA1 leaves the line blank).
           coalesce(u.district_gss, p.district_gss) IS DISTINCT FROM c.gss AS out_of_district
    FROM units u
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id
    JOIN ta_types t ON t.code = u.ta_type_code
    CROSS JOIN LATERAL (
      SELECT NOT (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet) AS self_contained,
             (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet)
               AND pr.provider_type NOT IN ('council','housing_association','charity') AS is_bnb) x
    LEFT JOIN LATERAL (SELECT nullif(value #>> '{}', '') AS gss FROM settings WHERE key = 'council_gss') c ON true;
  `,
};
