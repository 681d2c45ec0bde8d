/**
 * The households in TA on a night kept on write (issue 23, item 1; ADR 0059; migration 0078):
 * after hundreds of random writes through the app's own write functions (place, transfer, end,
 * correct dates, cancel; members added and taken off, pregnancies; units retyped and made
 * shared; the council's district set) and straight SQL writes (as the importer or psql would
 * make them: applications), interleaved with reads that keep nights and
 * bring them up to date, every kept night's rows equal the rows computed afresh by the one
 * definition, row for row, and TA1, TA2 and Today's counts read from them equal the same
 * figures computed afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { randomPlacementWrite, randomUnitWrite } from "../../support/random-writes";
import { makeHousehold, makeUnit } from "../../support/factories";
import { updateHousehold } from "~/features/casework/casework.server";
import type { MemberInput } from "~/features/households/household-form.server";
import { councilGss, statutoryCounts } from "~/features/reports/reports.server";
import { inTaOn } from "~/features/reports/headline.server";
import { MAX_NIGHTS, nightFactsCte, withNightFacts } from "~/features/reports/ta-night.server";
import { Refusal } from "~/lib/refusal";
import { addDays, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";
import type { Conn } from "~/lib/db/connect";

/** Fewer writes on PGlite, where CI time is tight. */
const WRITES = ENGINE === "pglite" ? 200 : 300;
const BATCH = 25;
const NIGHTS: IsoDate[] = ["2026-11-23", "2026-09-30", "2026-06-30", "2026-03-31", "2025-12-31"];

let t: TestDatabase;
const units: { id: number; property_id: number; unit_ref: string }[] = [];
const households: number[] = [];
const rnd = new Random(7859);

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 8; i++)
    units.push(await makeUnit(t.db, { ta_type_code: i % 3 === 0 ? "private_leased" : "bnb", shared: i % 2 === 0 }));
  for (let i = 0; i < 14; i++)
    households.push(
      (
        await makeHousehold(t.db, [
          { dob: "1990-01-01", relationship: "lead" },
          ...(i % 3 === 0 ? [] : [{ dob: i % 2 ? "2020-06-01" : "2010-02-28", relationship: "child" as const }]),
          ...(i % 5 === 0 ? [{ dob: "1992-01-01", relationship: "partner" as const, pregnant: true, pregnantSince: "2026-01-01" }] : []),
        ])
      ).id,
    );
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const randomDate = (from: IsoDate = "2025-09-01", span = 500): IsoDate => addDays(from, rnd.int(0, span));

