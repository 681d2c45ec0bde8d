/**
 * Trial measures kept on write (ADR 0057, db/definitions/trial-kept.ts): after hundreds of
 * random writes through the app's own write functions (place, transfer, end with and without
 * leaving TA, correct dates, cancel; rates and charges added and corrected; units retyped;
 * trials changed and households tagged) and straight SQL writes (members' children and
 * pregnancies, placement end dates, LHA figures, as the importer or psql would), interleaved
 * with reads on several days, every trial's groups and whole page read through the kept
 * episode facts equal the same computed afresh, for every trial and day checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { randomPlacementWrite, randomRateWrite, randomUnitWrite } from "../../support/random-writes";
import { makeHousehold, makeUnit } from "../../support/factories";
import {
  createTrial,
  episodeFactsAt,
  getTrial,
  setHouseholdTags,
  trialEpisodes,
  updateTrial,
  type TrialInput,
} from "~/features/trials/trials.server";
import { trialReportNow } from "~/features/trials/trial-report.server";
import { placeHousehold } from "~/features/placements/placements.server";
import { addRate, addCharge } from "~/features/money/rates.server";
import { Refusal } from "~/lib/refusal";
import { addDays, type IsoDate } from "~/lib/dates";
import { Random } from "~/demo/random";
import type { Conn } from "~/lib/db/connect";

/** Fewer writes on PGlite, where CI time is tight. */
const WRITES = ENGINE === "pglite" ? 240 : 360;
const BATCH = 40;
const DAYS: IsoDate[] = ["2026-11-23", "2026-06-30", "2025-12-01", "2026-02-14"];
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
const units: { id: number; property_id: number; unit_ref: string }[] = [];
const households: number[] = [];
const trials: number[] = [];

const base: TrialInput = {
  name: "Move-on",
  hypothesis: "Households leave sooner",
  owner: "Squad A",
  start: "2025-06-01",
  end: "2025-12-31",
  primary: "length_of_stay",
  horizon: 90,
  measures: ["left_within", "cost", "bnb"],
  plannedSize: null,
  selection: "rule",
  children: "any",
  provider: "",
  taTypes: [],
  comparison: "before_after",
};

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  await db
    .insertInto("brmas")
    .values([{ name: "Central Liverpool", in_london: false }])
    .execute();
  await db
    .insertInto("lha_rates")
    .values(
      (["shared", "1bed", "2bed", "3bed", "4bed"] as const).map((category, i) => ({
        brma: "Central Liverpool",
        category,
        weekly_pence: 6000 + 2500 * i,
      })),
    )
    .execute();
  const rnd = new Random(7401);
  for (let i = 0; i < 8; i++) {
    const u = await makeUnit(db, {
      ta_type_code: i % 3 === 0 ? "private_leased" : "bnb",
      bedrooms: 1 + (i % 3),
      shared: i % 2 === 0,
      providerType: i % 4 === 0 ? "council" : "hotel",
    });
    if (i !== 7) await db.updateTable("properties").set({ brma: "Central Liverpool" }).where("id", "=", u.property_id).execute();
    await db.updateTable("units").set({ in_use_from: "2024-01-01" }).where("id", "=", u.id).execute();
    units.push(u);
    if (i !== 5)
      await addRate(db, null, u.id, { effectiveFrom: "2024-01-01", amount: rnd.int(3000, 9000), basis: rnd.pick(["night", "week"]) });
    if (i % 2 === 1) await addCharge(db, null, u.id, { effectiveFrom: "2024-06-01", amount: rnd.int(5000, 20000) });
  }
  for (let i = 0; i < 14; i++)
    households.push(
      (
        await makeHousehold(
          db,
          i % 2 === 0
            ? [
                { dob: "1990-01-01", relationship: "lead" },
                { dob: i % 4 === 0 ? "2019-05-01" : "2007-03-01", relationship: "child" },
              ]
            : [{ dob: "1988-01-01", relationship: "lead" }],
        )
      ).id,
    );
  const provider = await db.selectFrom("properties").select("provider_id").where("id", "=", units[1].property_id).executeTakeFirstOrThrow();
  const made: TrialInput[] = [
    base,
    { ...base, name: "Families", start: "2025-03-01", end: null, children: "with", comparison: "both", primary: "bnb" },
    { ...base, name: "Tagged", start: "2025-01-01", end: null, selection: "tagged", taTypes: ["bnb"], comparison: "concurrent" },
    {
      ...base,
      name: "One provider",
      start: "2025-09-01",
      end: "2026-08-31",
      provider: String(provider.provider_id),
      taTypes: ["bnb", "private_leased"],
      comparison: "both",
      primary: "cost",
      measures: ["exits"],
    },
  ];
  for (const m of made) trials.push((await createTrial(db, null, m)).id);
});
afterAll(async () => {
  await t?.close();
});

