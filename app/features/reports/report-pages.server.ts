/**
 * What each report page shows and what its CSV download holds, built once so
 * the two cannot disagree: the page renders `table`, the download writes the
 * same rows.
 */
import { keptUntilDataChanges } from "~/lib/cache.server";
import type { CsvValue } from "~/lib/csv.server";
import {
  flow,
  lengthOfStay,
  losBands,
  occupancyDaily,
  occupancyTotals,
  statutoryCounts,
  taTypes,
  LOS_SPLITS,
  OCCUPANCY_GROUPS,
  type LosSplit,
  type OccupancyGroup,
} from "./reports.server";
import { addDays, daysBetween, formatDate, formatShortDate, type IsoDate } from "~/lib/dates";
import {
  LOS_BANDS,
  TA1_LINES,
  TA1_LINE_LABELS,
  TA1_PAGE_ORDER,
  TA2_LABELS,
  TA2_LINES,
  formatRate,
  survivalOnGrid,
  ta1Problems,
  type FlowInterval,
  type LosSummary,
} from "~/features/reports/reports";
import { DESTINATIONS } from "~/lib/vocabulary";
import type { Series } from "~/lib/components/charts";
import type { Conn } from "~/lib/db/connect";

export interface CsvTable {
  filename: string;
  header: string[];
  rows: CsvValue[][];
}

const days1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

// ---------------------------------------------------------------------------

/** Chart buckets for a long period: daily up to three months, weekly up to two years, then monthly. */
function chartBucket(from: IsoDate, to: IsoDate): "day" | "week" | "month" {
  const n = daysBetween(from, to) + 1;
  return n <= 92 ? "day" : n <= 731 ? "week" : "month";
}

export async function occupancyPage(db: Conn, p: { from: IsoDate; to: IsoDate; group: OccupancyGroup }) {
  return keptUntilDataChanges(db, `occupancy:${p.from}:${p.to}:${p.group}`, () => occupancyPageNow(db, p));
}

async function occupancyPageNow(db: Conn, p: { from: IsoDate; to: IsoDate; group: OccupancyGroup }) {
  const totals = await occupancyTotals(db, p);
  // Per-night counts per group only where the chart can show each group; otherwise all units together.
  const daily = await occupancyDaily(db, { ...p, group: totals.rows.length <= 6 ? p.group : "all" });
  const rows = [totals.all, ...(p.group === "all" ? [] : totals.rows)];
  const csv: CsvTable = {
    filename: `occupancy-${p.group}-${p.from}-to-${p.to}.csv`,
    header: ["group", "name", "available_nights", "occupied_nights", "void_nights", "occupancy_rate"],
    rows: rows.map((r) => [r.key, r.name, r.available, r.occupied, r.voids, formatRate(r.rate)]),
  };
  // Chart: the rate per night (or per week or month on a long period), for all units and up to five groups.
  const bucket = chartBucket(p.from, p.to);
  const keyOf = (d: IsoDate) => (bucket === "day" ? d : bucket === "month" ? d.slice(0, 7) : weekStart(d));
  const labelOf = (d: IsoDate) => (bucket === "month" ? d.slice(0, 7) : formatShortDate(d));
  const names = new Map(totals.rows.map((r) => [r.key, r.name]));
  const sumSeries = (lists: { day: IsoDate; available: number; occupied: number }[][]) => {
    const acc = new Map<string, { label: string; available: number; occupied: number }>();
    for (const list of lists)
      for (const d of list) {
        const k = keyOf(d.day);
        const cur = acc.get(k) ?? { label: labelOf(d.day < p.from ? p.from : d.day), available: 0, occupied: 0 };
        cur.available += d.available;
        cur.occupied += d.occupied;
        acc.set(k, cur);
      }
    return [...acc.values()].map((x) => ({ x: x.label, y: x.available > 0 ? Math.round((x.occupied / x.available) * 1000) / 10 : null }));
  };
  const series: Series[] = [{ name: "All units", points: sumSeries([...daily.values()]) }];
  if (p.group !== "all" && totals.rows.length <= 6) {
    for (const [k, list] of daily) series.push({ name: names.get(k) ?? k, points: sumSeries([list]) });
  }
  return {
    rows,
    csv,
    series,
    bucket,
    period: `${formatDate(p.from)} to ${formatDate(p.to)}`,
    toLabel: formatDate(p.to),
    groupLabel: OCCUPANCY_GROUPS[p.group],
  };
}

