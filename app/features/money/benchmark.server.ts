/**
 * Rates against the market (issue 18, item 2): reads rate_benchmark(d)
 * (db/definitions/rate-benchmark.ts), the one definition of a unit's market median and the
 * saving if its rate came down to it.
 */
import { sql } from "kysely";
import { keptUntilDataChanges } from "~/lib/cache.server";
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";

export interface BenchmarkRow {
  unitId: number;
  unitRef: string;
  providerId: number;
  providerName: string;
  taType: string;
  taTypeName: string;
  bedrooms: number;
  district: string | null;
  /** The unit's rate on the day, pence a night (a weekly rate / 7), to the penny. */
  nightlyPence: number;
  /** Units in the peer group (same TA type, bedrooms and district), this one included. */
  peers: number;
  medianPence: number;
  abovePence: number;
  /** Nights paid for in the 365 nights to the day (occupied, and void for a unit paid every night). */
  paidNights: number;
  savingPence: number;
}

export interface Benchmark {
  day: IsoDate;
  units: number;
  /** Units over their market median, largest saving first. */
  above: BenchmarkRow[];
  savingPence: number;
  byProvider: { providerId: number; providerName: string; units: number; savingPence: number }[];
}

/** Every unit's rate against its market on `day`, kept until data changes. */
export async function rateBenchmark(db: Conn, day: IsoDate): Promise<Benchmark> {
  return keptUntilDataChanges(db, `benchmark:${day}`, () => rateBenchmarkNow(db, day));
}

async function rateBenchmarkNow(db: Conn, day: IsoDate): Promise<Benchmark> {
  const r = await sql<{
    unit_id: string;
    unit_ref: string;
    provider_id: string;
    provider_name: string;
    ta_type_code: string;
    ta_type_name: string;
    bedrooms: number;
    district_gss: string | null;
    nightly: string;
    peers: string;
    median: string;
    above: string;
    paid_nights: string;
    saving_pence: string;
  }>`
    SELECT b.unit_id, u.unit_ref, pr.id AS provider_id, pr.name AS provider_name, b.ta_type_code, t.name AS ta_type_name,
           b.bedrooms, b.district_gss, round(b.nightly_pence)::bigint AS nightly, b.peers, round(b.median_pence)::bigint AS median,
           round(b.above_pence)::bigint AS above, b.paid_nights, b.saving_pence
    FROM rate_benchmark(${day}::date) b
    JOIN units u ON u.id = b.unit_id
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id
    JOIN ta_types t ON t.code = b.ta_type_code
    ORDER BY b.saving_pence DESC, b.above_pence DESC, u.unit_ref`.execute(db);
  const rows: BenchmarkRow[] = r.rows.map((x) => ({
    unitId: Number(x.unit_id),
    unitRef: x.unit_ref,
    providerId: Number(x.provider_id),
    providerName: x.provider_name,
    taType: x.ta_type_code,
    taTypeName: x.ta_type_name,
    bedrooms: Number(x.bedrooms),
    district: x.district_gss,
    nightlyPence: Number(x.nightly),
    peers: Number(x.peers),
    medianPence: Number(x.median),
    abovePence: Number(x.above),
    paidNights: Number(x.paid_nights),
    savingPence: Number(x.saving_pence),
  }));
  const above = rows.filter((x) => x.abovePence > 0 || x.savingPence > 0);
  const providers = new Map<number, { providerId: number; providerName: string; units: number; savingPence: number }>();
  for (const x of above) {
    const p = providers.get(x.providerId) ?? { providerId: x.providerId, providerName: x.providerName, units: 0, savingPence: 0 };
    p.units += 1;
    p.savingPence += x.savingPence;
    providers.set(x.providerId, p);
  }
  return {
    day,
    units: rows.length,
    above,
    savingPence: above.reduce((s, x) => s + x.savingPence, 0),
    byProvider: [...providers.values()].sort((a, b) => b.savingPence - a.savingPence || a.providerName.localeCompare(b.providerName)),
  };
}

/** One unit's row (whether above the market or not), or null when it has no rate or is not in use on the day. */
export async function unitBenchmark(
  db: Conn,
  unitId: number,
  day: IsoDate,
): Promise<Pick<BenchmarkRow, "nightlyPence" | "peers" | "medianPence" | "abovePence" | "paidNights" | "savingPence"> | null> {
  const r = await sql<{ nightly: string; peers: string; median: string; above: string; paid_nights: string; saving_pence: string }>`
    SELECT round(nightly_pence)::bigint AS nightly, peers, round(median_pence)::bigint AS median, round(above_pence)::bigint AS above,
           paid_nights, saving_pence
    FROM rate_benchmark(${day}::date) WHERE unit_id = ${unitId}`.execute(db);
  const x = r.rows[0];
  if (!x) return null;
  return {
    nightlyPence: Number(x.nightly),
    peers: Number(x.peers),
    medianPence: Number(x.median),
    abovePence: Number(x.above),
    paidNights: Number(x.paid_nights),
    savingPence: Number(x.saving_pence),
  };
}
