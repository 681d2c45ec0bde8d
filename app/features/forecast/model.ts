/**
 * The forecast and its scenarios, month by month: pure (no I/O), from ForecastInputs.
 * The statistics are app/lib/forecast.ts; this file says what a change to supply does
 * (docs/reports.md, "Forecast and scenarios"; ADR 0055):
 *
 * - Added units are let from their start date to households needing that many bedrooms
 *   (1 for a studio or one bedroom, 4 for four or more), families in B&B first (the 2003
 *   Order), then from the costliest accommodation per night of that size; never from
 *   leased or council/housing association stock. Kept full while such households are
 *   there; the rest of the units' nights are void (and paid when paid every night).
 * - Removed units: their households (at the units' occupancy on the origin night) move to
 *   nightly-paid self-contained accommodation at its cost; their void nights stop.
 * - A provider's end: from the date, its share of households in each type is priced at the
 *   other providers' cost of that type and size, and its void nights stop. New rates: its
 *   share is priced at the changed rate (subsidy never above the new cost), its void too.
 * - Length of stay: every stay from the date is stretched by the change (app/lib/forecast.ts).
 * Supply does not change how many households are in TA (move-on is not modelled): it
 * changes where they are and what they cost.
 */
import { addDays, addMonths, daysBetween, financialYearStart, startOfMonth, type IsoDate } from "~/lib/dates";
import { countInterval, normalInterval, project, seasonalityTest, AGE_BAND_DAYS, type Interval, type Seasonality } from "~/lib/forecast";
import { SIX_WEEK_LIMIT_DAYS } from "~/features/placements/six-weeks";
import type { ForecastInputs } from "./inputs.server";

/** Cost per night and void cost are the run of the last 13 weeks. */
export const BASIS_NIGHTS = 91;
/** Where arrivals are by time since arrival: episodes that started in the last 3 years. */
export const MIX_WINDOW_DAYS = 3 * 365;
/** 30-day bands since arrival (the last also holds longer stays). */
export const AGE_BANDS = 25;
/** A band with fewer households seen than this borrows the band before it. */
export const MIN_BAND_HOUSEHOLDS = 30;

export const CATS = [1, 2, 3, 4, 5, 6] as const;
export const CAT_NAMES: Record<number, string> = {
  1: "B&B",
  2: "Nightly paid, self-contained",
  3: "Hostel",
  4: "Private sector leased",
  5: "Council or housing association stock",
  6: "Other",
};
export const BEDS = [1, 2, 3, 4] as const;
export const BED_NAMES: Record<number, string> = { 1: "1 bedroom (or studio)", 2: "2 bedrooms", 3: "3 bedrooms", 4: "4 or more" };
export const GROUPS = 48;

/** Bedrooms as the forecast counts them: 0 (studio) and 1 are 1, 4 or more are 4. */
export const beds = (b: number) => Math.min(4, Math.max(1, Math.round(b)));
export const groupIndex = (cat: number, b: number, family: boolean) => ((cat - 1) * 4 + (beds(b) - 1)) * 2 + (family ? 1 : 0);
export const groupParts = (g: number) => ({ cat: Math.floor(g / 8) + 1, beds: (Math.floor(g / 2) % 4) + 1, family: g % 2 === 1 });
const isFamilyInBnb = (g: number) => groupParts(g).cat === 1 && groupParts(g).family;

/* --------------------------------------------------------------- changes */

export interface UnitsChange {
  kind: "units";
  action: "add" | "remove";
  count: number;
  taType: string;
  bedrooms: number;
  district: string | null;
  ratePence: number;
  basis: "night" | "week";
  paidFor: "every_night" | "occupied_nights";
  from: IsoDate;
}
export interface ProviderChange {
  kind: "provider";
  providerId: number;
  action: "end" | "rates";
  basisPoints: number;
  from: IsoDate;
}
export interface StayChange {
  kind: "stay";
  /** Change in every length of stay, in basis points (-1000: 10% shorter). */
  basisPoints: number;
  /** When the change is a finished trial's measured effect: its 95% interval, in basis points. */
  trial: { id: number; name: string; lowerBp: number; upperBp: number } | null;
  from: IsoDate;
}
export type Change = UnitsChange | ProviderChange | StayChange;

/* --------------------------------------------------------------- results */