const DATES_FROM = "2024-02-01";
const randomDate = (rnd: Random, from: IsoDate = DATES_FROM, span = 1000): IsoDate => addDays(from, rnd.int(0, span));

/** One random write; a refusal (a clash, a date out of order) is an answer, not a failure. */
async function randomWrite(rnd: Random): Promise<string> {
  const db = t.db;
  const kind = rnd.weighted([
    ["place", 6],
    ["transfer", 3],
    ["end", 4],
    ["correct", 3],
    ["cancel", 1],
    ["rate", 1.5],
    ["correct_rate", 1],
    ["charge", 1],
    ["unit", 0.7],
    ["member", 1.5],
    ["pregnant", 1],
    ["tag", 1.5],
    ["trial", 1],
    ["lha", 0.3],
    ["sql", 0.7],
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
            startDate: () => randomDate(rnd),
            openChance: 0.3,
            stayNights: 200,
            moveWithin: 120,
            leavesChance: 0.7,
            destination: () => rnd.pick(["social_housing", "private_rented", "other"] as const),
            correctOpenChance: 0.2,
          })) === "none"
        )
          return "none";
        break;
      case "rate":
      case "correct_rate":
      case "charge":
        if ((await randomRateWrite(db, rnd, kind, unit.id, () => randomDate(rnd))) === "none") return "none";
        break;
      case "unit":
        await randomUnitWrite(db, rnd, unit.id, { bedrooms: () => rnd.int(1, 4) });
        break;
      case "member": {
        // A child born, or a child's date of birth corrected: children at entry change.
        const child = await db
          .selectFrom("household_members")
          .select("id")
          .where("household_id", "=", household)
          .where("relationship", "=", "child")
          .executeTakeFirst();
        if (child && rnd.chance(0.6))
          await sql`UPDATE household_members SET date_of_birth = ${randomDate(rnd, "2006-01-01", 7000)}::date WHERE id = ${child.id}`.execute(
            db,
          );
        else
          await sql`INSERT INTO household_members (household_id, name, date_of_birth, relationship, pregnant, position)
                    VALUES (${household}, 'Random child', ${randomDate(rnd, "2015-01-01", 4000)}::date, 'child', false, 9)`.execute(db);
        break;
      }
      case "pregnant":
        await sql`UPDATE household_members SET pregnant = NOT pregnant
                  WHERE id = (SELECT id FROM household_members WHERE household_id = ${household} ORDER BY id LIMIT 1)`.execute(db);
        break;
      case "tag": {
        const tagged = await db.selectFrom("trial_tags").select("trial_id").where("household_id", "=", household).execute();
        const now = new Set(tagged.map((x) => Number(x.trial_id)));
        if (now.has(trials[2])) now.delete(trials[2]);
        else now.add(trials[2]);
        await setHouseholdTags(db, null, household, [...now]);
        break;
      }
      case "trial": {
        const id = rnd.pick(trials);
        const tr = await getTrial(db, id);
        const input: TrialInput = {
          name: tr.name,
          hypothesis: tr.hypothesis,
          owner: tr.owner,
          start: tr.start_date,
          end: rnd.chance(0.5) ? null : addDays(tr.start_date, rnd.int(120, 500)),
          primary: tr.primary_measure,
          horizon: tr.primary_horizon,
          measures: tr.measures.filter((m) => m !== tr.primary_measure),
          plannedSize: tr.planned_size,
          selection: tr.selection,
          children: rnd.pick(["any", "with", "without"] as const),
          provider: tr.rule_provider_id === null ? "" : String(tr.rule_provider_id),
          taTypes: rnd.chance(0.5) ? [] : [rnd.pick(["bnb", "private_leased", "hostel"])],
          comparison: tr.comparison,
        };
        // The day before the start: the declared measures are not locked yet.
        await updateTrial(db, null, id, input, addDays(tr.start_date, -1));
        break;
      }
      case "lha":
        await db
          .updateTable("lha_rates")
          .set({ weekly_pence: rnd.int(5000, 20000) })
          .where("category", "=", rnd.pick(["shared", "1bed", "2bed", "3bed", "4bed"] as const))
          .execute();
        break;
      case "sql": {
        // As the importer or psql would: no app code, the triggers alone.
        const d = randomDate(rnd);
        await sql`UPDATE placements SET end_date = ${addDays(d, rnd.int(1, 60))}::date
                  WHERE id = (SELECT id FROM placements WHERE cancelled_at IS NULL AND start_date < ${d}::date AND end_date IS NULL
                              ORDER BY id LIMIT 1)`.execute(db);
        break;
      }
    }
    return kind;
  } catch (e) {
    if (e instanceof Refusal) return `${kind} refused`;
    throw e;
  }
}

