import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import {
  createTrial,
  getTrial,
  parseTrialForm,
  setHouseholdTags,
  taggedBeforeStart,
  tagsForHousehold,
  trialCsvRows,
  trialGroups,
  updateTrial,
  type TrialInput,
} from "~/features/trials/trials.server";
import { costOfStay } from "../../support/reference-money";
import { compareOutcomes } from "~/features/trials/trials";
import { breachTime } from "~/features/trials/design";

let t: TestDatabase;
const AS_OF = "2026-06-30";
const ids: Record<string, number> = {};
const units: Record<string, { id: number; provider: number }> = {};

async function unit(name: string, kind: "bnb" | "flat", rates: [string, number, "night" | "week"][]) {
  const u =
    kind === "bnb"
      ? await makeUnit(t.db, { ta_type_code: "bnb", shared: true, providerType: "hotel" })
      : await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false, providerType: "agent" });
  for (const [from, amount, basis] of rates) {
    await t.db.insertInto("unit_rates").values({ unit_id: u.id, effective_from: from, amount_pence: amount, basis }).execute();
  }
  const p = await t.db.selectFrom("properties").select("provider_id").where("id", "=", u.property_id).executeTakeFirstOrThrow();
  units[name] = { id: u.id, provider: p.provider_id };
  return u.id;
}

async function household(name: string, family: boolean, stays: [string, string, string | null, string | null][]) {
  const h = await makeHousehold(
    t.db,
    family
      ? [
          { dob: "1990-01-01", relationship: "lead" },
          { dob: "2020-01-01", relationship: "child" },
        ]
      : [{ dob: "1990-01-01", relationship: "lead" }],
  );
  ids[name] = h.id;
  for (const [u, start, end, destination] of stays) {
    await t.db
      .insertInto("placements")
      .values({
        household_id: h.id,
        unit_id: units[u].id,
        start_date: start,
        end_date: end,
        duty: "s188",
        destination: destination as never,
      })
      .execute();
  }
}

const base: TrialInput = {
  name: "Families move-on",
  hypothesis: "Families leave sooner",
  owner: "Squad A",
  start: "2026-05-01",
  end: null,
  primary: "length_of_stay",
  horizon: 90,
  measures: [],
  plannedSize: null,
  selection: "rule",
  children: "with",
  provider: "",
  taTypes: [],
  comparison: "both",
};