export interface MonthRow {
  month: string;
  /** Nights of the month inside the forecast. */
  nights: number;
  households: Interval;
  byCat: number[];
  byBeds: number[];
  familiesInBnb: Interval;
  /** Families in B&B past six weeks on the month's last night. */
  breaches: number;
  /** Households in the scenario's added units on the month's last night. */
  inNewUnits: number;
  voidNights: number;
  grossPence: number;
  voidPence: number;
  subsidyPence: number;
  /** gross + void - subsidy */
  netPence: number;
}

export interface BudgetRow {
  year: number;
  budgetPence: number | null;
  paidToDatePence: number;
  /** Paid to date plus the forecast months of the year. */
  forecastPence: number;
  /** Months of the year the forecast covers after the origin. */
  monthsCovered: number;
}

export interface ForecastResult {
  origin: IsoDate;
  arrivalsPerMonth: number;
  seasonality: Seasonality;
  months: MonthRow[];
  /** Baseline only: month-end intervals by type and by bedrooms needed. */
  catIntervals: Interval[][];
  bedIntervals: Interval[][];
  budgets: BudgetRow[];
  notes: string[];
  /** A trial's effect: the households and net cost at the ends of its interval. */
  trialRange: { lower: { households: number; netPence: number }[]; upper: { households: number; netPence: number }[] } | null;
}

/* ---------------------------------------------------------------- model */

export function arrivalMix(counts: readonly (readonly number[])[]): number[][] {
  const pooled = Array(GROUPS).fill(0) as number[];
  for (const band of counts) band.forEach((n, g) => (pooled[g] += n));
  const norm = (v: readonly number[]) => {
    const total = v.reduce((s, x) => s + x, 0);
    return total > 0 ? v.map((x) => x / total) : (Array(GROUPS).fill(0) as number[]);
  };
  const out: number[][] = [];
  let last = norm(pooled);
  for (const band of counts) {
    if (band.reduce((s, x) => s + x, 0) >= MIN_BAND_HOUSEHOLDS) last = norm(band);
    out.push(last);
  }
  return out;
}

export interface Price {
  gross: number;
  subsidy: number;
}

type PriceTable = Map<string, Price>;

function priceTable(inputs: ForecastInputs, active: readonly ProviderChange[]): { table: PriceTable; cat: Map<number, Price>; all: Price } {
  const acc = new Map<string, { nights: number; gross: number; subsidy: number }>();
  const catAcc = new Map<number, { nights: number; gross: number; subsidy: number }>();
  const all = { nights: 0, gross: 0, subsidy: 0 };
  for (const p of inputs.prices) {
    const change = active.filter((c) => c.providerId === p.providerId).at(-1);
    if (change?.action === "end") continue;
    const f = change?.action === "rates" ? 1 + change.basisPoints / 10_000 : 1;
    const gross = p.grossPence * f;
    const subsidy = Math.min(p.subsidyPence, gross);
    for (const [m, k] of [
      [acc, `${p.cat}|${p.beds}`],
      [catAcc, p.cat],
    ] as const) {
      const map = m as Map<string | number, { nights: number; gross: number; subsidy: number }>;
      const cur = map.get(k) ?? { nights: 0, gross: 0, subsidy: 0 };
      cur.nights += p.nights;
      cur.gross += gross;
      cur.subsidy += subsidy;
      map.set(k, cur);
    }
    all.nights += p.nights;
    all.gross += gross;
    all.subsidy += subsidy;
  }
  const per = (x: { nights: number; gross: number; subsidy: number }) => ({ gross: x.gross / x.nights, subsidy: x.subsidy / x.nights });
  const allPrice = all.nights > 0 ? per(all) : { gross: 0, subsidy: 0 };
  const cat = new Map<number, Price>();
  for (const c of CATS) {
    const x = catAcc.get(c);
    cat.set(c, x && x.nights > 0 ? per(x) : allPrice);
  }
  const table: PriceTable = new Map();
  for (const c of CATS)
    for (const b of BEDS) {
      const x = acc.get(`${c}|${b}`);
      table.set(`${c}|${b}`, x && x.nights > 0 ? per(x) : cat.get(c)!);
    }
  return { table, cat, all: allPrice };
}

/** The key of a subsidy cap in ForecastInputs.subsidyCaps: the BRMA, self-contained or not, and bedrooms (1 to 4). */
export const capKey = (brma: string | null, selfContained: boolean, bedrooms: number) =>
  `${brma ?? ""}|${selfContained ? "sc" : "shared"}|${beds(bedrooms)}`;

/**
 * The new units' cost and estimated subsidy per night: priced by the money rules in SQL
 * (priceNewUnits in inputs.server.ts: segment_pence and weekly_subsidy_pence over a week),
 * one for each change in the list given to runForecast (null for a change that adds no units).
 */
