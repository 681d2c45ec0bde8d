/** Facts about each unit derived from its facilities, its provider and the council's district. */
import type { Definition } from "./definition";

export const unitFacts: Definition = {
  name: "unit-facts",
  sql: `
    DROP VIEW IF EXISTS unit_facts CASCADE;
    -- B&B under the Homelessness (Suitability of Accommodation) (England) Order 2003,
    -- article 2: not self-contained (a toilet, washing or cooking facility shared by
    -- more than one household), and not owned or managed by a local housing authority,
    -- a registered social landlord or a voluntary organisation.
    CREATE VIEW unit_facts AS
    SELECT u.id AS unit_id,
           NOT (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet) AS self_contained,
           (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet)
             AND pr.provider_type NOT IN ('council','housing_association','charity') AS is_bnb,
           p.district_gss,
           p.district_gss IS DISTINCT FROM (SELECT value #>> '{}' FROM settings WHERE key = 'council_gss') AS out_of_district
    FROM units u
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id;
  `,
};
