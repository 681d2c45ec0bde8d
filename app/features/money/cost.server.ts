/**
 * Cost where the decision is made: the gross cost, estimated subsidy and net cost of a stay
 * in a unit (for the unit search, the placement page and the unit's money page), and of a
 * household's placements. The pricing is SQL's (stay_pieces and unit_subsidy_caps in
 * db/definitions/money.ts, the one home of the costing rules); this module reads the pieces
 * and puts the subsidy cap into words.
 */
import { sql } from "kysely";
import { addDays, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import type { Conn } from "~/lib/db/connect";

export interface StayEstimate {
  /** The first night's cost, null if no rate. */
  nightlyPence: number | null;
  nights: number;
  /** Gross cost of the priced nights (unpriced nights are not zero: see unpricedNights). */
  grossPence: number;
  unpricedNights: number;
  /** null when unknown (no LHA figure for the unit): never silently zero. */
  subsidyPence: number | null;
  netPence: number | null;
  /** Why the subsidy is unknown, or how the cap was set. */
  explanation: string;
}

/** A stay, or a stay being considered: nights [start, end) of a unit (end null: open) inside [from, to). */
export interface StayRequest {
  unitId: number;
  start: IsoDate;
  end: IsoDate | null;
  from: IsoDate;
  to: IsoDate;
}

export interface CapRow {
  unit_id: number;
  in_london: boolean | null;
  weekly_cap_pence: string | number | null;
  brma: string | null;
  brma_known: boolean;
  self_contained: boolean;
  lha_category: string;
  lha_weekly_pence: string | number | null;
  ninety_pence: string | number | null;
  limit_pence: string | number;
}

const CATEGORY_WORDS: Record<string, string> = {
  shared: "shared accommodation",
  "1bed": "1-bedroom",
  "2bed": "2-bedroom",
  "3bed": "3-bedroom",
  "4bed": "4-bedroom",
};

/** unit_subsidy_caps' row in words: how the cap was set, or why it is unknown. */
export function describeSubsidyCap(c: CapRow): string {
  const category = CATEGORY_WORDS[c.lha_category] ?? c.lha_category;
  if (!c.brma) return "No broad rental market area (BRMA) recorded for the unit";
  if (!c.brma_known) return `No LHA rate for ${c.brma}`;
  if (c.lha_weekly_pence === null) return `No LHA rate for ${c.brma} (${category})`;
  const lhaText = `the January 2011 ${category} LHA rate for ${c.brma}`;
  if (!c.self_contained) return `Subsidy capped at ${lhaText} (${formatPence(Number(c.lha_weekly_pence))} a week)`;
  const ninety = Number(c.ninety_pence);
  const limit = Number(c.limit_pence);
  if (limit < ninety)
    return `Subsidy capped at the ${formatPence(limit)} a week limit ${c.in_london ? "in London" : "outside London"} (lower than 90% of ${lhaText}, ${formatPence(ninety)})`;
  return `Subsidy capped at 90% of ${lhaText} (${formatPence(ninety)} a week)`;
}

/** Costs several stays in one query: the estimate of each, in the order asked. */
export async function costStays(db: Conn, stays: readonly StayRequest[]): Promise<StayEstimate[]> {
  if (stays.length === 0) return [];
  const unitIds = [...new Set(stays.map((s) => s.unitId))];
  const caps = await sql<CapRow>`SELECT * FROM unit_subsidy_caps WHERE unit_id = ANY(${unitIds}::int[])`.execute(db);
  const capOf = new Map(caps.rows.map((c) => [c.unit_id, c]));
  const pieces = await sql<{ i: number; a: IsoDate; nights: number; amount_pence: string | null; gross: string; subsidy: string | null }>`
    SELECT q.i::int AS i, x.a::text AS a, x.nights, x.amount_pence, x.gross, x.subsidy
    FROM unnest(${stays.map((s) => s.unitId)}::int[], ${stays.map((s) => s.start)}::date[],
                ${stays.map((s) => s.end)}::date[], ${stays.map((s) => s.from)}::date[], ${stays.map((s) => s.to)}::date[])
         WITH ORDINALITY AS q(unit_id, s, e, f, t, i)
    CROSS JOIN LATERAL stay_pieces(q.unit_id, q.s, q.e, q.f, q.t) x
    ORDER BY q.i, x.a`.execute(db);
  const out: StayEstimate[] = stays.map((s) => {
    const cap = capOf.get(s.unitId);
    if (!cap) throw new Response("Not Found", { status: 404 });
    return {
      nightlyPence: null,
      nights: 0,
      grossPence: 0,
      unpricedNights: 0,
      subsidyPence: cap.weekly_cap_pence === null ? null : 0,
      netPence: null,
      explanation: describeSubsidyCap(cap),
    };
  });
  for (const x of pieces.rows) {
    const e = out[x.i - 1];
    e.nights += x.nights;
    if (x.amount_pence === null) {
      e.unpricedNights += x.nights;
      continue;
    }
    e.grossPence += Number(x.gross);
    if (e.subsidyPence !== null) e.subsidyPence += Number(x.subsidy);
    if (x.a === (stays[x.i - 1].start > stays[x.i - 1].from ? stays[x.i - 1].start : stays[x.i - 1].from))
      e.nightlyPence = Math.round(Number(x.gross) / x.nights);
  }
  for (const e of out) e.netPence = e.subsidyPence === null ? null : e.grossPence - e.subsidyPence;
  return out;
}

/** Cost of `nights` nights in a unit from `start` for a new placement. */
export async function estimateStayCost(db: Conn, input: { unitId: number; start: IsoDate; nights: number }): Promise<StayEstimate> {
  return (await estimateStayCosts(db, { unitIds: [input.unitId], start: input.start, nights: input.nights })).get(input.unitId)!;
}

/** The same estimate for several units at once (a page of unit search results). */
export async function estimateStayCosts(
  db: Conn,
  input: { unitIds: number[]; start: IsoDate; nights: number },
): Promise<Map<number, StayEstimate>> {
  const end = addDays(input.start, Math.max(1, input.nights));
  const estimates = await costStays(
    db,
    input.unitIds.map((unitId) => ({ unitId, start: input.start, end, from: input.start, to: end })),
  );
  return new Map(input.unitIds.map((id, i) => [id, estimates[i]]));
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
  const live = placements.filter((p) => !p.cancelled);
  const estimates = await costStays(
    db,
    live.map((p) => {
      const to = p.end_date && p.end_date < today ? p.end_date : today;
      return { unitId: p.unit_id, start: p.start_date, end: p.end_date, from: p.start_date, to: to > p.start_date ? to : p.start_date };
    }),
  );
  return new Map(live.map((p, i) => [p.id, estimates[i]]));
}

/**
 * The cost of each night in [from, to) of stays in units from the given first nights
 * (night_costs), keyed `unit|start|night`; null where no rate is in force. For the invoice
 * check and the demo invoices, which price many nights of a few stays.
 */
export async function nightPrices(db: Conn, stays: readonly { unitId: number; start: IsoDate }[], from: IsoDate, to: IsoDate) {
  const out = new Map<string, number | null>();
  if (stays.length === 0) return out;
  const rows = await sql<{ unit_id: number; start: IsoDate; night: IsoDate; pence: string | null }>`
    SELECT q.unit_id, q.s::text AS start, x.night::text AS night, x.pence
    FROM unnest(${stays.map((p) => p.unitId)}::int[], ${stays.map((p) => p.start)}::date[]) AS q(unit_id, s)
    CROSS JOIN LATERAL night_costs(q.unit_id, q.s, NULL, ${from}::date, ${to}::date) x`.execute(db);
  for (const r of rows.rows) out.set(`${r.unit_id}|${r.start}|${r.night}`, r.pence === null ? null : Number(r.pence));
  return out;
}
