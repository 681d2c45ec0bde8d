import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { applyDemoTrialEffects } from "~/demo/trials";
import { generateDemoData } from "~/demo/generate";
import { trialGroups, type Trial } from "~/features/trials/trials.server";
import { compareOutcomes } from "~/features/trials/trials";
import { placementCosts } from "~/features/money/cost.server";

// The demo council as browser tests see it (2026-11-23), at the size `waypoint demo` loads.
const TODAY = "2026-11-23";
const OPTS = { today: TODAY, households: 1500, years: 5 };
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, OPTS);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

async function trial(name: string): Promise<Trial> {
  return t.db.selectFrom("trials").selectAll().where("name", "=", name).executeTakeFirstOrThrow();
}

describe(`demo trials on ${ENGINE}`, { timeout: 180_000 }, () => {
  it("shows the move-on offer as a clear effect: households leave sooner", async () => {
    const g = await trialGroups(t.db, await trial("Move-on offer at day 28"), TODAY);
    const c = compareOutcomes(g.trial, g.before!, "before");
    expect(g.trial.length).toBeGreaterThan(50);
    expect(c.verdict).toBe("effect");
    expect(c.shows[0]).toMatch(/left TA sooner/);
    expect(c.trial.quantiles.median.time!).toBeLessThan(c.comparison.quantiles.median.time!);
  });

  it("prices each household's stay net of estimated subsidy, below its gross cost, and the same as the household page", async () => {
    const g = await trialGroups(t.db, await trial("Move-on offer at day 28"), TODAY);
    const priced = g.trial.filter((e) => e.pricedNights > 0);
    const withNet = priced.filter((e) => e.netPence !== null && e.netPence !== undefined);
    expect(withNet.length).toBeGreaterThan(priced.length / 2);
    for (const e of withNet) expect(e.netPence!).toBeLessThanOrEqual(e.grossPence);
    expect(withNet.some((e) => e.netPence! < e.grossPence)).toBe(true);
    const c = compareOutcomes(g.trial, g.before!, "before");
    expect(c.trial.netCostPerWeek!.estimate).toBeLessThan(c.trial.grossCostPerWeek!.estimate);
    // One household, against the money rules as the household page applies them.
    const one = withNet[0];
    const placements = await t.db
      .selectFrom("placements")
      .select(["id", "unit_id", "start_date", "end_date"])
      .where("household_id", "=", one.householdId)
      .where("cancelled_at", "is", null)
      .where("start_date", ">=", one.origin)
      .where("start_date", "<", TODAY)
      .execute();
    const costs = await placementCosts(t.db, placements, TODAY);
    const net = placements.reduce((s, p) => s + (costs.get(p.id)?.netPence ?? 0), 0);
    expect(one.netPence).toBe(net);
    // Every household of both groups: the SQL pricing equals the domain functions, nulls included.
    const eps = await t.db.selectFrom("episodes").select(["id", "household_id", "start_date"]).execute();
    const episodeOf = new Map(eps.map((e) => [`${e.household_id}:${e.start_date}`, e.id]));
    let compared = 0;
    for (const e of [...g.trial, ...g.before!]) {
      const ps = await t.db
        .selectFrom("placements")
        .select(["id", "unit_id", "start_date", "end_date"])
        .where("episode_id", "=", episodeOf.get(`${e.householdId}:${e.origin}`)!)
        .where("cancelled_at", "is", null)
        .where("start_date", "<", TODAY)
        .execute();
      const c = await placementCosts(t.db, ps, TODAY);
      const want =
        ps.length === 0 || ps.some((p) => c.get(p.id)?.netPence == null) ? null : ps.reduce((s, p) => s + c.get(p.id)!.netPence!, 0);
      expect(e.netPence ?? null, `household ${e.householdId}`).toBe(want);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("shows the prevention call as no detectable effect, with the size it could miss", async () => {
    const g = await trialGroups(t.db, await trial("Prevention call for families"), TODAY);
    const c = compareOutcomes(g.trial, g.before!, "before");
    expect(g.trial.length).toBeGreaterThan(50);
    expect(c.verdict).toBe("no_detectable_effect");
    expect(c.shows.join(" ")).toMatch(/Too few households yet to tell a change of less than \d+ days in the median stay from noise/);
  });

  it("tags households for the tag-chosen change", async () => {
    const g = await trialGroups(t.db, await trial("Welcome call in week one"), TODAY);
    expect(g.trial.length).toBeGreaterThan(10);
    expect(g.concurrent!.length).toBeGreaterThan(g.trial.length);
  });
});

describe("the move-on transform", () => {
  it("only shortens stays, keeps units free of overlaps, and is deterministic", () => {
    const raw = generateDemoData({ ...OPTS, households: 300, years: 2 });
    const a = applyDemoTrialEffects(raw, TODAY);
    const b = applyDemoTrialEffects(raw, TODAY);
    expect(a).toEqual(b);
    const before = new Map(raw.placements.map((p) => [p.id, p]));
    let shortened = 0;
    for (const p of a.placements) {
      const o = before.get(p.id)!;
      expect(p.start_date).toBe(o.start_date);
      if (p.end_date !== o.end_date) {
        shortened++;
        expect(p.end_date).not.toBeNull();
        expect(o.end_date === null || p.end_date! < o.end_date).toBe(true);
        expect(p.end_date! <= TODAY).toBe(true);
        const entry = a.placements
          .filter((x) => x.household_id === p.household_id)
          .map((x) => x.start_date)
          .sort()[0];
        const days = (Date.parse(p.end_date!) - Date.parse(entry)) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(28);
        expect(days).toBeLessThanOrEqual(42);
        expect(p.destination).not.toBeNull();
      }
    }
    expect(shortened).toBeGreaterThan(5);
    // No two placements of a unit overlap.
    const byUnit = new Map<number, typeof a.placements>();
    for (const p of a.placements) byUnit.set(p.unit_id, [...(byUnit.get(p.unit_id) ?? []), p]);
    for (const list of byUnit.values()) {
      const s = [...list].sort((x, y) => (x.start_date < y.start_date ? -1 : 1));
      for (let i = 1; i < s.length; i++) expect(s[i - 1].end_date !== null && s[i - 1].end_date! <= s[i].start_date).toBe(true);
    }
    // The input is untouched (pure).
    expect(raw.placements.length).toBeGreaterThanOrEqual(a.placements.length);
    expect(generateDemoData({ ...OPTS, households: 300, years: 2 })).toEqual(raw);
  });
});

describe(`demo trials' declared design on ${ENGINE} (issue 19)`, { timeout: 180_000 }, () => {
  it("gives the move-on offer a final verdict from its primary measure, over the same 90 days for both groups", async () => {
    const { trialReportNow } = await import("~/features/trials/trial-report.server");
    const tr = await trial("Move-on offer at day 28");
    expect(tr.primary_measure).toBe("length_of_stay");
    expect(tr.primary_horizon).toBe(90);
    const r = await trialReportNow(t.db, tr, TODAY, "left_90");
    const c = r.comparisons[0];
    expect(c.verdict).toBe("effect");
    expect(c.shows[0]).toMatch(/^Households in the change left TA sooner than the comparison group on Days in TA within the first 90 days/);
    expect(c.primary.look).toMatch(/^Final look at 100% of the planned information/);
    expect(c.primary.difference).toMatch(/^-\d+\.\d days \(repeated \d+\.\d% interval -\d+\.\d days to -\d+\.\d days\)$/);
    expect(c.primary.did).toMatch(/^Difference-in-differences/);
    // B&B nights compared over the same first 56 days: both groups watched that long
    const h56 = c.horizons.find((h) => h.horizon === 56)!;
    expect(h56.watched).toMatch(/^\d+ against \d+$/);
    expect(c.followUp.map((f) => f.range)).toEqual([expect.stringMatching(/days$/), expect.stringMatching(/days$/)]);
    expect(c.secondaries.map((s) => s.label)).toEqual([
      "Share leaving TA within 90 days (Kaplan-Meier)",
      "Gross cost per household per week in TA, households watched 90 days or more",
    ]);
    expect(c.secondaries[0].adjusted).toMatch(/Holm p/);
    expect(r.trial.declaredText).toMatch(/^Declared on \d+ \w+ \d{4}, before the change started; locked since the start\.$/);
  });

  it("says the prevention call is interim before its planned end, with the O'Brien-Fleming boundary", async () => {
    const { trialReportNow } = await import("~/features/trials/trial-report.server");
    const r = await trialReportNow(t.db, await trial("Prevention call for families"), TODAY, "left_90");
    const c = r.comparisons[0];
    expect(c.verdict).toBe("interim");
    expect(c.primary.look).toMatch(/^Interim look at \d+% of the planned information .*boundary \|z\| \d\.\d\d/);
    expect(c.shows.join(" ")).toMatch(/This is an interim result/);
  });

  it("answers the welcome call's destination question with a destination test", async () => {
    const { trialReportNow } = await import("~/features/trials/trial-report.server");
    const tr = await trial("Welcome call in week one");
    expect(tr.primary_measure).toBe("exits");
    const r = await trialReportNow(t.db, tr, TODAY, "left_90");
    const c = r.comparisons[0];
    expect(["interim", "interim_effect", "not_yet"]).toContain(c.verdict);
    expect(c.primary.test).toMatch(/^(Fisher's exact test|chi-square test) on the table of destinations/);
    expect(c.destinationTest).toMatch(/\(the primary measure\)\.$/);
    expect(r.power.join(" ")).toMatch(/each group needs about \d+ households/);
  });

  it("tells a squad setting up a change how many households it needs, from the last year", async () => {
    const { setUpPower } = await import("~/features/trials/trials.server");
    const { sampleSizeTwoProportions } = await import("~/lib/stats-design");
    const rows = await setUpPower(t.db, TODAY);
    expect(rows.map((r) => r.horizon)).toEqual([28, 56, 90, 180]);
    for (const r of rows) {
      expect(r.watched).toBeGreaterThan(50);
      const p0 = r.share!;
      expect(r.perGroup).toBe(Math.ceil(sampleSizeTwoProportions(p0, p0 <= 0.85 ? p0 + 0.1 : p0 - 0.1)));
    }
    // fewer households have been watched the longer horizons
    expect(rows[3].watched).toBeLessThan(rows[0].watched);
  });
});