export interface NewUnitPrice extends Price {
  /** Why no subsidy is estimated (the cap is unknown), or null. */
  capReason: string | null;
}

/** Which subsidy cap (inputs.subsidyCaps, from SQL's subsidy_cap) the added units fall under: their kind, size and area. */
export function newUnitCap(change: UnitsChange, inputs: Pick<ForecastInputs, "subsidyCaps" | "districts" | "taTypes" | "councilGss">) {
  const type = inputs.taTypes.find((t) => t.code === change.taType);
  const cat = type?.cat ?? 6;
  const district = inputs.districts.find((d) => d.gss === (change.district ?? inputs.councilGss)) ?? inputs.districts[0];
  const cap = inputs.subsidyCaps[capKey(district?.brma ?? null, cat !== 1 && cat !== 3, change.bedrooms)];
  if (!cap || cap.weeklyCapPence === null)
    return { weeklyCapPence: null, reason: cap?.reason ?? "No broad rental market area (BRMA) recorded for the district" };
  return { weeklyCapPence: cap.weeklyCapPence, reason: null };
}

function bedsMatch(unitBeds: number, groupBeds: number): boolean {
  return beds(unitBeds) === groupBeds;
}

export function runForecast(
  inputs: ForecastInputs,
  changes: readonly Change[],
  monthsAhead: number,
  /** The price of each change that adds units (priceNewUnits), by its place in `changes`. */
  newUnitPrices: readonly (NewUnitPrice | null)[] = [],
): ForecastResult {
  const stay = changes.filter((c): c is StayChange => c.kind === "stay").at(-1) ?? null;
  const main = runOnce(inputs, changes, monthsAhead, stay ? stay.basisPoints : 0, newUnitPrices);
  if (stay?.trial) {
    const ends = (bp: number) =>
      runOnce(inputs, changes, monthsAhead, bp, newUnitPrices).months.map((m) => ({ households: m.households.mean, netPence: m.netPence }));
    main.trialRange = { lower: ends(stay.trial.lowerBp), upper: ends(stay.trial.upperBp) };
  }
  return main;
}