beforeAll(async () => {
  t = await createTestDatabase();
  await unit("b1", "bnb", [["2026-01-01", 5000, "night"]]);
  await unit("b3", "bnb", [["2026-01-01", 5000, "night"]]);
  await unit("b4", "bnb", [["2026-01-01", 4000, "night"]]);
  await unit("f2", "flat", [
    ["2026-01-01", 35000, "week"],
    ["2026-06-01", 42000, "week"],
  ]);
  await unit("f4", "flat", [["2026-01-01", 70000, "week"]]);
  await unit("f5", "flat", [["2026-01-01", 6000, "night"]]);
  await household("H1", true, [["b1", "2026-05-10", "2026-06-09", "social_housing"]]);
  await household("H2", true, [["f2", "2026-05-20", null, null]]);
  await household("H3", false, [["b3", "2026-05-15", "2026-05-25", "private_rented"]]);
  // Entered in the before window, 46 nights of B&B (a six-week breach), then a transfer.
  await household("H4", true, [
    ["b4", "2026-03-10", "2026-04-25", null],
    ["f4", "2026-04-25", "2026-05-05", "private_rented"],
  ]);
  // Entered before both windows and still in TA.
  await household("H5", true, [["f5", "2026-02-01", null, null]]);
  await sql`SELECT rebuild_episodes(array_agg(id)) FROM households`.execute(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe(`trial groups on ${ENGINE}`, () => {
  it("puts rule-matching entrants in the change, the same rule before it, and the rest of the period beside it", async () => {
    const trial = await createTrial(t.db, null, base);
    const g = await trialGroups(t.db, trial, AS_OF);
    expect(g.windows.trial).toEqual({ from: "2026-05-01", to: "2026-07-01" });
    expect(g.windows.before).toEqual({ from: "2026-03-01", to: "2026-05-01" });
    expect(g.trial.map((r) => [r.householdId, r.origin, r.days, r.left])).toEqual([
      [ids.H1, "2026-05-10", 30, true],
      [ids.H2, "2026-05-20", 41, false],
    ]);
    expect(g.before!.map((r) => [r.householdId, r.origin, r.days, r.left, r.destination])).toEqual([
      [ids.H4, "2026-03-10", 56, true, "private_rented"],
    ]);
    expect(g.concurrent!.map((r) => [r.householdId, r.days, r.withChildren])).toEqual([[ids.H3, 10, false]]);
  });

  it("with detail, gives each episode's B&B spells and the households the rule does not pick in both windows (issue 19)", async () => {
    const trial = await createTrial(t.db, null, base);
    const plain = await trialGroups(t.db, trial, AS_OF);
    const g = await trialGroups(t.db, trial, AS_OF, { detail: true });
    // the same rows, with the spells added up to the B&B nights
    expect(g.trial.map((r) => r.householdId)).toEqual(plain.trial.map((r) => r.householdId));
    for (const r of [...g.trial, ...g.before!]) {
      expect(r.bnbSpells!.reduce((s, [a, b]) => s + (b - a), 0)).toBe(r.bnbNights);
      expect(typeof r.family).toBe("boolean");
    }
    expect(g.trial[0].bnbSpells).toEqual([[0, 30]]); // H1: 30 nights of B&B from entry
    expect(plain.trial[0].bnbSpells).toBeUndefined();
    // H4: a family with 46 B&B nights from entry passes the six-week limit at the end of night 43
    expect(g.before![0].bnbSpells).toEqual([[0, 46]]);
    expect(breachTime(g.before![0])).toBe(43);
    // untouched: households the rule (with children) does not pick, in the change's window and the before window
    expect(g.untouched!.now.map((r) => r.householdId)).toEqual([ids.H3]);
    expect(g.untouched!.before.every((r) => !r.withChildren)).toBe(true);
  });

  it("counts gross cost with the money rules, B&B nights and six-week breaches", async () => {
    const trial = await createTrial(t.db, null, base);
    const g = await trialGroups(t.db, trial, AS_OF);
    const [h1, h2] = g.trial;
    expect([h1.grossPence, h1.pricedNights, h1.bnbNights, h1.breach]).toEqual([30 * 5000, 30, 30, false]);
    // Weekly £350 for 12 nights (anchored at entry), then £420 from 1 June for 29 nights.
    expect([h2.grossPence, h2.pricedNights, h2.bnbNights]).toEqual([60000 + 174000, 41, 0]);
    const rates = [
      { effectiveFrom: "2026-01-01", amountPence: 35000, basis: "week" as const },
      { effectiveFrom: "2026-06-01", amountPence: 42000, basis: "week" as const },
    ];
    expect(costOfStay(rates, "2026-05-20", null, { from: "2026-05-20", to: AS_OF }).pence).toBe(h2.grossPence);
    const h4 = g.before![0];
    expect([h4.bnbNights, h4.breach, h4.grossPence]).toEqual([46, true, 46 * 4000 + 100000]);
  });

  it("chooses by provider and by TA type at entry", async () => {
    const byProvider = await createTrial(t.db, null, {
      ...base,
      children: "any",
      provider: String(units.b1.provider),
      comparison: "concurrent",
    });
    const g1 = await trialGroups(t.db, byProvider, AS_OF);
    expect(g1.trial.map((r) => r.householdId)).toEqual([ids.H1]);
    expect(g1.before).toBeNull();
    expect(g1.concurrent!.map((r) => r.householdId).sort()).toEqual([ids.H2, ids.H3].sort());
    const byType = await createTrial(t.db, null, {
      ...base,
      children: "any",
      taTypes: ["nightly_self_contained"],
      comparison: "before_after",
    });
    const g2 = await trialGroups(t.db, byType, AS_OF);
    expect(g2.trial.map((r) => r.householdId)).toEqual([ids.H2]);
    expect(g2.before).toEqual([]); // H4 entered in B&B
    expect(g2.concurrent).toBeNull();
    const without = await createTrial(t.db, null, { ...base, children: "without", comparison: "concurrent" });
    expect((await trialGroups(t.db, without, AS_OF)).trial.map((r) => r.householdId)).toEqual([ids.H3]);
  });

  it("chooses tagged households entering TA in the change's window, against untagged ones", async () => {
    const trial = await createTrial(t.db, null, { ...base, selection: "tagged", children: "any" });
    await setHouseholdTags(t.db, null, ids.H3, [trial.id]);
    await setHouseholdTags(t.db, null, ids.H5, [trial.id]);
    expect((await tagsForHousehold(t.db, ids.H5)).find((x) => x.id === trial.id)?.tagged).toBe(true);
    const g = await trialGroups(t.db, trial, AS_OF);
    // H5 entered TA before the change started: tagged, but not counted.
    expect(g.trial.map((r) => [r.householdId, r.origin, r.days, r.left])).toEqual([[ids.H3, "2026-05-15", 10, true]]);
    expect(await taggedBeforeStart(t.db, trial)).toBe(1);
    expect(g.concurrent!.map((r) => [r.householdId, r.origin, r.days])).toEqual([
      [ids.H1, "2026-05-10", 30],
      [ids.H2, "2026-05-20", 41],
    ]);
    expect(g.before!.map((r) => [r.householdId, r.origin])).toEqual([[ids.H4, "2026-03-10"]]);
    // Untagging removes the household, and both changes are in the audit trail.
    await setHouseholdTags(t.db, null, ids.H3, []);
    const again = await trialGroups(t.db, trial, AS_OF);
    expect(again.trial).toEqual([]);
    expect(again.concurrent!.map((r) => r.householdId)).toContain(ids.H3);
    const audits = await t.db
      .selectFrom("audit_events")
      .select("action")
      .where("entity", "=", "trial")
      .where("household_id", "=", ids.H3)
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual(["tag", "untag"]);
  });

  it("gives outcomes with known answers on the small data set", async () => {
    const trial = await createTrial(t.db, null, base);
    const g = await trialGroups(t.db, trial, AS_OF);
    const c = compareOutcomes(g.trial, g.before!, "before");
    // Within 28 days: H1 and H2 were watched 28+ days, neither left by day 28.
    expect(c.trial.leftWithin[0].interval).toMatchObject({ k: 0, n: 2 });
    // Within 56: nobody in the change was watched 56 days yet.
    expect(c.trial.leftWithin[1].interval).toBeNull();
    expect(c.comparison.leftWithin[1].interval).toMatchObject({ k: 1, n: 1 });
    expect(c.trial.breachesPer100).toMatchObject({ k: 0, n: 2 });
    expect(c.comparison.breachesPer100).toMatchObject({ k: 1, n: 1 });
    expect(c.trial.bnbNightsPer100!.estimate).toBe(1500);
    expect(c.trial.exits).toEqual([{ destination: "social_housing", count: 1 }]);
    expect(c.makeUpDifferences.map((d) => d.what)).toEqual(["bnb", "nightly_self_contained"]);
  });

  it("writes anonymised CSV rows: pseudonyms, entry week, no names or case references", async () => {
    const trial = await createTrial(t.db, null, base);
    const rows = await trialCsvRows(t.db, trial, AS_OF);
    expect(rows).toHaveLength(4);
    const h1 = rows.find((r) => r[2] === "trial" && r[4] === 30)!;
    expect(h1.slice(2)).toEqual(["trial", "2026-05-04", 30, "no", "with children", "bnb", 150000, 30, 30, "social_housing", ""]); // net: no LHA figure for a test property, so blank
    expect(h1[1]).toMatch(/^[0-9a-f]{10}$/);
    const other = await createTrial(t.db, null, base);
    const rows2 = await trialCsvRows(t.db, other, AS_OF);
    expect(rows2.map((r) => r[1])).not.toContain(h1[1]);
    const text = JSON.stringify(rows);
    const refs = await t.db.selectFrom("households").select("case_ref").execute();
    for (const r of refs) expect(text).not.toContain(r.case_ref);
  });

  it("turns bad form input into GOV.UK messages and keeps what was typed", async () => {
    const form = (entries: [string, string][]) => {
      const f = new FormData();
      for (const [k, v] of entries) f.append(k, v);
      return f;
    };
    const ok: [string, string][] = [
      ["name", "Panel"],
      ["hypothesis", ""],
      ["owner", "Squad"],
      ["start-day", "1"],
      ["start-month", "5"],
      ["start-year", "2026"],
      ["end-day", ""],
      ["end-month", ""],
      ["end-year", ""],
      ["primary", "length_of_stay"],
      ["horizon", "90"],
      ["measures", "length_of_stay"],
      ["measures", "cost"],
      ["selection", "rule"],
      ["children", "any"],
      ["provider", ""],
      ["taTypes", "bnb"],
      ["taTypes", "hostel"],
      ["comparison", "both"],
    ];
    const good = await parseTrialForm(t.db, form(ok));
    expect(good.ok && good.data).toMatchObject({
      start: "2026-05-01",
      end: null,
      measures: ["length_of_stay", "cost"],
      taTypes: ["bnb", "hostel"],
    });
    const bad = await parseTrialForm(
      t.db,
      form([
        ["name", " "],
        ["start-day", "31"],
        ["start-month", "2"],
        ["start-year", "2026"],
        ["measures", "nonsense"],
        ["comparison", "sideways"],
      ]),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toMatchObject({
        name: "Enter the name of the change",
        owner: "Enter who owns the change",
        start: "Start date must be a real date",
        selection: "Select how households are chosen",
        comparison: "Select a comparison group",
      });
      expect(bad.errors.measures).toBe("Select secondary measures from the list");
      expect(bad.errors.primary).toBe("Select the primary measure");
      expect(bad.values.start).toEqual({ day: "31", month: "2", year: "2026" });
    }
    const ends = await parseTrialForm(
      t.db,
      form([...ok.filter(([k]) => !k.startsWith("end")), ["end-day", "1"], ["end-month", "4"], ["end-year", "2026"]]),
    );
    expect(!ends.ok && ends.errors.end).toBe("End date must be after the start date");
    // issue 19: a planned size of zero, and a horizon the change cannot observe, are refused
    const zero = await parseTrialForm(t.db, form([...ok, ["plannedSize", "0"]]));
    expect(!zero.ok && zero.errors).toEqual({ plannedSize: "Planned number of households must be 1 or more" });
    const words = await parseTrialForm(t.db, form([...ok, ["plannedSize", "lots"]]));
    expect(!words.ok && words.errors.plannedSize).toBe("Planned number of households must be a whole number, like 120");
    const planned = await parseTrialForm(t.db, form([...ok, ["plannedSize", " 120 "]]));
    expect(planned.ok && planned.data).toMatchObject({ plannedSize: 120, primary: "length_of_stay", horizon: 90 });
    const short = await parseTrialForm(
      t.db,
      form([
        ...ok.filter(([k]) => !k.startsWith("end") && k !== "horizon"),
        ["horizon", "180"],
        ["end-day", "30"],
        ["end-month", "9"],
        ["end-year", "2026"],
      ]),
    );
    expect(!short.ok && short.errors).toEqual({
      horizon:
        "The horizon (180 days) must be shorter than the change runs (153 days), or no household could be watched that long by the end date",
    });
    const odd = await parseTrialForm(t.db, form([...ok.filter(([k]) => k !== "horizon"), ["horizon", "100"]]));
    expect(!odd.ok && odd.errors.horizon).toBe("Select the horizon of the primary measure");
    const ghost = await parseTrialForm(
      t.db,
      form([...ok.filter(([k]) => k !== "provider" && k !== "taTypes"), ["provider", "999999"], ["taTypes", "castle"]]),
    );
    expect(!ghost.ok && ghost.errors).toEqual({ provider: "Select a provider from the list", taTypes: "Select TA types from the list" });
  });

  it("offers the same rows as the named export trial-households", async () => {
    const { getExport } = await import("~/features/exports.server");
    const e = getExport("trial-households")!;
    let text = "";
    for await (const chunk of e.run(t.db, { asOf: AS_OF, today: AS_OF })) text += chunk;
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "trial_id,pseudonymous_id,group,entry_week,days_in_ta,censored,household_type,ta_type_at_entry,gross_cost_pence,priced_nights,bnb_nights,destination,net_cost_pence",
    );
    const trials = await t.db.selectFrom("trials").selectAll().execute();
    let expected = 0;
    for (const tr of trials) expected += (await trialCsvRows(t.db, tr, AS_OF)).length;
    expect(lines.length - 1).toBe(expected);
  });

  it("locks the declared measures, horizon and planned size once the change has started: refused, nothing saved", async () => {
    const trial = await createTrial(t.db, null, { ...base, measures: ["cost"], plannedSize: 80 });
    expect(trial.measures).toEqual(["length_of_stay", "cost"]);
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom("audit_events")
            .select((e) => e.fn.countAll().as("n"))
            .where("entity", "=", "trial")
            .where("entity_id", "=", String(trial.id))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await audits();
    const input: TrialInput = { ...base, measures: ["cost"], plannedSize: 80 };
    const changes: [Partial<TrialInput>, string][] = [
      [{ primary: "exits" }, "primary"],
      [{ horizon: 56 }, "horizon"],
      [{ measures: ["bnb"] }, "measures"],
      [{ plannedSize: 10 }, "plannedSize"],
    ];
    for (const [change, field] of changes) {
      await expect(updateTrial(t.db, null, trial.id, { ...input, ...change }, AS_OF)).rejects.toMatchObject({
        field,
        message: expect.stringMatching(/cannot be changed: the change started on 1 May 2026$/),
      });
    }
    const now = await getTrial(t.db, trial.id);
    expect([now.primary_measure, now.primary_horizon, now.planned_size, now.measures]).toEqual([
      "length_of_stay",
      90,
      80,
      ["length_of_stay", "cost"],
    ]);
    expect(await audits()).toBe(before);
    // the name and end date stay editable; before the start everything is
    expect((await updateTrial(t.db, null, trial.id, { ...input, name: "Renamed again" }, AS_OF)).name).toBe("Renamed again");
    // the end date stays editable after the start, and the page shows that it moved
    const { trialReportNow } = await import("~/features/trials/trial-report.server");
    await updateTrial(t.db, null, trial.id, { ...input, name: "Renamed again", end: "2026-09-30" }, AS_OF);
    const shown = (await trialReportNow(t.db, await getTrial(t.db, trial.id), AS_OF, "entries")).trial.planChanges;
    expect(shown).toEqual([expect.stringMatching(/after the start, the planned end date was changed from none to 30 September 2026\.$/)]);
    const early = await updateTrial(t.db, null, trial.id, { ...input, primary: "exits", horizon: 56 }, "2026-04-30");
    expect([early.primary_measure, early.primary_horizon, early.measures]).toEqual(["exits", 56, ["exits", "cost"]]);
    // and the database refuses a primary measure that is not declared, or a planned size of zero
    await expect(
      t.db
        .updateTable("trials")
        .set({ measures: ["cost"] })
        .where("id", "=", trial.id)
        .execute(),
    ).rejects.toMatchObject({
      code: "23514",
    });
    await expect(t.db.updateTable("trials").set({ planned_size: 0 }).where("id", "=", trial.id).execute()).rejects.toMatchObject({
      code: "23514",
    });
  });

  it("updates a trial, audits before and after, and refuses an end before the start in the database", async () => {
    const trial = await createTrial(t.db, null, base);
    const after = await updateTrial(t.db, null, trial.id, { ...base, name: "Renamed", end: "2026-06-01" }, AS_OF);
    expect(after.name).toBe("Renamed");
    const a = await t.db
      .selectFrom("audit_events")
      .select(["before", "after"])
      .where("entity", "=", "trial")
      .where("entity_id", "=", String(trial.id))
      .where("action", "=", "update")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(a.after)).toContain("Renamed");
    expect(JSON.stringify(a.after)).not.toContain("pseudonym_salt");
    await expect(t.db.updateTable("trials").set({ end_date: "2026-04-01" }).where("id", "=", trial.id).execute()).rejects.toMatchObject({
      code: "23514",
    });
    expect((await getTrial(t.db, trial.id)).end_date).toBe("2026-06-01");
  });
});