class RollBack extends Error {}

/** `f` with no episode's facts kept: every one computed afresh (the deletion rolled back). */
async function afresh<T>(f: (c: Conn) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await t.db
    .transaction()
    .execute(async (trx) => {
      await sql`DELETE FROM trial_episode_facts`.execute(trx);
      out = await f(trx);
      throw new RollBack();
    })
    .catch((e) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return out as T;
}

/** Every trial's groups and page read through the kept facts equal the same computed afresh. */
async function expectKeptEqualsAfresh(day: IsoDate) {
  const db = t.db;
  let rows = 0;
  for (const id of trials) {
    const trial = await getTrial(db, id);
    const kept = await trialEpisodes(db, trial, day, { detail: true });
    expect(kept).toEqual(await trialEpisodes(db, trial, day, { detail: true, kept: false }));
    expect(await trialEpisodes(db, trial, day)).toEqual(await trialEpisodes(db, trial, day, { kept: false }));
    expect(await trialReportNow(db, trial, day, "cost")).toEqual(await afresh((c) => trialReportNow(c, trial, day, "cost")));
    rows += kept.length;
  }
  return rows;
}

describe(`trial measures kept on write on ${ENGINE}`, () => {
  it(
    `equal the trial pages computed afresh after ${WRITES} random writes`,
    async () => {
      const rnd = new Random(20261207);
      const done: Record<string, number> = {};
      let compared = 0;
      for (let i = 0; i < WRITES; i += BATCH) {
        for (let j = 0; j < BATCH; j++) {
          const k = await randomWrite(rnd);
          done[k] = (done[k] ?? 0) + 1;
          // After every write, one trial's groups on one day (the whole pages after each batch).
          const trial = await getTrial(t.db, rnd.pick(trials));
          const day = rnd.pick(DAYS);
          const kept = await trialEpisodes(t.db, trial, day, { detail: true });
          expect(kept).toEqual(await trialEpisodes(t.db, trial, day, { detail: true, kept: false }));
          compared += kept.length;
        }
        compared += await expectKeptEqualsAfresh(rnd.pick(DAYS));
      }
      for (const day of DAYS) compared += await expectKeptEqualsAfresh(day);
      console.log(JSON.stringify(done), `episode rows compared: ${compared}`);
      expect(done.place).toBeGreaterThan(WRITES / 20);
      expect(done.end).toBeGreaterThan(WRITES / 40);
      expect(compared).toBeGreaterThan(200);
      // Facts were kept, settled and open, and every kept row is the episode's facts computed
      // afresh alone, as at its day.
      const kept = await t.db.selectFrom("trial_episode_facts").selectAll().execute();
      expect(kept.filter((k) => k.settled).length).toBeGreaterThan(10);
      expect(kept.filter((k) => !k.settled).length).toBeGreaterThan(10);
      for (const day of new Set(kept.map((k) => k.as_of))) {
        const these = kept.filter((k) => k.as_of === day);
        const fresh = await episodeFactsAt(
          t.db,
          these.map((k) => Number(k.episode_id)),
          day as IsoDate,
        );
        for (const k of these) {
          const f = fresh.get(Number(k.episode_id))!;
          expect({
            settledOn: k.settled ? k.as_of : null,
            found: k.found,
            taType: k.ta_type_code,
            providerId: k.provider_id === null ? null : Number(k.provider_id),
            withChildren: k.with_children,
            pregnant: k.pregnant,
            bnbNights: Number(k.bnb_nights),
            bnbSpells: k.bnb_spells,
            grossPence: Number(k.gross_pence),
            pricedNights: Number(k.priced_nights),
            netPence: k.net_pence === null ? null : Number(k.net_pence),
          }).toEqual({
            settledOn: f.settledOn,
            found: f.found,
            taType: f.taType,
            providerId: f.providerId,
            withChildren: f.withChildren,
            pregnant: f.pregnant,
            bnbNights: f.bnbNights,
            bnbSpells: f.bnbSpells,
            grossPence: f.grossPence,
            pricedNights: f.pricedNights,
            netPence: f.netPence,
          });
        }
      }
      // Real figures were compared: some kept episodes were priced and some spent nights in B&B.
      expect(kept.some((k) => Number(k.gross_pence) > 0)).toBe(true);
      expect(kept.some((k) => Number(k.bnb_nights) > 0)).toBe(true);
    },
    ENGINE === "pglite" ? 300_000 : 240_000,
  );

  it("drops only the household's episodes on a placement change, those after a rate's start on a rate change, none on a trial change", async () => {
    const db = t.db;
    const day: IsoDate = "2026-11-23";
    const keptIds = async () =>
      (await db.selectFrom("trial_episode_facts").select("episode_id").distinct().orderBy("episode_id").execute()).map((r) =>
        Number(r.episode_id),
      );
    const h1 = (await makeHousehold(db)).id;
    const h2 = (await makeHousehold(db)).id;
    const u = units[2];
    await placeHousehold(db, null, { householdId: h1, unitId: u.id, startDate: "2025-07-01", endDate: "2025-08-15", decision: EMERGENCY });
    await placeHousehold(db, null, {
      householdId: h2,
      unitId: units[3].id,
      startDate: "2025-07-03",
      endDate: "2025-10-01",
      decision: EMERGENCY,
    });
    for (const id of trials) await trialEpisodes(db, await getTrial(db, id), day);
    const ep = async (h: number) =>
      Number((await db.selectFrom("episodes").select("id").where("household_id", "=", h).executeTakeFirstOrThrow()).id);
    const [e1, e2] = [await ep(h1), await ep(h2)];
    const before = await keptIds();
    expect(before).toContain(e1);
    expect(before).toContain(e2);
    // A trial changed: nothing dropped (the facts are the episode's own).
    const tr = await getTrial(db, trials[0]);
    await updateTrial(db, null, tr.id, { ...base, name: "Renamed" }, "2025-01-01");
    expect(await keptIds()).toEqual(before);
    // A member of h1 pregnant: h1's episode dropped, h2's kept.
    await sql`UPDATE household_members SET pregnant = true WHERE household_id = ${h1}`.execute(db);
    expect(await keptIds()).toEqual(before.filter((x) => x !== e1));
    // A rate from 2025-09-01 on h2's unit: episodes with a night from then dropped (h2's ran to 2025-10-01).
    const rows = await db.selectFrom("trial_episode_facts").select(["episode_id", "as_of"]).execute();
    await addRate(db, null, units[3].id, { effectiveFrom: "2025-09-01", amount: 4321, basis: "night" });
    expect(await keptIds()).toEqual(
      [...new Set(rows.filter((r) => Number(r.episode_id) !== e1 && r.as_of <= "2025-09-01").map((r) => Number(r.episode_id)))].sort(
        (a, b) => a - b,
      ),
    );
    expect(await keptIds()).not.toContain(e2);
    await expectKeptEqualsAfresh(day);
    // A rolled-back write drops nothing.
    const now = await keptIds();
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`UPDATE unit_rates SET amount_pence = amount_pence + 1`.execute(trx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await keptIds()).toEqual(now);
  });
});
