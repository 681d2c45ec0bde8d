/**
 * The reports against brute force: generated units, out-of-service periods,
 * households and placements (transfers, a split placement, units retired or not
 * yet in use), then every count the SQL gives is recounted night by night in
 * plain JavaScript from the raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { Random } from "~/demo/random";
import { addDays, daysBetween, eachNight, type IsoDate } from "~/lib/dates";
import { householdFactsOn } from "~/features/households/household-facts.server";
import { isDependentChild, type HouseholdMember } from "~/features/households/household";
import { referenceHouseholdType as householdType, referenceTa2Category as ta2Category } from "../../support/reference";
import { TA1_CATEGORY_LINES, TA1_LINES, TA2_LINES, ta1Problems } from "~/features/reports/reports";
import {
  flow,
  householdsBehind,
  LIST_PAGE_SIZE,
  losBands,
  losObservations,
  occupancyByTaType,
  occupancyDaily,
  occupancyTotals,
  statutoryExtract,
  ta1,
  ta2,
  type OccupancyGroup,
} from "~/features/reports/reports.server";
import "~/features/exports.server";
import { getExport } from "~/lib/exports.server";
import type { Relationship } from "~/lib/vocabulary";
import { episodeObservation, losBand } from "../../support/reference";

let t: TestDatabase;
const FIRST = "2024-01-01";
const LAST = "2026-06-30";
const COUNCIL = "E09000001";

interface U {
  id: number;
  type: string;
  providerId: number;
  propertyId: number;
  district: string;
  inUse: IsoDate | null;
  retired: IsoDate | null;
}
interface P {
  id: number;
  householdId: number;
  unitId: number;
  start: IsoDate;
  end: IsoDate | null;
  split: boolean;
}
interface O {
  unitId: number;
  start: IsoDate;
  end: IsoDate | null;
}
interface H {
  id: number;
  members: HouseholdMember[];
  awaiting: IsoDate | null;
  duty: string;
}

const units: U[] = [];
const placements: P[] = [];
const oos: O[] = [];
const households = new Map<number, H>();

async function generate() {
  const db = t.db;
  const rnd = new Random(4242);
  await db
    .insertInto("settings")
    .values({ key: "council_gss", value: JSON.stringify(COUNCIL) })
    .execute();
  const types = ["bnb", "nightly_self_contained", "hostel", "private_leased", "council_ha_stock", "other"];
  const providers: number[] = [];
  for (let i = 0; i < 3; i++) {
    providers.push(
      (
        await db
          .insertInto("providers")
          .values({ name: `Gen provider ${i}`, provider_type: i === 0 ? "hotel" : "agent" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  const properties: { id: number; providerId: number; district: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const providerId = providers[i % 3];
    const district = i % 2 ? COUNCIL : "E09000002";
    const r = await db
      .insertInto("properties")
      .values({
        provider_id: providerId,
        name: `Gen property ${i}`,
        address_line_1: "1 Street",
        town: "Town",
        postcode: "E1 1AA",
        district_gss: district,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    properties.push({ id: r.id, providerId, district });
  }
  for (let i = 0; i < 24; i++) {
    const pr = properties[i % properties.length];
    const inUse = rnd.chance(0.4) ? addDays(FIRST, rnd.int(-100, 300)) : null;
    const retired = rnd.chance(0.25) ? addDays(inUse ?? FIRST, rnd.int(200, 800)) : null;
    const type = types[i % types.length];
    const r = await db
      .insertInto("units")
      .values({
        unit_ref: `GEN-${i}`,
        property_id: pr.id,
        ta_type_code: type,
        bedrooms: 2,
        max_occupants: 5,
        shared_kitchen: type === "bnb",
        shared_bathroom: type === "bnb",
        shared_toilet: false,
        step_free: false,
        in_use_from: inUse,
        retired_on: retired,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    units.push({ id: r.id, type, providerId: pr.providerId, propertyId: pr.id, district: pr.district, inUse, retired });
  }
  let hseq = 0;
  async function newHousehold(): Promise<H> {
    const duty = rnd.pick(["s188", "s193", "review_or_appeal"] as const);
    const h = await db
      .insertInto("households")
      .values({ case_ref: `GEN-H-${++hseq}`, duty })
      .returning("id")
      .executeTakeFirstOrThrow();
    const kind = rnd.int(0, 4);
    const members: HouseholdMember[] = [
      {
        name: "Lead",
        dateOfBirth: rnd.chance(0.1) ? addDays("2008-06-01", rnd.int(0, 700)) : "1985-03-01",
        relationship: "lead",
        pregnant: false,
        sex: rnd.pick(["female", "male", null] as const),
      },
    ];
    if (kind >= 2) members.push({ name: "Partner", dateOfBirth: "1986-04-01", relationship: "partner", pregnant: false, sex: "male" });
    if (kind === 1 || kind === 3)
      members.push({
        name: "Child",
        dateOfBirth: addDays("2010-01-01", rnd.int(0, 5000)),
        relationship: "child",
        pregnant: false,
        sex: null,
      });
    if (kind === 4)
      members.push({
        name: "Other",
        dateOfBirth: rnd.chance(0.5) ? "2007-10-01" : null,
        relationship: rnd.pick(["child", "other_adult"] as const),
        pregnant: false,
        sex: null,
      });
    let pos = 0;
    for (const m of members) {
      await db
        .insertInto("household_members")
        .values({
          household_id: h.id,
          name: m.name,
          date_of_birth: m.dateOfBirth,
          relationship: m.relationship as Relationship,
          sex: m.sex ?? null,
          position: pos++,
        })
        .execute();
    }
    const out = { id: h.id, members, awaiting: null, duty };
    households.set(h.id, out);
    return out;
  }
  // Households whose placement ended on a date, ready to transfer on that date.
  const leaving = new Map<IsoDate, number[]>();
  for (const u of units) {
    let d = addDays(FIRST, rnd.int(-60, 40));
    while (d < LAST) {
      d = addDays(d, rnd.int(0, 25));
      const len = rnd.int(3, 240);
      const end = addDays(d, len);
      const open = end > LAST && rnd.chance(0.7);
      if (rnd.chance(0.12)) {
        const r = await db
          .insertInto("out_of_service")
          .values({ unit_id: u.id, start_date: d, end_date: open ? null : end, reason: "Repairs" })
          .returning("id")
          .executeTakeFirstOrThrow();
        void r;
        oos.push({ unitId: u.id, start: d, end: open ? null : end });
      } else {
        const waiting = leaving.get(d);
        const hid = waiting?.length && rnd.chance(0.8) ? waiting.pop()! : (await newHousehold()).id;
        const cancelled = rnd.chance(0.03);
        const r = await db
          .insertInto("placements")
          .values({
            household_id: hid,
            unit_id: u.id,
            start_date: d,
            end_date: open ? null : end,
            duty: "s188",
            destination: open || rnd.chance(0.3) ? null : rnd.pick(["social_housing", "private_rented", "lost_contact"] as const),
            cancelled_at: cancelled ? new Date() : null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (!cancelled) {
          placements.push({ id: r.id, householdId: hid, unitId: u.id, start: d, end: open ? null : end, split: false });
          if (!open) leaving.set(end, [...(leaving.get(end) ?? []), hid]);
        }
      }
      if (open) break;
      d = end;
    }
  }
  // A split placement: a family in a second room for part of its stay, counted once.
  const host = placements.find((p) => p.end === null && households.get(p.householdId)!.members.length >= 2)!;
  const spare = await db
    .insertInto("units")
    .values({
      unit_ref: "GEN-SPLIT",
      property_id: properties[0].id,
      ta_type_code: "hostel",
      bedrooms: 1,
      max_occupants: 2,
      shared_kitchen: false,
      shared_bathroom: false,
      shared_toilet: false,
      step_free: false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  units.push({
    id: spare.id,
    type: "hostel",
    providerId: properties[0].providerId,
    propertyId: properties[0].id,
    district: properties[0].district,
    inUse: null,
    retired: null,
  });
  const splitStart = addDays(LAST, -200) > host.start ? addDays(LAST, -200) : host.start;
  const sp = await db
    .insertInto("placements")
    .values({ household_id: host.householdId, unit_id: spare.id, start_date: splitStart, end_date: null, duty: "s188", is_split: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  placements.push({ id: sp.id, householdId: host.householdId, unitId: spare.id, start: splitStart, end: null, split: true });
  // Households owed a duty with nothing secured yet.
  for (let i = 0; i < 3; i++) {
    const h = await newHousehold();
    h.awaiting = addDays(LAST, -5 - i);
    await db.updateTable("households").set({ awaiting_since: h.awaiting }).where("id", "=", h.id).execute();
  }
  await sql`SELECT rebuild_episodes(array_agg(id)) FROM households`.execute(db);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await generate();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const covers = (start: IsoDate, end: IsoDate | null, night: IsoDate) => start <= night && (end === null || end > night);

function bruteOccupancy(from: IsoDate, to: IsoDate, keyOf: (u: U) => string) {
  const out = new Map<string, { available: number; occupied: number }>();
  for (const night of eachNight(from, addDays(to, 1))) {
    for (const u of units) {
      const inUse = (u.inUse === null || u.inUse <= night) && (u.retired === null || u.retired > night);
      if (!inUse) continue;
      if (oos.some((o) => o.unitId === u.id && covers(o.start, o.end, night))) continue;
      const k = keyOf(u);
      const cur = out.get(k) ?? { available: 0, occupied: 0 };
      cur.available++;
      if (placements.some((p) => p.unitId === u.id && covers(p.start, p.end, night))) cur.occupied++;
      out.set(k, cur);
    }
  }
  return out;
}

const KEYS: Record<OccupancyGroup, (u: U) => string> = {
  all: () => "all",
  ta_type: (u) => u.type,
  provider: (u) => String(u.providerId),
  property: (u) => String(u.propertyId),
  district: (u) => u.district,
  area: (u) => (u.district === COUNCIL ? "in_area" : "out_of_area"),
};

describe(`occupancy on ${ENGINE}`, () => {
  for (const [from, to] of [
    ["2024-03-01", "2024-05-31"],
    ["2025-12-20", "2026-01-10"],
    [FIRST, LAST],
  ] as const) {
    it(`matches a night-by-night count from ${from} to ${to}, for every grouping`, async () => {
      for (const group of Object.keys(KEYS) as OccupancyGroup[]) {
        const brute = bruteOccupancy(from, to, KEYS[group]);
        const { all, rows } = await occupancyTotals(t.db, { from, to, group });
        const got = Object.fromEntries(
          rows.filter((r) => r.available > 0 || r.occupied > 0).map((r) => [r.key, { available: r.available, occupied: r.occupied }]),
        );
        expect(got, group).toEqual(Object.fromEntries(brute));
        const sum = [...brute.values()].reduce((s, x) => ({ available: s.available + x.available, occupied: s.occupied + x.occupied }), {
          available: 0,
          occupied: 0,
        });
        expect({ available: all.available, occupied: all.occupied }).toEqual(sum);
        expect(all.voids).toBe(sum.available - sum.occupied);
      }
    }, 60_000);
  }

  it("gives the same per-night counts as a night-by-night count", async () => {
    const from = "2025-10-01",
      to = "2025-12-31";
    const daily = await occupancyDaily(t.db, { from, to, group: "ta_type" });
    for (const [type, days] of daily) {
      expect(days).toHaveLength(daysBetween(from, to) + 1);
      for (const d of days.filter((_, i) => i % 9 === 0)) {
        const b = bruteOccupancy(d.day, d.day, KEYS.ta_type).get(type) ?? { available: 0, occupied: 0 };
        expect({ day: d.day, available: d.available, occupied: d.occupied }).toEqual({ day: d.day, ...b });
      }
    }
    // and they add up to the period totals
    const totals = await occupancyTotals(t.db, { from, to, group: "ta_type" });
    for (const r of totals.rows) {
      const days = daily.get(r.key) ?? [];
      expect(days.reduce((s, d) => s + d.available, 0)).toBe(r.available);
      expect(days.reduce((s, d) => s + d.occupied, 0)).toBe(r.occupied);
    }
  }, 60_000);

  it("exports exactly the published columns, a row all and one per TA type", async () => {
    const csv = await text(getExport("occupancy")!.run(t.db, { from: "2025-01-01", to: "2025-03-31", today: LAST }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("group,available_nights,occupied_nights,void_nights,occupancy_rate");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([
      "all",
      "bnb",
      "nightly_self_contained",
      "hostel",
      "private_leased",
      "council_ha_stock",
      "other",
    ]);
    const rows = await occupancyByTaType(t.db, "2025-01-01", "2025-03-31");
    const brute = bruteOccupancy("2025-01-01", "2025-03-31", KEYS.ta_type);
    for (const r of rows.slice(1)) expect(r.available).toBe(brute.get(r.key)?.available ?? 0);
    const sumAvail = lines.slice(2).reduce((s, l) => s + Number(l.split(",")[1]), 0);
    expect(Number(lines[1].split(",")[1])).toBe(sumAvail);
  });
});

async function text(chunks: AsyncIterable<string>) {
  let s = "";
  for await (const c of chunks) s += c;
  return s;
}

/** Brute force: the households in TA on a night, each with the placement that counts. */
function inTaOn(night: IsoDate) {
  const byHousehold = new Map<number, P>();
  for (const p of placements) {
    if (!covers(p.start, p.end, night)) continue;
    const cur = byHousehold.get(p.householdId);
    const better =
      !cur || (cur.split && !p.split) || (cur.split === p.split && (p.start > cur.start || (p.start === cur.start && p.id > cur.id)));
    if (better) byHousehold.set(p.householdId, p);
  }
  return byHousehold;
}

