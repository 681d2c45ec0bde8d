import type { Conn } from "~/lib/db/connect";
/** A household's own placement for the change pages: 404 when the ids in the URL do not belong together. */

export async function getOwnPlacement(db: Conn, householdId: number, placementId: number) {
  const p = await db
    .selectFrom("placements as p")
    .innerJoin("households as h", "h.id", "p.household_id")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .innerJoin("properties as pr", "pr.id", "u.property_id")
    .select([
      "p.id",
      "p.household_id",
      "p.unit_id",
      "p.start_date",
      "p.end_date",
      "p.cancelled_at",
      "p.destination",
      "p.end_reason",
      "h.case_ref",
      "u.unit_ref",
      "pr.name as property_name",
      "pr.town",
    ])
    .where("p.id", "=", placementId)
    .executeTakeFirst();
  if (!p || p.household_id !== householdId || p.cancelled_at) throw new Response("Not Found", { status: 404 });
  return p;
}
