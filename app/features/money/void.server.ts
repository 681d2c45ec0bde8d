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
  /** The month of the row (its first day), when grouped by month as well (voidByGroups' `monthly`). */
  month?: IsoDate;
}

/** The ways spend and void cost are grouped, over pieces aliased `x` with a unit_id and a month: one home for both. */
export const UNIT_GROUPS = {
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
  // "type:provider id", for budgets narrowed to a provider.
  ta_type_provider: {
    key: sql`u.ta_type_code || ':' || p.provider_id::text`,
    label: sql`u.ta_type_code || ':' || p.provider_id::text`,
    joins: sql`JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id`,
  },
  district: {
    key: sql`f.district_gss`,
    label: sql`f.district_gss`,
    joins: sql`JOIN unit_facts f ON f.unit_id = x.unit_id`,
  },
} satisfies Record<string, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }>;

const GROUPS: Record<VoidGroup, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }> = {
  ...UNIT_GROUPS,
  unit: { key: sql`x.unit_id::text`, label: sql`u.unit_ref`, joins: sql`JOIN units u ON u.id = x.unit_id` },
};

/**
 * Void nights and cost over [from, to), grouped one way ("month" cuts the pieces at month
 * starts; the weekly anchor is the piece's own, so the months add up to the window).
 * Only groups with a void night have a row. `unitId` narrows to one unit.
 */