/** Monday of the week holding d (UTC arithmetic: called once per night of a long period). */
function weekStart(d: IsoDate): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
  return t.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------

const TA_TYPE_NAMES = async (db: Conn) => new Map((await taTypes(db)).map((t) => [t.code, t.name]));

export async function lengthOfStayPage(db: Conn, p: { asOf: IsoDate; split: LosSplit }) {
  return keptUntilDataChanges(db, `los:${p.asOf}:${p.split}`, () => lengthOfStayPageNow(db, p));
}

async function lengthOfStayPageNow(db: Conn, p: { asOf: IsoDate; split: LosSplit }) {
  const [{ all, groups }, bands, typeNames] = await Promise.all([
    lengthOfStay(db, p.asOf, p.split),
    losBands(db, p.asOf, p.split),
    TA_TYPE_NAMES(db),
  ]);
  const allBands = await (p.split === "none" ? Promise.resolve(bands) : losBands(db, p.asOf, "none"));
  const name = (key: string) => (p.split === "ta_type" ? (typeNames.get(key) ?? key) : key === "all" ? "All episodes" : key);
  const bandCount = (list: typeof bands, key: string) => LOS_BANDS.map((b) => list.find((x) => x.key === key && x.band === b.code)?.n ?? 0);
  const table = [
    { key: "all", name: "All episodes", s: all, bands: bandCount(allBands, "all") },
    ...groups
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((g) => ({ key: g.key, name: name(g.key), s: g.summary, bands: bandCount(bands, g.key) })),
  ];
  const csv: CsvTable = {
    filename: `length-of-stay-${p.split}-as-at-${p.asOf}.csv`,
    header: [
      "group",
      "name",
      "episodes",
      "ended",
      "still_in_ta",
      "median_days",
      "median_lower",
      "median_upper",
      "p25_days",
      "p25_lower",
      "p25_upper",
      "p75_days",
      "p75_lower",
      "p75_upper",
      ...LOS_BANDS.map((b) => `in_ta_${b.code}`),
    ],
    rows: table.map((r) => [
      r.key,
      r.name,
      r.s.episodes,
      r.s.ended,
      r.s.stillInTa,
      days1(r.s.median),
      days1(r.s.medianLower),
      days1(r.s.medianUpper),
      days1(r.s.p25),
      days1(r.s.p25Lower),
      days1(r.s.p25Upper),
      days1(r.s.p75),
      days1(r.s.p75Lower),
      days1(r.s.p75Upper),
      ...r.bands,
    ]),
  };
  // Survival curves: the share still in TA, month by month (30.4 days), up to ten years.
  const longest = Math.max(0, ...table.map((r) => r.s.curve.steps.at(-1)?.time ?? 0));
  const months = Math.min(120, Math.ceil(longest / 30.4375));
  const step = months > 60 ? 3 : 1;
  const grid: number[] = [];
  for (let m = 0; m <= months; m += step) grid.push(Math.round(m * 30.4375));
  const curve = (s: LosSummary) =>
    survivalOnGrid(s.curve, grid).map((v, i) => ({ x: `${i * step}`, y: v === null ? null : Math.round(v * 1000) / 10 }));
  const series: Series[] = table
    .slice(0, 7)
    .filter((r) => r.s.episodes > 0)
    .map((r) => ({ name: r.name, points: curve(r.s) }));
  return {
    table: table.map((r) => ({ ...r, s: { ...r.s, curve: undefined } })),
    csv,
    series,
    asOfLabel: formatDate(p.asOf),
    splitLabel: LOS_SPLITS[p.split],
  };
}