describe(`TA1 and TA2 on ${ENGINE}`, () => {
  const quarterEnds = ["2024-03-31", "2024-12-31", "2025-06-30", "2026-03-31", LAST];

  it("counts every household once, in its main placement, and the categories add up to the total", async () => {
    const typeOf = new Map(units.map((u) => [u.id, u]));
    const category: Record<string, string> = {
      bnb: "bnb",
      nightly_self_contained: "nightly_self_contained",
      hostel: "hostel",
      private_leased: "private_leased",
      council_ha_stock: "council_ha_stock",
      other: "other",
    };
    for (const d of quarterEnds) {
      const counts = await ta1(t.db, d);
      expect(ta1Problems(counts), d).toEqual([]);
      const brute = inTaOn(d);
      expect(counts.total, d).toBe(brute.size);
      for (const line of TA1_CATEGORY_LINES) {
        expect(counts[line], `${d} ${line}`).toBe([...brute.values()].filter((p) => category[typeOf.get(p.unitId)!.type] === line).length);
      }
      const withChildren = [...brute.keys()].filter((id) => households.get(id)!.members.some((m) => isDependentChild(m, d)));
      expect(counts.with_children).toBe(withChildren.length);
      expect(counts.children).toBe(
        [...brute.keys()].reduce((s, id) => s + households.get(id)!.members.filter((m) => isDependentChild(m, d)).length, 0),
      );
      expect(counts.in_another_district).toBe([...brute.values()].filter((p) => typeOf.get(p.unitId)!.district !== COUNCIL).length);
      const awaiting = [...households.values()].filter((h) => h.awaiting && h.awaiting <= d && !brute.has(h.id)).length;
      expect(counts.no_accommodation_secured).toBe(awaiting);
    }
    // The split household is in TA in two units on the last night and counted once, in the main unit.
    const split = placements.find((p) => p.split)!;
    const counted = inTaOn(LAST).get(split.householdId)!;
    expect(counted.split).toBe(false);
  });

  it("lists exactly the households behind each line: disjoint categories that add up to the total", async () => {
    const d = LAST;
    const counts = await ta1(t.db, d);
    const seen = new Set<number>();
    for (const line of TA1_CATEGORY_LINES) {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const r = await householdsBehind(t.db, { asOf: d, line }, page);
        expect(r.total).toBe(counts[line]);
        ids.push(...r.rows.map((x) => x.id));
        if (page >= r.pages) break;
      }
      expect(ids).toHaveLength(counts[line]!);
      for (const id of ids) {
        expect(seen.has(id), `household ${id} counted twice`).toBe(false);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(counts.total);
    expect(new Set(seen)).toEqual(new Set(inTaOn(d).keys()));
    for (const line of TA1_LINES) {
      if (line === "children") continue;
      const r = await householdsBehind(t.db, { asOf: d, line }, 1);
      expect(r.total, line).toBe(counts[line] ?? r.total);
    }
    expect(LIST_PAGE_SIZE).toBeGreaterThan(0);
  });

  it("counts B&B nights of the whole episode for the six-week line, each night once", async () => {
    // A family: 30 nights in one B&B, then 20 in another (transfer): day 50 on the last night.
    const db = t.db;
    const bnbUnits = units.filter((u) => u.type === "bnb" && u.inUse === null && u.retired === null);
    const fresh = [];
    for (let i = 0; i < 2; i++) {
      const prop = bnbUnits[0].propertyId;
      fresh.push(
        (
          await db
            .insertInto("units")
            .values({
              unit_ref: `GEN-BNB-${i}`,
              property_id: prop,
              ta_type_code: "bnb",
              bedrooms: 1,
              max_occupants: 4,
              shared_kitchen: true,
              shared_bathroom: true,
              shared_toilet: true,
              step_free: false,
            })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
      );
    }
    const h = await db
      .insertInto("households")
      .values({ case_ref: "GEN-SIXWEEK", duty: "review_or_appeal" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("household_members")
      .values([
        { household_id: h.id, name: "Lead", date_of_birth: "1990-01-01", relationship: "lead", sex: "female" },
        { household_id: h.id, name: "Kid", date_of_birth: "2020-01-01", relationship: "child" },
      ])
      .execute();
    const night = "2026-09-30";
    const start = addDays(night, -49);
    await db
      .insertInto("placements")
      .values([
        { household_id: h.id, unit_id: fresh[0], start_date: start, end_date: addDays(start, 30), duty: "review_or_appeal" },
        { household_id: h.id, unit_id: fresh[1], start_date: addDays(start, 30), end_date: null, duty: "review_or_appeal" },
      ])
      .execute();
    await sql`SELECT rebuild_episodes(ARRAY[${h.id}]::bigint[])`.execute(db);
    const before = await ta1(db, addDays(start, 41)); // day 42: not yet over
    const after = await ta1(db, addDays(start, 42)); // day 43
    const listed = await householdsBehind(db, { asOf: addDays(start, 42), line: "bnb_with_children_over_6_weeks_awaiting_review" }, 1);
    expect(listed.rows.map((r) => r.case_ref)).toContain("GEN-SIXWEEK");
    const beforeList = await householdsBehind(db, { asOf: addDays(start, 41), line: "bnb_with_children_over_6_weeks" }, 1);
    expect(beforeList.rows.map((r) => r.case_ref)).not.toContain("GEN-SIXWEEK");
    expect(after.bnb_with_children_over_6_weeks).toBeGreaterThanOrEqual(1);
    expect(before.bnb_with_children).toBeGreaterThanOrEqual(1);
    await sql`UPDATE placements SET cancelled_at = now() WHERE household_id = ${h.id}`.execute(db);
    await sql`SELECT rebuild_episodes(ARRAY[${h.id}]::bigint[])`.execute(db);
  });

  it("splits households by TA2 composition as ta2Category does, and the lines add up", async () => {
    for (const d of quarterEnds) {
      const counts = await ta2(t.db, d);
      const expected: Record<string, number> = Object.fromEntries(TA2_LINES.map((l) => [l, 0]));
      for (const id of inTaOn(d).keys()) expected[ta2Category(households.get(id)!.members, d)]++;
      const { total, ...lines } = counts;
      expect(lines, d).toEqual(expected);
      expect(total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      expect(total).toBe((await ta1(t.db, d)).total);
    }
  });

  it("agrees with householdType and ta2Category for every generated household, on several dates", async () => {
    for (const h of households.values()) {
      for (const d of ["2024-01-01", "2025-11-23", "2026-06-30"]) {
        const got = await householdFactsOn(t.db, h.id, d);
        expect({ household_type: got.household_type, ta2: got.ta2 }, `household ${h.id} on ${d}`).toEqual({
          household_type: householdType(h.members, d),
          ta2: ta2Category(h.members, d),
        });
      }
    }
  }, 60_000);

  it("exports ta1 with exactly the published lines, the same numbers as the model", async () => {
    const csv = await text(getExport("ta1")!.run(t.db, { asOf: LAST, today: LAST }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("line,households");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([...TA1_LINES]);
    const counts = await ta1(t.db, LAST);
    for (const l of lines.slice(1)) {
      const [line, n] = l.split(",");
      expect(Number(n)).toBe(counts[line as keyof typeof counts]);
    }
  });

  it("streams a placement-level extract with the case reference, one counted placement per household", async () => {
    const rows = [];
    for await (const r of statutoryExtract(t.db, LAST, 7)) rows.push(r);
    expect(rows).toHaveLength(placements.filter((p) => p.start <= LAST).length);
    const counted = rows.filter((r) => r[15] === true);
    expect(counted).toHaveLength((await ta1(t.db, LAST)).total ?? -1);
    expect(new Set(counted.map((r) => r[1])).size).toBe(counted.length);
  });
});

describe(`length of stay and flow on ${ENGINE}`, () => {
  async function episodes() {
    return t.db
      .selectFrom("episodes as e")
      .innerJoin("placements as p", "p.id", "e.first_placement_id")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .select(["e.start_date", "e.end_date", "u.ta_type_code"])
      .execute();
  }

  it("censors episodes still open on the night of D at D, and ties them in SQL", async () => {
    const all = await episodes();
    for (const d of ["2024-06-30", "2025-09-30", LAST]) {
      const got = await losObservations(t.db, d, "ta_type");
      for (const [type, rows] of got) {
        const expected = new Map<string, number>();
        for (const e of all.filter((x) => x.ta_type_code === type && x.start_date <= d)) {
          const o = episodeObservation(e.start_date, e.end_date, d);
          expected.set(`${o.time}|${o.event}`, (expected.get(`${o.time}|${o.event}`) ?? 0) + 1);
        }
        expect(new Map(rows.map((r) => [`${r.time}|${r.event}`, r.n]))).toEqual(expected);
      }
    }
  });

  it("puts households in TA now into the MHCLG bands by the start of their episode", async () => {
    const d = LAST;
    const all = await episodes();
    const expected = new Map<string, number>();
    for (const e of all.filter((x) => covers(x.start_date, x.end_date, d)))
      expected.set(losBand(e.start_date, d), (expected.get(losBand(e.start_date, d)) ?? 0) + 1);
    const got = await losBands(t.db, d, "none");
    expect(new Map(got.map((g) => [g.band, g.n]))).toEqual(expected);
  });

  it("counts entries, exits and households in TA per month as a night-by-night count does", async () => {
    const all = await episodes();
    const f = await flow(t.db, { from: "2024-02-10", to: "2025-05-20", interval: "month" });
    for (const r of f.rows) {
      expect(r.entries).toBe(all.filter((e) => e.start_date >= r.start && e.start_date <= r.end).length);
      expect(r.exits).toBe(all.filter((e) => e.end_date !== null && e.end_date >= r.start && e.end_date <= r.end).length);
      expect(r.inTaAtEnd).toBe(all.filter((e) => covers(e.start_date, e.end_date, r.end)).length);
      expect(r.inTaAtEnd).toBe(inTaOn(r.end).size);
    }
    expect(f.rows[0].start).toBe("2024-02-10");
    expect(f.rows[f.rows.length - 1].end).toBe("2025-05-20");
    const exits = f.rows.reduce((s, r) => s + r.exits, 0);
    expect(f.destinations.reduce((s, d) => s + d.n, 0)).toBe(exits);
    // The households behind each destination are exactly that many.
    for (const d of f.destinations) {
      const r = await householdsBehind(t.db, { asOf: "2025-05-20", exit: { from: "2024-02-10", destination: d.destination } }, 1);
      expect(r.total, d.destination).toBe(d.n);
    }
  });
});

describe("the generated data is big enough to mean something", () => {
  it("has placements, transfers, open stays and every TA type in TA on the last night", async () => {
    expect(placements.length).toBeGreaterThan(60);
    const c = await ta1(t.db, LAST);
    for (const line of TA1_CATEGORY_LINES) expect(c[line], line).toBeGreaterThan(0);
    const transfers = await t.db.selectFrom("episodes").select("id").where("placements", ">", 1).execute();
    expect(transfers.length).toBeGreaterThan(3);
  });
});