export async function voidBy(db: Conn, opts: { from: IsoDate; to: IsoDate; group: VoidGroup; unitId?: number }): Promise<VoidRow[]> {
  return (await voidByGroups(db, { from: opts.from, to: opts.to, groups: [opts.group], unitId: opts.unitId }))[opts.group];
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

export interface EmptyNowRow {
  unitId: number;
  unitRef: string;
  providerName: string;
  taTypeName: string;
  /** The first night of the current empty run (the unit's first night in use, or the night its last stay ended). */
  emptySince: IsoDate;
  /** Nights of the run up to last night. */
  nights: number;
  /** Their cost at the unit's rate (void_pieces), so far. */
  pence: number;
}

/**
 * Units paid for every night that were empty last night, longest empty first: the first
 * list of an occupancy audit (rooms paid for but empty). The run is the void nights back
 * from last night to the unit's last stay or its first night in use, priced by void_pieces.
 */
export async function emptyNow(db: Conn, today: IsoDate): Promise<EmptyNowRow[]> {
  const r = await sql<{
    unit_id: string;
    unit_ref: string;
    provider_name: string;
    ta_type_name: string;
    since: IsoDate;
    nights: string;
    pence: string;
  }>`
    WITH last_night AS (SELECT (${today}::date - 1) AS d),
    empty_units AS (
      SELECT u.id, u.unit_ref, pr.name AS provider_name, t.name AS ta_type_name,
             greatest(coalesce(u.in_use_from, '-infinity'::date),
                      coalesce((SELECT max(upper(c.nights)) FROM unit_calendar c
                                WHERE c.unit_id = u.id AND c.placement_id IS NOT NULL AND upper(c.nights) <= (SELECT d FROM last_night)),
                               '-infinity'::date)) AS since
      FROM units u
      JOIN unit_paid_for pf ON pf.unit_id = u.id AND pf.paid_for = 'every_night'
      JOIN ta_types t ON t.code = u.ta_type_code
      JOIN properties p ON p.id = u.property_id
      JOIN providers pr ON pr.id = p.provider_id
      WHERE coalesce(u.in_use_from, '-infinity'::date) <= (SELECT d FROM last_night)
        AND coalesce(u.retired_on, 'infinity'::date) > (SELECT d FROM last_night)
        AND NOT EXISTS (SELECT 1 FROM unit_calendar c WHERE c.unit_id = u.id AND c.placement_id IS NOT NULL
                        AND c.nights @> (SELECT d FROM last_night))
    ),
    -- One call from the earliest run start: the pieces of a run all start on or after its first night.
    pieces AS MATERIALIZED (
      SELECT v.unit_id, v.a, segment_pence(v.amount_pence, v.basis, v.anchor, v.a, v.b) AS pence
      FROM void_pieces((SELECT min(since) FROM empty_units WHERE since > '-infinity'::date), ${today}::date) v
    )
    SELECT e.id AS unit_id, e.unit_ref, e.provider_name, e.ta_type_name, e.since,
           (${today}::date - e.since) AS nights,
           (SELECT coalesce(sum(v.pence), 0) FROM pieces v WHERE v.unit_id = e.id AND v.a >= e.since) AS pence
    FROM empty_units e
    WHERE e.since > '-infinity'::date
    ORDER BY nights DESC, e.unit_ref`.execute(db);
  return r.rows.map((x) => ({
    unitId: Number(x.unit_id),
    unitRef: x.unit_ref,
    providerName: x.provider_name,
    taTypeName: x.ta_type_name,
    emptySince: x.since,
    nights: Number(x.nights),
    pence: Number(x.pence),
  }));
}

/**
 * Void nights and cost over one window for several groups at once (voidBy is one group of it), and the window's last nights from
 * `recentFrom` as the group "recent" (all): void_pieces is computed once (it costs the same
 * for a month as for a year) and its pieces grouped each way, cut at month starts for "month"
 * and at `recentFrom` for "recent". Void pieces carry their own anchor, so each grouping is
 * exactly voidBy's over the same window (void_pieces(recentFrom, to) is the window's pieces
 * cut at recentFrom). Held to voidBy by tests/features/money/spend-kept.db.test.ts.
 */
export async function voidByGroups(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; groups: readonly VoidGroup[]; recentFrom?: IsoDate; unitId?: number; monthly?: boolean },
): Promise<Record<string, VoidRow[]>> {
  const out: Record<string, VoidRow[]> = Object.fromEntries([...opts.groups, ...(opts.recentFrom ? ["recent"] : [])].map((g) => [g, []]));
  if (opts.to <= opts.from) return out;
  const whole = sql`SELECT v.unit_id, NULL::date AS month, v.a, v.b, v.anchor, v.amount_pence, v.basis FROM v`;
  const byMonth = sql`
    SELECT v.unit_id, mo.m AS month, greatest(v.a, mo.m) AS a, least(v.b, (mo.m + interval '1 month')::date) AS b, v.anchor, v.amount_pence, v.basis
    FROM v CROSS JOIN LATERAL (SELECT m::date AS m FROM generate_series(date_trunc('month', v.a::timestamp), (v.b - 1)::timestamp, interval '1 month') AS m) mo`;
  // `monthly`: every group's pieces cut at month starts, a row per month and group (its `month`).
  const part = (kind: string, group: VoidGroup, source: RawBuilder<unknown>) => {
    const g = GROUPS[group];
    return sql`
      SELECT ${kind} AS kind, ${g.key} AS key, min(${g.label}) AS label, to_char(x.month, 'YYYY-MM-DD') AS month,
             sum(x.b - x.a)::bigint AS nights,
             coalesce(sum(x.b - x.a) FILTER (WHERE x.amount_pence IS NULL), 0)::bigint AS unpriced,
             coalesce(sum(segment_pence(x.amount_pence, x.basis, x.anchor, x.a, x.b)), 0)::bigint AS pence,
             count(DISTINCT x.unit_id) AS units
      FROM (${source}) x
      ${g.joins}
      WHERE x.a < x.b
      GROUP BY 2, 4`;
  };
  const parts = opts.groups.map((g) => part(g, g, g === "month" || opts.monthly ? byMonth : whole));
  if (opts.recentFrom)
    parts.push(
      part(
        "recent",
        "all",
        sql`SELECT v.unit_id, NULL::date AS month, greatest(v.a, ${opts.recentFrom}::date) AS a, v.b, v.anchor, v.amount_pence, v.basis FROM v`,
      ),
    );
  const r = await sql<{
    kind: string;
    key: string;
    label: string;
    month: string | null;
    nights: string;
    unpriced: string;
    pence: string;
    units: string;
  }>`
    WITH v AS MATERIALIZED (
      SELECT * FROM void_pieces(${opts.from}::date, ${opts.to}::date)
      ${opts.unitId === undefined ? sql`` : sql`WHERE unit_id = ${opts.unitId}`}
    )
    ${sql.join(parts, sql` UNION ALL `)}
    ORDER BY 1, 4, 2`.execute(db);
  for (const x of r.rows)
    out[x.kind].push({
      key: x.key,
      label: x.label,
      voidNights: Number(x.nights),
      unpricedVoidNights: Number(x.unpriced),
      voidPence: Number(x.pence),
      units: Number(x.units),
      ...(opts.monthly && x.month ? { month: x.month as IsoDate } : {}),
    });
  return out;
}
