/**
 * Cost where the decision is made: the nightly cost, gross, estimated subsidy and net cost
 * of a stay in a unit (for the unit search and the placement page), and of a household's
 * placements. Small sets, so the domain functions run directly on the loaded rows.
 */
import { getLha } from "./lha.server";
import { addDays, type IsoDate } from "~/lib/dates";
import { formatPence, rateOnNight, subsidyForStay, type RatePeriod, type LhaTable } from "~/features/money/money";
import type { Conn } from "~/lib/db/connect";

interface UnitMoney {
  rates: RatePeriod[];
  charges: RatePeriod[];
  selfContained: boolean;
  bedrooms: number;
  brma: string | null;
  inLondon: boolean;
}

async function loadUnits(db: Conn, unitIds: number[]): Promise<{ units: Map<number, UnitMoney>; lha: LhaTable }> {
  const units = new Map<number, UnitMoney>();
  if (unitIds.length === 0) return { units, lha: {} };
  const rows = await db
    .selectFrom("units as u")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .leftJoin("brmas as b", "b.name", "p.brma")
    .select(["u.id", "u.bedrooms", "f.self_contained", "p.brma", "b.in_london"])
    .where("u.id", "in", unitIds)
    .execute();
  for (const r of rows)
    units.set(r.id, {
      rates: [],
      charges: [],
      selfContained: r.self_contained,
      bedrooms: r.bedrooms,
      brma: r.brma,
      inLondon: !!r.in_london,
    });
  const rates = await db
    .selectFrom("unit_rates")
    .select(["unit_id", "effective_from", "amount_pence", "basis"])
    .where("unit_id", "in", unitIds)
    .execute();
  for (const r of rates) units.get(r.unit_id)?.rates.push({ effectiveFrom: r.effective_from, amountPence: r.amount_pence, basis: r.basis });
  const charges = await db
    .selectFrom("unit_charges")
    .select(["unit_id", "effective_from", "weekly_pence"])
    .where("unit_id", "in", unitIds)
    .execute();
  for (const c of charges)
    units.get(c.unit_id)?.charges.push({ effectiveFrom: c.effective_from, amountPence: c.weekly_pence, basis: "week" });
  const { table } = await getLha(db);
  return { units, lha: table };
}

export interface StayEstimate {
  /** The rate in force on the first night (per night or per week as agreed), null if none. */
  rate: RatePeriod | null;
  /** The first night's cost, null if no rate. */
  nightlyPence: number | null;
  nights: number;
  grossPence: number;
  unpricedNights: number;
  subsidyPence: number | null;
  netPence: number | null;
  /** Why the subsidy is unknown, or how the cap was set. */
  explanation: string;
}

function estimate(u: UnitMoney, lha: LhaTable, start: IsoDate, end: IsoDate | null, window: { from: IsoDate; to: IsoDate }): StayEstimate {
  const s = subsidyForStay({
    rates: u.rates,
    charges: u.charges,
    start,
    end,
    window,
    accommodation: { selfContained: u.selfContained, bedrooms: u.bedrooms, brma: u.brma, inLondon: u.inLondon },
    lha,
  });
  const rate = u.rates.length ? rateOnNight(u.rates, window.from) : null;
  const first = s.cost.segments.find((x) => x.from === window.from);
  return {
    rate,
    nightlyPence: first ? Math.round(first.pence / first.nights) : null,
    nights: s.cost.nights,
    grossPence: s.grossPence,
    unpricedNights: s.cost.unpricedNights,
    subsidyPence: s.subsidyPence,
    netPence: s.netPence,
    explanation: s.cap.ok ? `Subsidy capped at ${s.cap.explanation}` : s.cap.reason,
  };
}

/** Cost of `nights` nights in a unit from `start` for a new placement. */
export async function estimateStayCost(db: Conn, input: { unitId: number; start: IsoDate; nights: number }): Promise<StayEstimate> {
  const { units, lha } = await loadUnits(db, [input.unitId]);
  const u = units.get(input.unitId);
  if (!u) throw new Response("Not Found", { status: 404 });
  const end = addDays(input.start, Math.max(1, input.nights));
  return estimate(u, lha, input.start, end, { from: input.start, to: end });
}

/** The same estimate for several units at once (a page of unit search results), loading them together. */
export async function estimateStayCosts(
  db: Conn,
  input: { unitIds: number[]; start: IsoDate; nights: number },
): Promise<Map<number, StayEstimate>> {
  const { units, lha } = await loadUnits(db, input.unitIds);
  const end = addDays(input.start, Math.max(1, input.nights));
  const out = new Map<number, StayEstimate>();
  for (const [id, u] of units) out.set(id, estimate(u, lha, input.start, end, { from: input.start, to: end }));
  return out;
}

/** The estimate in words, for the unit search and the placement page. */
export function stayCostText(e: StayEstimate | undefined, nights: number, openEnded: boolean): string {
  if (!e || e.unpricedNights === e.nights) return "No rate recorded for this unit";
  const span = openEnded ? `the first ${nights} nights` : `${nights} ${nights === 1 ? "night" : "nights"}`;
  if (e.netPence === null) return `${formatPence(e.grossPence)} gross for ${span}; subsidy unknown (${e.explanation})`;
  return `${formatPence(e.netPence)} for ${span} (${formatPence(e.grossPence)} gross less ${formatPence(e.subsidyPence ?? 0)} estimated housing benefit subsidy)`;
}

/** Cost so far (nights up to, not including, `today`) of each of these placements. */
export async function placementCosts(
  db: Conn,
  placements: { id: number; unit_id: number; start_date: IsoDate; end_date: IsoDate | null; cancelled?: boolean }[],
  today: IsoDate,
): Promise<Map<number, StayEstimate>> {
  const { units, lha } = await loadUnits(db, [...new Set(placements.map((p) => p.unit_id))]);
  const out = new Map<number, StayEstimate>();
  for (const p of placements) {
    const u = units.get(p.unit_id);
    if (!u || p.cancelled) continue;
    const to = p.end_date && p.end_date < today ? p.end_date : today;
    out.set(p.id, estimate(u, lha, p.start_date, p.end_date, { from: p.start_date, to: to > p.start_date ? to : p.start_date }));
  }
  return out;
}
