/**
 * A household's make-up kept on write (issue 23, item 1; ADR 0039; migration 0077): after
 * hundreds of random writes through the app's own household form (members added, taken off,
 * born later, retyped, pregnancies recorded and ended, on many different nights) and straight
 * SQL writes as the importer or psql would make them (members with a joining night, former
 * members, pregnancy periods, households deleted), the kept stretches
 * (household_fact_segments, read by household_facts_on) give the same facts as
 * household_facts_from_members, the one definition computed from the members, for every
 * household on every night where anything can change, the night before each, and other nights.
 * The stretches of each household cover every night once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { registerHousehold, updateHousehold } from "~/features/casework/casework.server";
import type { HouseholdInput, MemberInput } from "~/features/households/household-form.server";
import { addDays, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";
import { Refusal } from "~/lib/refusal";

/** Fewer writes on PGlite, where CI time is tight. */
const WRITES = ENGINE === "pglite" ? 200 : 320;
const BATCH = 40;

let t: TestDatabase;
let caseNo = 0;
const rnd = new Random(7739);

/** Dates of birth that reach the ages the facts read on many nights, 29 February among them. */
function randomBirth(): IsoDate | null {
  if (rnd.chance(0.08)) return null;
  if (rnd.chance(0.1)) return rnd.pick(["2008-02-29", "2010-02-28", "2012-02-29", "2009-03-01", "2004-02-29"]);
  return addDays("1995-01-01", rnd.int(0, 11500));
}

function randomMember(lead: boolean): MemberInput {
  const dateOfBirth = lead ? (rnd.chance(0.3) ? addDays("2008-06-01", rnd.int(0, 800)) : randomBirth()) : randomBirth();
  return {
    id: null,
    name: `Person ${++caseNo}`,
    dateOfBirth,
    relationship: lead ? "lead" : rnd.pick(["partner", "child", "child", "other_adult"] as const),
    sex: rnd.pick(["female", "male", null] as const),
    pregnant: rnd.chance(0.15),
  };
}

function randomInput(members: MemberInput[]): HouseholdInput {
  return { caseRef: `FS-${++caseNo}`, duty: "s188", stepFreeNeeded: false, supportNeeds: "", awaiting: false, members };
}

const randomNight = (): IsoDate => addDays("2015-01-01", rnd.int(0, 4700));

async function householdIds(): Promise<number[]> {
  return (await sql<{ id: number }>`SELECT id FROM households ORDER BY id`.execute(t.db)).rows.map((r) => Number(r.id));
}

async function membersOf(id: number): Promise<MemberInput[]> {
  const r = await sql<{
    id: number;
    name: string;
    dob: string | null;
    relationship: MemberInput["relationship"];
    sex: MemberInput["sex"];
    pregnant: boolean;
  }>`
    SELECT id, name, date_of_birth::text AS dob, relationship, sex, pregnant FROM household_members
    WHERE household_id = ${id} ORDER BY position, id`.execute(t.db);
  return r.rows.map((m) => ({
    id: Number(m.id),
    name: m.name,
    dateOfBirth: m.dob,
    relationship: m.relationship,
    sex: m.sex,
    pregnant: m.pregnant,
  }));
}