// ---------------------------------------------------------------------------

export async function flowPage(db: Conn, p: { from: IsoDate; to: IsoDate; interval: FlowInterval }) {
  return keptUntilDataChanges(db, `flow:${p.from}:${p.to}:${p.interval}`, () => flowPageNow(db, p));
}

async function flowPageNow(db: Conn, p: { from: IsoDate; to: IsoDate; interval: FlowInterval }) {
  const f = await flow(db, p);
  const label = (r: { start: IsoDate; end: IsoDate }) => (p.interval === "month" ? r.start.slice(0, 7) : `${formatShortDate(r.start)}`);
  const rows = f.rows.map((r) => ({ ...r, label: label(r), startLabel: formatDate(r.start), endLabel: formatDate(r.end) }));
  const csv: CsvTable = {
    filename: `flow-${p.interval}-${p.from}-to-${p.to}.csv`,
    header: ["period_start", "period_end", "entries", "exits", "transfers", "net_change", "in_ta_at_end"],
    rows: f.rows.map((r) => [r.start, r.end, r.entries, r.exits, r.transfers, r.netChange, r.inTaAtEnd]),
  };
  const destinations = f.destinations.map((d) => ({
    ...d,
    name: DESTINATIONS[d.destination as keyof typeof DESTINATIONS] ?? "Not recorded",
  }));
  const destinationsCsv: CsvTable = {
    filename: `exit-destinations-${p.from}-to-${p.to}.csv`,
    header: ["destination", "name", "exits"],
    rows: destinations.map((d) => [d.destination, d.name, d.n]),
  };
  return {
    rows,
    csv,
    destinations,
    destinationsCsv,
    inTaAtStart: f.inTaAtStart,
    totals: {
      entries: f.rows.reduce((s, r) => s + r.entries, 0),
      exits: f.rows.reduce((s, r) => s + r.exits, 0),
      transfers: f.rows.reduce((s, r) => s + r.transfers, 0),
    },
    period: `${formatDate(p.from)} to ${formatDate(p.to)}`,
    dayBefore: formatDate(addDays(p.from, -1)),
  };
}

// ---------------------------------------------------------------------------

export async function statutoryPage(db: Conn, p: { asOf: IsoDate }) {
  return keptUntilDataChanges(db, `statutory:${p.asOf}`, () => statutoryPageNow(db, p));
}

async function statutoryPageNow(db: Conn, p: { asOf: IsoDate }) {
  const [{ ta1: counts, ta2: composition }, contradictions] = await Promise.all([
    statutoryCounts(db, p.asOf),
    db
      .selectFrom("unit_facts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("type_contradiction", "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  const ta1Rows = TA1_PAGE_ORDER.map((l) => ({ line: l, label: TA1_LINE_LABELS[l], n: counts[l] }));
  const ta2Rows = [
    ...TA2_LINES.map((l) => ({ line: l as string, label: TA2_LABELS[l], n: composition[l] })),
    { line: "total", label: "Total", n: composition.total },
  ];
  return {
    ta1: ta1Rows,
    ta2: ta2Rows,
    problems: ta1Problems(counts),
    typeContradictions: Number(contradictions.n),
    ta2Problems: composition.total === counts.total ? [] : [`TA2 total ${composition.total} differs from TA1 total ${counts.total}`],
    asOfLabel: formatDate(p.asOf),
    // The CSV keeps the published order of the lines (new lines only ever added at the end).
    ta1Csv: { filename: `ta1-${p.asOf}.csv`, header: ["line", "households"], rows: TA1_LINES.map((l) => [l, counts[l]]) } as CsvTable,
    ta2Csv: {
      filename: `ta2-${p.asOf}.csv`,
      header: ["line", "households"],
      rows: [["total", composition.total], ...TA2_LINES.map((l) => [l, composition[l]])],
    } as CsvTable,
  };
}
