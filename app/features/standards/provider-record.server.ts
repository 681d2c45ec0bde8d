/**
 * The provider record (issue 21, item 3): one row of figures per provider on a date, for the
 * provider page and the CSV of all providers. Each figure reads its one definition: grades,
 * do not use and expired certificates from unit_standards; free tonight and voids from
 * unit_stock_on; rates against the market from rate_benchmark (issue 18); disputed invoices
 * from invoices.status; complaints officers recorded on placements in the provider's units.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";
import type { ComplaintKind, ComplaintOutcome, ProviderCheckOutcome, ProviderType } from "~/lib/vocabulary";

export interface ProviderFigures {
  id: number;
  name: string;
  provider_type: ProviderType;
  properties: number;
  units_in_use: number;
  grade_a: number;
  grade_b: number;
  grade_c: number;
  grade_d: number;
  grade_e: number;
  not_inspected: number;
  do_not_use: number;
  certificate_expired: number;
  free_tonight: number;
  void_now: number;
  longest_void_nights: number | null;
  rated_units: number;
  above_market_units: number;
  /** What bringing the rates above the market median down to it would have saved over the 365 nights to the date (rate_benchmark). */
  above_market_saving_pence: number;
  disputed_invoices: number;
  complaints_12m: number;
  complaints_open: number;
  complaints_upheld_12m: number;
  last_check_on: string | null;
  last_check_outcome: ProviderCheckOutcome | null;
  next_check_due: string | null;
}

/** The figures for every provider (providerId null) or one, on the night of `on`, by name. */
export async function providerFigures(db: Conn, on: IsoDate, providerId: number | null = null): Promise<ProviderFigures[]> {
  const only = providerId === null ? sql`true` : sql`pr.id = ${providerId}`;
  const r = await sql<ProviderFigures>`
    WITH st AS (
      SELECT u.id AS unit_id, p.provider_id, s.grade, s.do_not_use, s.expired, k.free_tonight, k.booked, k.void_nights
      FROM unit_stock_on(${on}::date) k
      JOIN units u ON u.id = k.unit_id
      JOIN properties p ON p.id = u.property_id
      JOIN providers pr ON pr.id = p.provider_id
      CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, ${on}::date) s
      WHERE ${only}),
    rb AS (
      SELECT p.provider_id, count(*)::int AS rated, count(*) FILTER (WHERE b.above_pence > 0)::int AS above,
             coalesce(sum(b.saving_pence), 0)::bigint AS saving
      FROM rate_benchmark(${on}::date) b JOIN units u ON u.id = b.unit_id JOIN properties p ON p.id = u.property_id
      JOIN providers pr ON pr.id = p.provider_id
      WHERE ${only}
      GROUP BY p.provider_id),
    cm AS (
      SELECT p.provider_id,
             count(*) FILTER (WHERE c.received_on > ${on}::date - 365)::int AS c12,
             count(*) FILTER (WHERE c.outcome = 'open')::int AS open,
             count(*) FILTER (WHERE c.outcome IN ('upheld', 'partly_upheld') AND c.received_on > ${on}::date - 365)::int AS upheld
      FROM complaints c JOIN placements pl ON pl.id = c.placement_id JOIN units u ON u.id = pl.unit_id
      JOIN properties p ON p.id = u.property_id
      WHERE c.received_on <= ${on}::date
      GROUP BY p.provider_id),
    ch AS (
      SELECT DISTINCT ON (provider_id) provider_id, checked_on, outcome, next_due_on
      FROM provider_checks WHERE checked_on <= ${on}::date
      ORDER BY provider_id, checked_on DESC, id DESC)
    SELECT pr.id, pr.name, pr.provider_type,
           (SELECT count(*)::int FROM properties x WHERE x.provider_id = pr.id) AS properties,
           count(st.unit_id)::int AS units_in_use,
           count(*) FILTER (WHERE st.grade = 'A')::int AS grade_a,
           count(*) FILTER (WHERE st.grade = 'B')::int AS grade_b,
           count(*) FILTER (WHERE st.grade = 'C')::int AS grade_c,
           count(*) FILTER (WHERE st.grade = 'D')::int AS grade_d,
           count(*) FILTER (WHERE st.grade = 'E')::int AS grade_e,
           count(*) FILTER (WHERE st.unit_id IS NOT NULL AND st.grade IS NULL)::int AS not_inspected,
           count(*) FILTER (WHERE cardinality(st.do_not_use) > 0)::int AS do_not_use,
           count(*) FILTER (WHERE cardinality(st.expired) > 0)::int AS certificate_expired,
           count(*) FILTER (WHERE st.free_tonight)::int AS free_tonight,
           count(*) FILTER (WHERE NOT st.booked)::int AS void_now,
           max(st.void_nights) AS longest_void_nights,
           coalesce(max(rb.rated), 0)::int AS rated_units,
           coalesce(max(rb.above), 0)::int AS above_market_units,
           coalesce(max(rb.saving), 0)::bigint AS above_market_saving_pence,
           (SELECT count(*)::int FROM invoices i WHERE i.provider_id = pr.id AND i.status = 'disputed') AS disputed_invoices,
           coalesce(max(cm.c12), 0)::int AS complaints_12m,
           coalesce(max(cm.open), 0)::int AS complaints_open,
           coalesce(max(cm.upheld), 0)::int AS complaints_upheld_12m,
           max(ch.checked_on) AS last_check_on, max(ch.outcome) AS last_check_outcome, max(ch.next_due_on) AS next_check_due
    FROM providers pr
    LEFT JOIN st ON st.provider_id = pr.id
    LEFT JOIN rb ON rb.provider_id = pr.id
    LEFT JOIN cm ON cm.provider_id = pr.id
    LEFT JOIN ch ON ch.provider_id = pr.id
    WHERE ${only}
    GROUP BY pr.id, pr.name, pr.provider_type
    ORDER BY pr.name, pr.id`.execute(db);
  return r.rows.map((x) => ({ ...x, above_market_saving_pence: Number(x.above_market_saving_pence) }));
}