/** One random write; a refusal (a clash, a date out of order) is an answer, not a failure. */
async function randomWrite(): Promise<string> {
  const db = t.db;
  const kind = rnd.weighted([
    ["place", 6],
    ["transfer", 3],
    ["end", 3],
    ["correct", 3],
    ["cancel", 1],
    ["members", 2],
    ["unit", 0.5],
    ["district", 0.2],
    ["application", 2],
  ] as const);
  const household = rnd.pick(households);
  const unit = rnd.pick(units);
  try {
    switch (kind) {
      case "place":
      case "transfer":
      case "end":
      case "correct":
      case "cancel":
        if (
          (await randomPlacementWrite(db, rnd, kind, household, unit.id, {
            startDate: () => randomDate(),
            openChance: 0.4,
            stayNights: 200,
            moveWithin: 90,
            leavesChance: 0.5,
            destination: () => "social_housing",
            correctOpenChance: 0.3,
          })) === "none"
        )
          return "none";
        break;
      case "members": {
        const h = await db.selectFrom("households").select("case_ref").where("id", "=", household).executeTakeFirstOrThrow();
        const members = await db
          .selectFrom("household_members")
          .selectAll()
          .where("household_id", "=", household)
          .orderBy("position")
          .execute();
        const next: MemberInput[] = members.map((m) => ({
          id: m.id,
          name: m.name,
          dateOfBirth: m.date_of_birth,
          relationship: m.relationship,
          sex: m.sex,
          pregnant: m.pregnant,
        }));
        const others = next.filter((m) => m.relationship !== "lead");
        if (others.length && rnd.chance(0.4)) next.splice(next.indexOf(rnd.pick(others)), 1);
        else if (rnd.chance(0.5))
          next.push({
            id: null,
            name: `Child ${rnd.int(1, 1e6)}`,
            dateOfBirth: randomDate("2008-01-01", 6000),
            relationship: "child",
            sex: null,
            pregnant: false,
          });
        else next[0].pregnant = !next[0].pregnant;
        await updateHousehold(
          db,
          null as unknown as number,
          household,
          { caseRef: h.case_ref, duty: "s188", stepFreeNeeded: false, supportNeeds: "", awaiting: false, members: next },
          randomDate(),
        );
        break;
      }
      case "unit":
        await randomUnitWrite(db, rnd, unit.id);
        break;
      case "district":
        await sql`INSERT INTO settings (key, value) VALUES ('council_gss', to_jsonb(${rnd.pick(["E08000012", "E08000011", ""])}::text))
                  ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db);
        break;
      case "application":
        // A new application some weeks before a night restarts the six-week count there.
        await sql`INSERT INTO applications (household_id, start_date) VALUES (${household}, ${addDays(rnd.pick(NIGHTS), -rnd.int(20, 70))}::date)
                  ON CONFLICT DO NOTHING`.execute(db);
        break;
    }
  } catch (e) {
    if (e instanceof Refusal) return `${kind} refused`;
    throw e;
  }
  return kind;
}

/** Every column of the night's rows, in household order: kept (the reader's own path) and afresh. */
async function rows(night: IsoDate) {
  const gss = await councilGss(t.db);
  const read = (c: Conn, facts: unknown) =>
    sql<Record<string, unknown>>`WITH ${facts as ReturnType<typeof nightFactsCte>} SELECT * FROM facts ORDER BY household_id`.execute(c);
  const kept = (await withNightFacts(t.db, night, gss, read)).rows;
  const afresh = (await t.db.transaction().execute((trx) => withNightFacts(trx, night, gss, read))).rows;
  return { kept, afresh };
}

describe(`the households in TA on a night, kept on write, on ${ENGINE}`, () => {
  it("gives the rows and figures computed afresh after hundreds of random writes", async () => {
    const kinds = new Map<string, number>();
    let compared = 0;
    for (let done = 0; done < WRITES; done += BATCH) {
      for (let i = 0; i < BATCH; i++) {
        const k = await randomWrite();
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
        // Reads between writes keep nights, and bring them up to date, as pages would.
        if (rnd.chance(0.3)) await inTaOn(t.db, rnd.pick(NIGHTS));
      }
      for (const night of NIGHTS) {
        const { kept, afresh } = await rows(night);
        expect(kept, night).toEqual(afresh);
        const counts = await statutoryCounts(t.db, night);
        const countsAfresh = await t.db.transaction().execute((trx) => statutoryCounts(trx, night));
        expect(counts, night).toEqual(countsAfresh);
        expect(await inTaOn(t.db, night)).toEqual(await t.db.transaction().execute((trx) => inTaOn(trx, night)));
        compared += kept.length;
      }
    }
    // The writes did what they say, and the nights held households to compare.
    for (const k of ["place", "transfer", "end", "correct", "members", "unit", "application"])
      expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(50);
    const kept = await sql<{ nights: number; rows: number }>`
      SELECT (SELECT count(*) FROM ta_nights_kept)::int AS nights, (SELECT count(*) FROM ta_night_facts)::int AS rows`.execute(t.db);
    expect(kept.rows[0].nights).toBe(NIGHTS.length);
    expect(kept.rows[0].rows).toBeGreaterThan(0);
  }, 900_000);

  it("marks a household stale on every kept night when it changes, and reads it afresh until the night is brought up to date", async () => {
    const night = NIGHTS[0];
    for (const n of NIGHTS) await inTaOn(t.db, n);
    const inTa = await sql<{ household_id: number }>`SELECT household_id FROM ta_night_facts WHERE night = ${night}::date LIMIT 1`.execute(
      t.db,
    );
    const id = Number(inTa.rows[0].household_id);
    await sql`UPDATE placements SET duty = duty WHERE household_id = ${id}`.execute(t.db);
    const stale = await sql<{
      night: string;
    }>`SELECT night::text AS night FROM ta_night_stale WHERE household_id = ${id} ORDER BY night`.execute(t.db);
    expect(stale.rows.map((r) => r.night)).toEqual([...NIGHTS].sort());
    expect(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ta_night_facts WHERE household_id = ${id}`.execute(t.db)).rows[0].n,
    ).toBe(0);
    // Read inside a snapshot that cannot store: the household still counts, computed afresh.
    const { kept, afresh } = await rows(night);
    expect(kept).toEqual(afresh);
    expect(kept.some((r) => Number(r.household_id) === id)).toBe(true);
    // A change to what every unit's facts read drops every night.
    await sql`UPDATE providers SET provider_type = provider_type`.execute(t.db);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ta_nights_kept`.execute(t.db)).rows[0].n).toBe(0);
  });

  it("keeps at most MAX_NIGHTS nights, the latest asked", async () => {
    for (let i = 0; i < MAX_NIGHTS + 3; i++) await inTaOn(t.db, addDays("2026-01-01", i * 7));
    const nights = await sql<{ night: string }>`SELECT night::text AS night FROM ta_nights_kept ORDER BY night`.execute(t.db);
    expect(nights.rows.map((r) => r.night)).toEqual(Array.from({ length: MAX_NIGHTS }, (_, i) => addDays("2026-01-01", (i + 3) * 7)));
  });
});