/** One random write; a refusal (a rule of the form) is an answer, not a failure. */
async function randomWrite(): Promise<string> {
  const db = t.db;
  const ids = await householdIds();
  const kind = rnd.weighted([
    ["register", 3],
    ["edit", 10],
    ["sql member", 2],
    ["sql former", 1],
    ["sql pregnancy", 1],
    ["delete", ids.length > 12 ? 1 : 0],
  ] as const);
  const id = rnd.pick(ids);
  try {
    switch (kind) {
      case "register": {
        const members = [randomMember(true), ...Array.from({ length: rnd.int(0, 3) }, () => randomMember(false))];
        await registerHousehold(db, null as unknown as number, randomInput(members), randomNight());
        break;
      }
      case "edit": {
        const members = await membersOf(id);
        const next = members.map((m) => ({ ...m }));
        const change = rnd.pick(["add", "remove", "pregnant", "birth", "relationship"] as const);
        const others = next.filter((m) => m.relationship !== "lead");
        if (change === "add" || others.length === 0) next.push(randomMember(next.every((m) => m.relationship !== "lead")));
        else if (change === "remove") next.splice(next.indexOf(rnd.pick(others)), 1);
        else if (change === "pregnant") {
          const m = rnd.pick(next);
          m.pregnant = !m.pregnant;
        } else if (change === "birth") rnd.pick(next).dateOfBirth = randomBirth();
        else rnd.pick(others).relationship = rnd.pick(["partner", "child", "other_adult"] as const);
        const h = await sql<{ case_ref: string }>`SELECT case_ref FROM households WHERE id = ${id}`.execute(db);
        await updateHousehold(db, null as unknown as number, id, { ...randomInput(next), caseRef: h.rows[0].case_ref }, randomNight());
        return `${kind} ${change}`;
      }
      case "sql member":
        await sql`INSERT INTO household_members (household_id, name, date_of_birth, relationship, pregnant, position, joined_on)
                  VALUES (${id}, ${`Person ${++caseNo}`}, ${randomBirth()}::date, ${rnd.pick(["child", "other_adult", "partner"])}, false, 50, ${rnd.chance(0.5) ? randomNight() : null}::date)`.execute(
          db,
        );
        break;
      case "sql former": {
        const left = randomNight();
        await sql`INSERT INTO former_household_members (id, household_id, name, date_of_birth, relationship, joined_on, left_on)
                  VALUES (${900000 + ++caseNo}, ${id}, ${`Person ${caseNo}`}, ${randomBirth()}::date, ${rnd.pick(["child", "other_adult"])},
                          ${addDays(left, -rnd.int(1, 900))}::date, ${left}::date)`.execute(db);
        break;
      }
      case "sql pregnancy": {
        const open = await sql<{ id: number }>`SELECT id FROM member_pregnancies WHERE household_id = ${id} ORDER BY id LIMIT 1`.execute(
          db,
        );
        if (open.rows.length)
          await sql`UPDATE member_pregnancies SET from_date = ${randomNight()}::date, to_date = NULL WHERE id = ${open.rows[0].id}`.execute(
            db,
          );
        break;
      }
      case "delete":
        await sql`DELETE FROM households WHERE id = ${id}`.execute(db);
        break;
    }
  } catch (e) {
    if (e instanceof Refusal) return `${kind} refused`;
    // A pregnancy moved to start after a recorded end: the table's own check refuses it.
    if (/violates check constraint/.test(String(e))) return `${kind} refused by a check`;
    throw e;
  }
  return kind;
}

/** Households whose kept facts differ from the facts computed from the members on a night checked. */
async function differences(): Promise<{ household_id: number; d: string; kept: string | null; scratch: string }[]> {
  const r = await sql<{ household_id: number; d: string; kept: string | null; scratch: string }>`
    WITH nights AS (
      SELECT DISTINCT x.d FROM (
        SELECT from_date AS d FROM household_fact_segments WHERE from_date > '-infinity'
        UNION ALL SELECT from_date - 1 FROM household_fact_segments WHERE from_date > '-infinity'
        UNION ALL SELECT unnest(ARRAY['1990-01-01', '2016-03-01', '2024-02-29', '2026-11-23', '2040-01-01']::date[])
      ) x
    )
    SELECT h.id AS household_id, n.d::text AS d,
           (SELECT row(f.*)::text FROM household_facts_on(h.id, n.d) f) AS kept,
           (SELECT row(f.*)::text FROM household_facts_from_members(h.id, n.d) f) AS scratch
    FROM households h CROSS JOIN nights n
    WHERE (SELECT row(f.*)::text FROM household_facts_on(h.id, n.d) f)
          IS DISTINCT FROM (SELECT row(f.*)::text FROM household_facts_from_members(h.id, n.d) f)
    ORDER BY 1, 2 LIMIT 5`.execute(t.db);
  return r.rows;
}

