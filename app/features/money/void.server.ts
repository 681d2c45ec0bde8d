/**
 * Void cost: nights paid for with nobody placed (units paid for every night), priced at the
 * unit's rate. The one definition is SQL (void_pieces in db/definitions/void-cost.ts); this
 * groups its pieces the ways the money pages group spend.
 */
import { sql, type RawBuilder } from "kysely";
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";

export type VoidGroup = "all" | "month" | "ta_type" | "provider" | "ta_type_provider" | "district" | "unit";

export interface VoidRow {
  key: string;
  label: string;
  /** Nights paid for with nobody placed. */
  voidNights: number;
  /** Of those, nights with no rate recorded (not priced). */
  unpricedVoidNights: number;
  /** Their cost at the unit's rate. */
  voidPence: number;
  /** Units with at least one void night. */
  units: number;
}

const GROUPS: Record<VoidGroup, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }> = {
  all: { key: sql`'all'`, label: sql`'All'`, joins: sql`` },
  month: { key: sql`to_char(x.month, 'YYYY-MM')`, label: sql`to_char(x.month, 'YYYY-MM')`, joins: sql`` },
  ta_type: {
    key: sql`u.ta_type_code`,
    label: sql`t.name`,
    joins: sql`JOIN units u ON u.id = x.unit_id JOIN ta_types t ON t.code = u.ta_type_code`,
  },
  provider: {
    key: sql`pr.id::text`,
    label: sql`pr.name`,
    joins: sql`JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id JOIN providers pr ON pr.id = p.provider_id`,
  },
  ta_type_provider: {
    key: sql`u.ta_type_code || ':' || p.provider_id::text`,
    label: sql`u.ta_type_code || ':' || p.provider_id::text`,
    joins: sql`JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id`,
  },
  district: { key: sql`f.district_gss`, label: sql`f.district_gss`, joins: sql`JOIN unit_facts f ON f.unit_id = x.unit_id` },
  unit: { key: sql`x.unit_id::text`, label: sql`u.unit_ref`, joins: sql`JOIN units u ON u.id = x.unit_id` },
};

/**
 * Void nights and cost over [from, to), grouped one way ("month" cuts the pieces at month
 * starts; the weekly anchor is the piece's own, so the months add up to the window).
 * Only groups with a void night have a row. `unitId` narrows to one unit.
 */
export async function voidBy(db: Conn, opts: { from: IsoDate; to: IsoDate; group: VoidGroup; unitId?: number }): Promise<VoidRow[]> {
  if (opts.to <= opts.from) return [];
  const g = GROUPS[opts.group];
  const months =
    opts.group === "month"
      ? sql`SELECT m::date AS m_from, (m + interval '1 month')::date AS m_to
            FROM generate_series(date_trunc('month', v.a::timestamp), (v.b - 1)::timestamp, interval '1 month') AS m`
      : sql`SELECT v.a AS m_from, v.b AS m_to`;
  const r = await sql<{ key: string; label: string; nights: string; unpriced: string; pence: string; units: string }>`
    SELECT ${g.key} AS key, min(${g.label}) AS label,
           sum(x.b - x.a)::bigint AS nights,
           coalesce(sum(x.b - x.a) FILTER (WHERE x.amount_pence IS NULL), 0)::bigint AS unpriced,
           coalesce(sum(segment_pence(x.amount_pence, x.basis, x.anchor, x.a, x.b)), 0)::bigint AS pence,
           count(DISTINCT x.unit_id) AS units
    FROM (
      SELECT v.unit_id, mo.m_from AS month, greatest(v.a, mo.m_from) AS a, least(v.b, mo.m_to) AS b, v.anchor, v.amount_pence, v.basis
      FROM void_pieces(${opts.from}::date, ${opts.to}::date) v CROSS JOIN LATERAL (${months}) mo
      ${opts.unitId === undefined ? sql`` : sql`WHERE v.unit_id = ${opts.unitId}`}
    ) x
    ${g.joins}
    WHERE x.a < x.b
    GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows.map((x) => ({
    key: x.key,
    label: x.label,
    voidNights: Number(x.nights),
    unpricedVoidNights: Number(x.unpriced),
    voidPence: Number(x.pence),
    units: Number(x.units),
  }));
}

/** Which nights a unit is paid for, and whether that is its own setting or its TA type's default. */
export async function unitPaidFor(db: Conn, unitId: number): Promise<{ paidFor: "every_night" | "occupied_nights"; own: boolean }> {
  const r = await db
    .selectFrom("units as u")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .select(["u.paid_for as own", "t.paid_for as type"])
    .where("u.id", "=", unitId)
    .executeTakeFirstOrThrow();
  return { paidFor: r.own ?? r.type, own: r.own !== null };
}