/** A provider's contacts, fit-and-proper checks (newest first) and complaints (newest first). */
export async function providerRecord(db: Conn, providerId: number) {
  const contacts = await db
    .selectFrom("provider_contacts")
    .select(["id", "name", "role", "email", "phone"])
    .where("provider_id", "=", providerId)
    .orderBy("id")
    .limit(200)
    .execute();
  const checks = await db
    .selectFrom("provider_checks")
    .select(["id", "checked_on", "outcome", "checked_by", "note", "next_due_on"])
    .where("provider_id", "=", providerId)
    .orderBy("checked_on", "desc")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  const complaints = await sql<{
    id: number;
    kind: ComplaintKind;
    received_on: string;
    details: string;
    outcome: ComplaintOutcome;
    outcome_on: string | null;
    inspection_requested: boolean;
    household_id: number;
    case_ref: string;
    unit_id: number;
    unit_ref: string;
  }>`
    SELECT c.id, c.kind, c.received_on, c.details, c.outcome, c.outcome_on, c.inspection_requested,
           h.id AS household_id, h.case_ref, u.id AS unit_id, u.unit_ref
    FROM complaints c JOIN placements pl ON pl.id = c.placement_id JOIN households h ON h.id = pl.household_id
    JOIN units u ON u.id = pl.unit_id JOIN properties p ON p.id = u.property_id
    WHERE p.provider_id = ${providerId}
    ORDER BY c.received_on DESC, c.id DESC
    LIMIT 100`.execute(db);
  return { contacts, checks, complaints: complaints.rows };
}

/** Each of the provider's properties with its units in use and its units' latest grades and standing on `on`. */
export async function providerProperties(db: Conn, providerId: number, on: IsoDate) {
  const r = await sql<{
    id: number;
    name: string;
    town: string;
    postcode: string;
    district_gss: string;
    units: number;
    grades: string | null;
    do_not_use: number;
    certificate_expired: number;
  }>`
    SELECT p.id, p.name, p.town, p.postcode, p.district_gss,
           count(u.id)::int AS units,
           string_agg(DISTINCT s.grade, ', ' ORDER BY s.grade) AS grades,
           count(*) FILTER (WHERE cardinality(s.do_not_use) > 0)::int AS do_not_use,
           count(*) FILTER (WHERE cardinality(s.expired) > 0)::int AS certificate_expired
    FROM properties p
    LEFT JOIN units u ON u.property_id = p.id
    LEFT JOIN LATERAL unit_standards(u.id, p.id, p.hmo_licence_required, ${on}::date) s ON u.id IS NOT NULL
    WHERE p.provider_id = ${providerId}
    GROUP BY p.id
    ORDER BY p.name
    LIMIT 500`.execute(db);
  return r.rows;
}