/** Households whose stretches do not run from -infinity to infinity, each night once. */
async function gaps(): Promise<{ household_id: number }[]> {
  const r = await sql<{ household_id: number }>`
    SELECT h.id AS household_id FROM households h
    LEFT JOIN LATERAL (
      SELECT min(from_date) AS first, max(to_date) AS last,
             bool_and(to_date = coalesce(next, 'infinity'::date)) AS joined
      FROM (SELECT from_date, to_date, lead(from_date) OVER (ORDER BY from_date) AS next
            FROM household_fact_segments s WHERE s.household_id = h.id) x
    ) s ON true
    WHERE s.first IS DISTINCT FROM '-infinity'::date OR s.last IS DISTINCT FROM 'infinity'::date OR NOT s.joined`.execute(t.db);
  return r.rows;
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 10; i++) {
    const members = [randomMember(true), ...Array.from({ length: rnd.int(0, 3) }, () => randomMember(false))];
    await registerHousehold(t.db, null as unknown as number, randomInput(members), randomNight());
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`a household's make-up kept on write, on ${ENGINE}`, () => {
  it("gives the facts computed from the members, on every night, after hundreds of random writes", async () => {
    const kinds = new Map<string, number>();
    let checked = 0;
    for (let done = 0; done < WRITES; done += BATCH) {
      for (let i = 0; i < BATCH; i++) {
        const k = await randomWrite();
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      expect(await differences()).toEqual([]);
      expect(await gaps()).toEqual([]);
      checked++;
    }
    expect(checked).toBe(Math.ceil(WRITES / BATCH));
    // The writes did what they say: members added and taken off through the form, and more.
    for (const k of ["register", "edit add", "edit remove", "edit pregnant", "edit birth", "sql member", "sql former"])
      expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
    const counts = await sql<{ households: number; stretches: number; former: number; pregnancies: number }>`
      SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM household_fact_segments)::int AS stretches,
             (SELECT count(*) FROM former_household_members)::int AS former, (SELECT count(*) FROM member_pregnancies)::int AS pregnancies`.execute(
      t.db,
    );
    const c = counts.rows[0];
    expect(c.households).toBeGreaterThan(20);
    expect(c.stretches).toBeGreaterThan(c.households * 2);
    expect(c.former).toBeGreaterThan(5);
    expect(c.pregnancies).toBeGreaterThan(3);
  }, 600_000);

  it("knows a family from a single adult on the night a child is born, and not the night before", async () => {
    const id = await registerHousehold(
      t.db,
      null as unknown as number,
      randomInput([
        { id: null, name: "Ana Lead", dateOfBirth: "1992-04-01", relationship: "lead", sex: "female", pregnant: false },
        { id: null, name: "Ben Child", dateOfBirth: "2026-05-10", relationship: "child", sex: "male", pregnant: false },
      ]),
      "2026-06-01",
    );
    const on = async (d: IsoDate) =>
      (
        await sql<{ children: number; household_type: string; with_children: boolean }>`
        SELECT children, household_type, with_children FROM household_facts_on(${id}, ${d}::date)`.execute(t.db)
      ).rows;
    expect(await on("2026-05-09")).toEqual([{ children: 0, household_type: "single_adult", with_children: false }]);
    expect(await on("2026-05-10")).toEqual([{ children: 1, household_type: "single_parent", with_children: true }]);
    // Ben turns 16 on 2042-05-10: recorded as a child, he stays dependent until 19.
    expect(await on("2045-05-09")).toEqual([{ children: 1, household_type: "single_parent", with_children: true }]);
    expect(await on("2045-05-10")).toEqual([{ children: 0, household_type: "other", with_children: false }]);
    // Deleting the household takes its stretches with it.
    await sql`DELETE FROM households WHERE id = ${id}`.execute(t.db);
    expect(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM household_fact_segments WHERE household_id = ${id}`.execute(t.db)).rows[0].n,
    ).toBe(0);
  });
});