function runOnce(
  inputs: ForecastInputs,
  changes: readonly Change[],
  monthsAhead: number,
  stayBp: number,
  newUnitPrices: readonly (NewUnitPrice | null)[],
): ForecastResult {
  const origin = inputs.origin;
  const end = addMonths(startOfMonth(origin), monthsAhead);
  const days = daysBetween(origin, end);
  const seasonality = seasonalityTest(inputs.monthlyArrivals);
  const lambda = inputs.arrivalsLastYear / 365;
  const arrivalsPerDay = new Float64Array(days);
  for (let t = 0, d = origin; t < days; t++, d = addDays(d, 1)) arrivalsPerDay[t] = lambda * seasonality.factors[Number(d.slice(5, 7)) - 1];
  const stay = changes.filter((c): c is StayChange => c.kind === "stay").at(-1);
  const familyInBnb = Array.from({ length: GROUPS }, (_, g) => isFamilyInBnb(g));
  const proj = project({
    days,
    survival: inputs.survival,
    groups: GROUPS,
    familyInBnb,
    current: inputs.current,
    arrivalsPerDay,
    rateBasisCount: inputs.arrivalsLastYear,
    arrivalMix: arrivalMix(inputs.mixCounts),
    losChange: stay && stayBp !== 0 ? { fromDay: Math.max(0, daysBetween(origin, stay.from)), factor: 1 + stayBp / 10_000 } : null,
    bnbLimit: SIX_WEEK_LIMIT_DAYS,
  });

  const dayOf = (d: IsoDate) => Math.max(0, daysBetween(origin, d));
  const providerChanges = changes.filter((c): c is ProviderChange => c.kind === "provider");
  const unitChanges = changes.filter((c): c is UnitsChange => c.kind === "units");
  const adds = unitChanges
    .filter((c) => c.action === "add")
    .map((c) => {
      const price = newUnitPrices[changes.indexOf(c)];
      if (!price) throw new Error("Added units must be priced first (priceNewUnits)");
      return { c, from: dayOf(c.from), price, cat: inputs.taTypes.find((t) => t.code === c.taType)?.cat ?? 6 };
    });
  const removes = unitChanges
    .filter((c) => c.action === "remove")
    .map((c) => {
      const cat = inputs.taTypes.find((t) => t.code === c.taType)?.cat ?? 6;
      const rows = inputs.units.filter((u) => u.cat === cat && u.beds === beds(c.bedrooms));
      const units = rows.reduce((s, u) => s + u.units, 0);
      const occupied = rows.reduce((s, u) => s + u.occupied, 0);
      const everyNight = rows.reduce((s, u) => s + u.everyNight, 0);
      const voids = inputs.voids.filter((v) => v.cat === cat && v.beds === beds(c.bedrooms));
      const vNights = voids.reduce((s, v) => s + v.nights, 0);
      const vPence = voids.reduce((s, v) => s + v.pence, 0);
      const occupancy = units > 0 ? occupied / units : 1;
      return {
        c,
        cat,
        from: dayOf(c.from),
        occupancy,
        // Void nights a night the removed units no longer bring (only units paid for every night have any).
        voidNightsPerNight: units > 0 ? c.count * (1 - occupancy) * (everyNight / units) : 0,
        voidPencePerNight: vNights > 0 ? vPence / vNights : 0,
      };
    });

  // Price tables per set of provider changes in force (few: one per change date).
  const tables = new Map<string, ReturnType<typeof priceTable>>();
  const tableOn = (t: number) => {
    const active = providerChanges.filter((c) => dayOf(c.from) <= t);
    const key = active.map((c) => providerChanges.indexOf(c)).join(",");
    if (!tables.has(key)) tables.set(key, priceTable(inputs, active));
    return tables.get(key)!;
  };
  const voidPerNight = (t: number) => {
    let nights = 0;
    let pence = 0;
    for (const v of inputs.voids) {
      const change = providerChanges.filter((c) => c.providerId === v.providerId && dayOf(c.from) <= t).at(-1);
      if (change?.action === "end") continue;
      const f = change?.action === "rates" ? 1 + change.basisPoints / 10_000 : 1;
      nights += v.nights / BASIS_NIGHTS;
      pence += (v.pence * f) / BASIS_NIGHTS;
    }
    for (const r of removes) {
      if (t < r.from) continue;
      nights -= r.voidNightsPerNight;
      pence -= r.voidNightsPerNight * r.voidPencePerNight;
    }
    return { nights: Math.max(0, nights), pence: Math.max(0, pence) };
  };

  const months: MonthRow[] = [];
  const catIntervals: Interval[][] = [];
  const bedIntervals: Interval[][] = [];
  const notes: string[] = [];
  const e = new Float64Array(GROUPS);
  let monthStart = startOfMonth(origin);
  let t = 0;
  while (t < days) {
    const monthEnd = addMonths(monthStart, 1);
    const nightsInMonth = Math.min(days, daysBetween(origin, monthEnd)) - t;
    const row: MonthRow = {
      month: monthStart.slice(0, 7),
      nights: nightsInMonth,
      households: { mean: 0, lower: 0, upper: 0 },
      byCat: Array(6).fill(0) as number[],
      byBeds: Array(4).fill(0) as number[],
      familiesInBnb: { mean: 0, lower: 0, upper: 0 },
      breaches: 0,
      inNewUnits: 0,
      voidNights: 0,
      grossPence: 0,
      voidPence: 0,
      subsidyPence: 0,
      netPence: 0,
    };
    let gross = 0;
    let subsidy = 0;
    let voidPence = 0;
    for (let k = 0; k < nightsInMonth; k++, t++) {
      for (let g = 0; g < GROUPS; g++) e[g] = proj.present[g][t];
      let movedFromFamilyBnb = 0;
      const prices = tableOn(t);
      for (const r of removes) {
        if (t < r.from) continue;
        for (const b of BEDS) {
          if (b !== beds(r.c.bedrooms)) continue;
          const gs = [groupIndex(r.cat, b, false), groupIndex(r.cat, b, true)];
          const there = e[gs[0]] + e[gs[1]];
          const displaced = Math.min(there, r.c.count * r.occupancy);
          if (there <= 0 || r.cat === 2) continue;
          for (const g of gs) {
            const x = (displaced * e[g]) / there;
            e[g] -= x;
            e[groupIndex(2, b, groupParts(g).family)] += x;
            if (isFamilyInBnb(g)) movedFromFamilyBnb += x;
          }
        }
      }
      const newOccupied: number[] = [];
      for (const a of adds) {
        if (t < a.from) {
          newOccupied.push(0);
          continue;
        }
        const candidates: number[] = [];
        for (let g = 0; g < GROUPS; g++) {
          const p = groupParts(g);
          if (!bedsMatch(a.c.bedrooms, p.beds) || p.cat === a.cat || ![1, 2, 3, 6].includes(p.cat)) continue;
          if (a.cat === 1 && p.family) continue; // B&B is not for families
          candidates.push(g);
        }
        const cost = (g: number) => prices.table.get(`${groupParts(g).cat}|${groupParts(g).beds}`)!.gross;
        candidates.sort((x, y) => Number(isFamilyInBnb(y)) - Number(isFamilyInBnb(x)) || cost(y) - cost(x) || x - y);
        let room = a.c.count;
        for (const g of candidates) {
          if (room <= 0) break;
          const x = Math.min(room, e[g]);
          e[g] -= x;
          room -= x;
          if (isFamilyInBnb(g)) movedFromFamilyBnb += x;
        }
        newOccupied.push(a.c.count - room);
      }
      for (let g = 0; g < GROUPS; g++) {
        const p = groupParts(g);
        const price = prices.table.get(`${p.cat}|${p.beds}`)!;
        gross += e[g] * price.gross;
        subsidy += e[g] * price.subsidy;
      }
      adds.forEach((a, i) => {
        if (t < a.from) return;
        const occ = newOccupied[i];
        gross += occ * a.price.gross;
        subsidy += occ * a.price.subsidy;
        if (a.c.paidFor === "every_night") {
          voidPence += (a.c.count - occ) * a.price.gross;
          row.voidNights += a.c.count - occ;
        }
      });
      const v = voidPerNight(t);
      voidPence += v.pence;
      row.voidNights += v.nights;

      if (k === nightsInMonth - 1) {
        row.households = countInterval(proj, t, () => true);
        const fam = countInterval(proj, t, isFamilyInBnb);
        row.familiesInBnb = {
          mean: Math.max(0, fam.mean - movedFromFamilyBnb),
          lower: Math.max(0, fam.lower - movedFromFamilyBnb),
          upper: Math.max(0, fam.upper - movedFromFamilyBnb),
        };
        row.breaches = Math.max(0, proj.breaches[t] - movedFromFamilyBnb);
        for (let g = 0; g < GROUPS; g++) {
          const p = groupParts(g);
          row.byCat[p.cat - 1] += e[g];
          row.byBeds[p.beds - 1] += e[g];
        }
        adds.forEach((a, i) => {
          row.byCat[a.cat - 1] += newOccupied[i];
          row.byBeds[beds(a.c.bedrooms) - 1] += newOccupied[i];
          row.inNewUnits += newOccupied[i];
        });
        catIntervals.push(CATS.map((c) => countInterval(proj, t, (g) => groupParts(g).cat === c)));
        bedIntervals.push(BEDS.map((b) => countInterval(proj, t, (g) => groupParts(g).beds === b)));
      }
    }
    row.grossPence = Math.round(gross);
    row.subsidyPence = Math.round(subsidy);
    row.voidPence = Math.round(voidPence);
    row.voidNights = Math.round(row.voidNights);
    row.netPence = row.grossPence + row.voidPence - row.subsidyPence;
    months.push(row);
    monthStart = monthEnd;
  }
  for (const a of adds) if (a.price.capReason) notes.push(`No subsidy is estimated for the added units: ${a.price.capReason}.`);

  // Budgets: each financial year the forecast reaches.
  const budgets: BudgetRow[] = [];
  const originYear = Number(financialYearStart(origin).slice(0, 4));
  for (const m of months) {
    const year = Number(financialYearStart(`${m.month}-01`).slice(0, 4));
    let b = budgets.find((x) => x.year === year);
    if (!b) {
      const paidToDate = year === originYear ? inputs.paidThisYearPence : 0;
      b = {
        year,
        budgetPence: inputs.budgets.find((x) => x.year === year)?.pence ?? null,
        paidToDatePence: paidToDate,
        forecastPence: paidToDate,
        monthsCovered: 0,
      };
      budgets.push(b);
    }
    b.forecastPence += m.grossPence + m.voidPence;
    b.monthsCovered++;
  }
  return {
    origin,
    arrivalsPerMonth: lambda * 30.4375,
    seasonality,
    months,
    catIntervals,
    bedIntervals,
    budgets,
    notes,
    trialRange: null,
  };
}

/** The households in TA on a month's last night, as a plain interval (for tables). */
export function roundInterval(i: Interval): Interval {
  return { mean: Math.round(i.mean), lower: Math.round(i.lower), upper: Math.round(i.upper) };
}

export { normalInterval, AGE_BAND_DAYS };
