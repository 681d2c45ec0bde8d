/**
 * Trials (process changes): records, tags, and the set-based query that puts
 * each TA episode into the change's group or a comparison group, with its stay,
 * B&B nights and gross cost as at a date. The statistics are in app/domain.
 */
import { createHash } from "node:crypto";
import { sql, type Selectable } from "kysely";
import { TRIAL_KEPT_LOCK } from "../../../db/definitions/trial-kept";
import { pieces } from "~/features/money/spend.server";
import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { dependentChildSql } from "~/features/households/household-facts.server";
import type { TrialsTable } from "~/lib/db/schema";
import { govukDate, requiredText } from "~/lib/forms.server";
import { addDays, daysBetween, formatDate, startOfWeek, type IsoDate } from "~/lib/dates";
import { Refusal } from "~/lib/refusal";
import { HORIZONS } from "~/features/trials/design";
import { sampleSizeTwoProportions } from "~/lib/stats-design";
import { SIX_WEEK_LIMIT_DAYS } from "~/features/placements/six-weeks";
import {
  MEASURES,
  trialWindows,
  type ComparisonChoice,
  type TrialEpisode,
  type TrialGroup,
  type TrialMeasure,
} from "~/features/trials/trials";
import type { Conn } from "~/lib/db/connect";

export type Trial = Selectable<TrialsTable>;

/* --------------------------------------------------------------- input */

const MEASURE_KEYS = Object.keys(MEASURES) as [TrialMeasure, ...TrialMeasure[]];
const HORIZON_KEYS = HORIZONS.map(String) as [string, ...string[]];

export const trialSchema = z
  .object({
    name: requiredText("Enter the name of the change"),
    hypothesis: z.string().trim().max(2000, "Hypothesis must be 2000 characters or fewer"),
    owner: requiredText("Enter who owns the change"),
    start: govukDate("start date"),
    end: govukDate("end date", { optional: true }),
    primary: z.enum(MEASURE_KEYS, { error: "Select the primary measure" }),
    horizon: z.enum(HORIZON_KEYS, { error: "Select the horizon of the primary measure" }).transform(Number),
    measures: z.array(z.enum(MEASURE_KEYS, { error: "Select secondary measures from the list" })),
    plannedSize: z
      .string()
      .trim()
      .regex(/^\d{0,6}$/, "Planned number of households must be a whole number, like 120")
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || v >= 1, "Planned number of households must be 1 or more"),
    selection: z.enum(["rule", "tagged"], { error: "Select how households are chosen" }),
    children: z.enum(["any", "with", "without"], { error: "Select which households by children" }),
    provider: z.string().regex(/^(|\d{1,15})$/, "Select a provider from the list"),
    taTypes: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Select TA types from the list")),
    comparison: z.enum(["before_after", "concurrent", "both"], { error: "Select a comparison group" }),
  })
  .superRefine((v, ctx) => {
    if (v.start && v.end && v.end <= v.start)
      ctx.addIssue({ code: "custom", path: ["end"], message: "End date must be after the start date" });
    else if (v.start && v.end && daysBetween(v.start, addDays(v.end, 1)) <= v.horizon)
      ctx.addIssue({
        code: "custom",
        path: ["horizon"],
        message: `The horizon (${v.horizon} days) must be shorter than the change runs (${daysBetween(v.start, addDays(v.end, 1))} days), or no household could be watched that long by the end date`,
      });
  });

export type TrialInput = z.output<typeof trialSchema>;

/** The form's fields, with the repeated checkbox fields kept as lists. */
export function trialFormInput(form: FormData): Record<string, unknown> {
  const one = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string).slice(0, 5000) : "");
  const many = (k: string) =>
    form
      .getAll(k)
      .filter((x): x is string => typeof x === "string")
      .slice(0, 50);
  const date = (k: string) => ({ day: one(`${k}-day`).trim(), month: one(`${k}-month`).trim(), year: one(`${k}-year`).trim() });
  return {
    name: one("name"),
    hypothesis: one("hypothesis"),
    owner: one("owner"),
    start: date("start"),
    end: date("end"),
    primary: one("primary"),
    horizon: one("horizon"),
    measures: many("measures"),
    plannedSize: one("plannedSize"),
    selection: one("selection"),
    children: one("children") || "any",
    provider: one("provider"),
    taTypes: many("taTypes"),
    comparison: one("comparison"),
  };
}

function toRow(input: TrialInput) {
  return {
    name: input.name,
    hypothesis: input.hypothesis,
    owner: input.owner,
    start_date: input.start as IsoDate,
    end_date: input.end,
    measures: [input.primary, ...[...new Set(input.measures)].filter((m) => m !== input.primary)],
    primary_measure: input.primary,
    primary_horizon: input.horizon,
    planned_size: input.plannedSize,
    selection: input.selection,
    rule_children: input.children,
    rule_provider_id: input.provider === "" ? null : Number(input.provider),
    rule_ta_types: [...new Set(input.taTypes)].sort(),
    comparison: input.comparison,
  };
}

/** Checks the provider and TA types exist; returns field errors (empty when fine). */
export async function checkReferences(db: Conn, input: TrialInput): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (input.provider !== "") {
    const p = await db.selectFrom("providers").select("id").where("id", "=", Number(input.provider)).executeTakeFirst();
    if (!p) errors.provider = "Select a provider from the list";
  }
  if (input.taTypes.length > 0) {
    const known = await db.selectFrom("ta_types").select("code").where("code", "in", input.taTypes).execute();
    if (known.length !== new Set(input.taTypes).size) errors.taTypes = "Select TA types from the list";
  }
  return errors;
}

/* --------------------------------------------------------------- CRUD */

export async function createTrial(db: Conn, actorId: number | null, input: TrialInput): Promise<Trial> {
  const run = async (trx: Conn) => {
    const row = await trx
      .insertInto("trials")
      .values({ ...toRow(input), created_by: actorId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "create", entity: "trial", entityId: row.id, after: publicTrial(row) });
    return row;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * What a started trial may not change (ADR 0035): its primary measure, horizon, secondary
 * measures and planned size. Returns the refused field and message, or null.
 */
export function lockedChange(before: Trial, input: TrialInput, today: IsoDate): { field: string; message: string } | null {
  if (before.start_date > today) return null;
  const row = toRow(input);
  const when = formatDate(before.start_date);
  if (row.primary_measure !== before.primary_measure)
    return { field: "primary", message: `The primary measure cannot be changed: the change started on ${when}` };
  if (row.primary_horizon !== before.primary_horizon)
    return { field: "horizon", message: `The horizon cannot be changed: the change started on ${when}` };
  const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
  if (!same(row.measures, before.measures))
    return { field: "measures", message: `The secondary measures cannot be changed: the change started on ${when}` };
  if (row.planned_size !== before.planned_size)
    return { field: "plannedSize", message: `The planned number of households cannot be changed: the change started on ${when}` };
  return null;
}

/**
 * Saves the trial's details. Once the change has started (on or before `today`) its
 * declared measures, horizon and planned size are locked: a change to them is refused
 * (a Refusal), and nothing is saved.
 */
export async function updateTrial(db: Conn, actorId: number | null, id: number, input: TrialInput, today: IsoDate): Promise<Trial> {
  const run = async (trx: Conn) => {
    const before = await trx.selectFrom("trials").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    const locked = lockedChange(before, input, today);
    if (locked) throw new Refusal(locked.field, locked.message);
    const after = await trx
      .updateTable("trials")
      .set({ ...toRow(input), updated_at: new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: "update",
      entity: "trial",
      entityId: id,
      before: publicTrial(before),
      after: publicTrial(after),
    });
    return after;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The trial without its pseudonym salt (never shown, never audited). */
export function publicTrial(t: Trial) {
  const { pseudonym_salt: _salt, ...rest } = t;
  return rest;
}

export async function getTrial(db: Conn, id: number): Promise<Trial> {
  const t = await db.selectFrom("trials").selectAll().where("id", "=", id).executeTakeFirst();
  if (!t) throw new Response("Not Found", { status: 404 });
  return t;
}

export async function listTrials(db: Conn) {
  return db
    .selectFrom("trials as t")
    .select([
      "t.id",
      "t.name",
      "t.owner",
      "t.start_date",
      "t.end_date",
      "t.selection",
      "t.comparison",
      sql<number>`(SELECT count(*) FROM trial_tags g WHERE g.trial_id = t.id)`.as("tagged"),
    ])
    .orderBy("t.start_date", "desc")
    .orderBy("t.id", "desc")
    .execute();
}

/* ---------------------------------------------------------------- tags */

/** Trials that choose households by tag, with whether this household is tagged. */
export async function tagsForHousehold(db: Conn, householdId: number) {
  return db
    .selectFrom("trials as t")
    .leftJoin("trial_tags as g", (j) => j.onRef("g.trial_id", "=", "t.id").on("g.household_id", "=", householdId))
    .select(["t.id", "t.name", "t.start_date", "t.end_date", sql<boolean>`g.household_id IS NOT NULL`.as("tagged")])
    .where("t.selection", "=", "tagged")
    .orderBy("t.start_date", "desc")
    .orderBy("t.id", "desc")
    .execute();
}

/**
 * Sets which tag-chosen trials this household belongs to: adds and removes
 * tags to match `trialIds`, each change audited. Trials chosen by a rule are ignored.
 */
export async function setHouseholdTags(
  db: Conn,
  actorId: number | null,
  householdId: number,
  trialIds: number[],
): Promise<{ added: number[]; removed: number[] }> {
  const run = async (trx: Conn) => {
    const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).forUpdate().executeTakeFirst();
    if (!h) throw new Response("Not Found", { status: 404 });
    const current = await tagsForHousehold(trx, householdId);
    const wanted = new Set(trialIds);
    const added = current.filter((t) => !t.tagged && wanted.has(t.id)).map((t) => t.id);
    const removed = current.filter((t) => t.tagged && !wanted.has(t.id)).map((t) => t.id);
    if (added.length) {
      await trx
        .insertInto("trial_tags")
        .values(added.map((trial_id) => ({ trial_id, household_id: householdId, tagged_by: actorId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (removed.length) {
      await trx.deleteFrom("trial_tags").where("household_id", "=", householdId).where("trial_id", "in", removed).execute();
    }
    for (const id of added)
      await audit(trx, {
        userId: actorId,
        action: "tag",
        entity: "trial",
        entityId: id,
        householdId,
        after: { trial_id: id, household_id: householdId },
      });
    for (const id of removed)
      await audit(trx, {
        userId: actorId,
        action: "untag",
        entity: "trial",
        entityId: id,
        householdId,
        before: { trial_id: id, household_id: householdId },
      });
    return { added, removed };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/* -------------------------------------------------------------- groups */

export interface TrialGroups {
  asOf: IsoDate;
  windows: ReturnType<typeof trialWindows>;
  trial: TrialEpisode[];
  before: TrialEpisode[] | null;
  concurrent: TrialEpisode[] | null;
  /** For a trial chosen by a rule, with detail: households the rule does not pick, in the change's window and the before window. */
  untouched?: { now: TrialEpisode[]; before: TrialEpisode[] } | null;
}

/** Which comparison groups a choice asks for. */
export function comparisonGroups(choice: ComparisonChoice): TrialGroup[] {
  return choice === "both" ? ["before", "concurrent"] : choice === "before_after" ? ["before"] : ["concurrent"];
}

/**
 * Every TA episode in the change's group and its comparison group(s), as at
 * `asOf`: the candidate episodes (entering TA in a window) in one query, each episode's own
 * facts by trialFacts (kept for settled episodes, ADR 0057), and the groups chosen from them:
 * - chosen by a rule: episodes entering TA in the change's window that match the
 *   rule (at entry: children, provider, TA type); "before" is the same rule in the
 *   same number of days just before the start; "concurrent" is those entering in
 *   the window that the rule does not pick;
 * - chosen by tags: tagged households entering TA in the window; the comparison
 *   groups are untagged households matching the rule (if any) entering in the same
 *   or the before window. A tagged household that entered TA before the change
 *   started is not counted (see taggedBeforeStart): its stay began before the change
 *   could touch it, and counting it from the start would flatter the change.
 * Length of stay runs from the clock's start to leaving TA, or to `asOf`
 * (still in TA: censored). Costs, gross and net, are priced by episodeMoney with the
 * costing rules of db/definitions/money.ts (held to their reference, costOfStay in tests/support).
 * Each episode's facts are worked out once (episodeFactsAt), whichever group it falls in.
 * tests/features/trials/trials-reference.db.test.ts keeps the query this replaced and checks every row.
 */
export async function trialEpisodes(
  db: Conn,
  trial: Trial,
  asOf: IsoDate,
  /**
   * detail: also each episode's B&B spells and family flag, and, for a trial chosen by a
   * rule, the households the rule does not pick in both windows ("concurrent" and
   * "concurrent_before"), for the difference-in-differences (issue 19).
   * onlyTrial: the change's own group alone (no comparison group is read).
   * kept: false computes every episode's facts afresh (the kept rows are neither read nor stored).
   */
  options: { detail?: boolean; onlyTrial?: boolean; kept?: boolean } = {},
): Promise<(TrialEpisode & { pseudonym: string })[]> {
  const w = trialWindows(trial.start_date, trial.end_date, asOf);
  const tagged = trial.selection === "tagged";
  const detail = options.detail === true;
  const wanted: TrialGroup[] = options.onlyTrial ? [] : [...comparisonGroups(trial.comparison)];
  if (detail && !tagged && !options.onlyTrial)
    for (const g of ["concurrent", "concurrent_before"] as const) if (!wanted.includes(g)) wanted.push(g);
  const windows: [TrialGroup, IsoDate, IsoDate][] = (
    [
      ["trial", w.trial.from, w.trial.to],
      ["before", w.before.from, w.before.to],
      ["concurrent", w.trial.from, w.trial.to],
      ["concurrent_before", w.before.from, w.before.to],
    ] as [TrialGroup, IsoDate, IsoDate][]
  ).filter(([g]) => g === "trial" || wanted.includes(g));
  const from = windows.map((x) => x[1]).sort()[0];
  const cand = await sql<{
    id: number;
    household_id: number;
    start_date: IsoDate;
    end_date: IsoDate | null;
    destination: string | null;
    is_tagged: boolean;
    pseudonym: string;
  }>`
    SELECT e.id, e.household_id, e.start_date, e.end_date, e.destination,
           EXISTS (SELECT 1 FROM trial_tags g WHERE g.trial_id = ${trial.id} AND g.household_id = e.household_id) AS is_tagged,
           substr(md5(${trial.pseudonym_salt} || ':' || e.household_id::text), 1, 10) AS pseudonym
    FROM episodes e
    WHERE e.start_date >= ${from}::date AND e.start_date < ${w.trial.to}::date AND e.start_date <= ${asOf}::date`.execute(db);
  const facts = await trialFacts(
    db,
    cand.rows.map((c) => Number(c.id)),
    asOf,
    options.kept !== false,
  );
  const matches = (f: EpisodeFacts) =>
    (trial.rule_children === "any" || f.withChildren === (trial.rule_children === "with")) &&
    (trial.rule_provider_id === null || f.providerId === Number(trial.rule_provider_id)) &&
    (trial.rule_ta_types.length === 0 || (f.taType !== null && trial.rule_ta_types.includes(f.taType)));
  const out: (TrialEpisode & { pseudonym: string; episodeId: number })[] = [];
  // Days from `asOf` to each date met, worked out once per date (thousands of rows share a few hundred dates).
  const offsets = new Map<IsoDate, number>();
  const offset = (d: IsoDate) => {
    let x = offsets.get(d);
    if (x === undefined) offsets.set(d, (x = daysBetween(asOf, d)));
    return x;
  };
  for (const c of cand.rows) {
    const f = facts.get(Number(c.id));
    // No placement holding the household on the night of entry: not counted.
    if (!f || !f.found) continue;
    const hasLeft = c.end_date !== null && c.end_date <= asOf;
    const stop = hasLeft ? (c.end_date as IsoDate) : asOf;
    const family = f.withChildren || f.pregnant;
    for (const [grp, wfrom, wto] of windows) {
      if (!(c.start_date >= wfrom && c.start_date < wto)) continue;
      if (tagged && (grp === "trial") !== c.is_tagged) continue;
      const m = matches(f);
      const chosen = tagged ? grp === "trial" || m : grp === "concurrent" || grp === "concurrent_before" ? !m : m;
      if (!chosen) continue;
      out.push({
        group: grp,
        householdId: Number(c.household_id),
        origin: c.start_date,
        days: offset(stop) - offset(c.start_date),
        left: hasLeft,
        followUp: offset(asOf) - offset(c.start_date),
        destination: hasLeft ? c.destination : null,
        withChildren: f.withChildren,
        taType: f.taType as string,
        bnbNights: f.bnbNights,
        pricedNights: f.pricedNights,
        grossPence: f.grossPence,
        breach: family && f.bnbNights > SIX_WEEK_LIMIT_DAYS,
        pseudonym: c.pseudonym,
        netPence: f.netPence,
        ...(detail
          ? {
              family,
              bnbSpells: (f.bnbSpells ?? "")
                .split(",")
                .filter((v) => v !== "")
                .map((v) => v.split(":").map(Number) as [number, number]),
            }
          : {}),
        episodeId: Number(c.id),
      });
    }
  }
  const order: TrialGroup[] = ["before", "concurrent", "concurrent_before", "trial"];
  out.sort(
    (a, b) =>
      order.indexOf(a.group) - order.indexOf(b.group) ||
      (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) ||
      a.episodeId - b.episodeId,
  );
  return out.map(({ episodeId: _id, ...r }) => r);
}

/** One TA episode's own facts as at a day, whatever trial reads them (episodeFactsAt). */
export interface EpisodeFacts {
  episodeId: number;
  /** A placement holds the household on the night of entry (an episode without one is not counted). */
  found: boolean;
  /** TA type and provider of the placement holding the household on the night of entry. */
  taType: string | null;
  providerId: number | null;
  /** A dependent child on the day of entry. */
  withChildren: boolean;
  /** A member recorded as pregnant. */
  pregnant: boolean;
  bnbNights: number;
  /** B&B nights as "from:to" day offsets from entry, comma separated; null when none. */
  bnbSpells: string | null;
  grossPence: number;
  pricedNights: number;
  netPence: number | null;
  /**
   * The day from which these facts no longer change with the day asked: the episode has
   * ended and so have all its placements by then (the last night is the night before).
   * Null while anything is open as at the day asked.
   */
  settledOn: IsoDate | null;
}

/**
 * Each episode's own facts as at `asOf`, computed afresh: the one definition of what a trial
 * reads of an episode (the kept rows of trial_episode_facts are these, stored; trialFacts).
 * - the clock starts at entry (the episode's start); the placement holding the household
 *   that night gives the TA type and provider at entry; children at entry by
 *   is_dependent_child; pregnant by the member's flag;
 * - B&B nights (unit_facts.is_bnb) up to leaving TA, or to `asOf` if still in TA;
 * - costs, gross and net, priced by episodeMoney.
 * Set-based: the episodes' placements are read once by a hash join (one index probe per
 * episode took a second at a national council's size).
 */
export async function episodeFactsAt(db: Conn, episodeIds: number[], asOf: IsoDate): Promise<Map<number, EpisodeFacts>> {
  const out = new Map<number, EpisodeFacts>();
  if (episodeIds.length === 0) return out;
  const r = await sql<{
    id: number;
    origin: IsoDate;
    found: boolean;
    ta_type_code: string | null;
    provider_id: number | null;
    with_children: boolean;
    pregnant: boolean;
    bnb_nights: number;
    bnb_spells: string | null;
    settled_on: IsoDate | null;
  }>`
    WITH c AS MATERIALIZED (
      SELECT e.id, e.household_id, e.start_date, e.end_date,
             CASE WHEN e.end_date IS NOT NULL AND e.end_date <= ${asOf}::date THEN e.end_date ELSE ${asOf}::date END AS stop
      FROM episodes e
      WHERE e.id = ANY(${episodeIds}::bigint[]) AND e.start_date <= ${asOf}::date
    ), pl AS MATERIALIZED (
      -- every placement of the episodes, read once (hash-joined)
      SELECT p.id, p.episode_id, p.unit_id, p.start_date, p.end_date, c.start_date AS entry, u.ta_type_code, pr.provider_id
      FROM c
      JOIN placements p ON p.episode_id = c.id
      JOIN units u ON u.id = p.unit_id
      JOIN properties pr ON pr.id = u.property_id
      WHERE p.cancelled_at IS NULL
    ), origin_unit AS (
      -- the placement holding the household on the night the clock starts (the episode's entry)
      SELECT DISTINCT ON (p.episode_id) p.episode_id, p.unit_id, p.ta_type_code, p.provider_id
      FROM pl p
      WHERE p.start_date <= p.entry
      ORDER BY p.episode_id, p.start_date DESC, p.id DESC
    ), ends AS (
      SELECT p.episode_id, bool_or(p.end_date IS NULL) AS open, max(p.end_date) AS last_end
      FROM pl p GROUP BY p.episode_id
    ), nights AS (
      -- each placement's nights inside [entry, stop)
      SELECT c.id AS episode_id, p.unit_id, c.start_date AS origin,
             greatest(p.start_date, c.start_date) AS a0,
             least(coalesce(p.end_date, c.stop), c.stop) AS b0
      FROM c JOIN pl p ON p.episode_id = c.id
    ), bnb AS (
      SELECT n.episode_id, sum(greatest(0, n.b0 - n.a0))::int AS bnb_nights,
             string_agg((n.a0 - n.origin)::text || ':' || (n.b0 - n.origin)::text, ',' ORDER BY n.a0) FILTER (WHERE n.b0 > n.a0) AS bnb_spells
      FROM nights n JOIN unit_facts f ON f.unit_id = n.unit_id AND f.is_bnb
      GROUP BY n.episode_id
    )
    SELECT c.id, c.start_date AS origin, o.episode_id IS NOT NULL AS found, o.ta_type_code, o.provider_id,
           EXISTS (SELECT 1 FROM household_members hm WHERE hm.household_id = c.household_id
                     AND ${dependentChildSql("hm", sql`c.start_date`)}) AS with_children,
           EXISTS (SELECT 1 FROM household_members hm WHERE hm.household_id = c.household_id AND hm.pregnant) AS pregnant,
           coalesce(b.bnb_nights, 0) AS bnb_nights, b.bnb_spells,
           CASE WHEN c.end_date IS NOT NULL AND c.end_date <= ${asOf}::date AND NOT coalesce(x.open, false)
                     AND coalesce(x.last_end, c.end_date) <= ${asOf}::date
                THEN greatest(c.end_date, x.last_end) END AS settled_on
    FROM c
    LEFT JOIN origin_unit o ON o.episode_id = c.id
    LEFT JOIN ends x ON x.episode_id = c.id
    LEFT JOIN bnb b ON b.episode_id = c.id`.execute(db);
  const origins = r.rows
    .filter((x) => x.found)
    .map((x) => x.origin)
    .sort();
  const money = await episodeMoney(
    db,
    r.rows.filter((x) => x.found).map((x) => Number(x.id)),
    origins[0] ?? null,
    asOf,
  );
  for (const x of r.rows) {
    const m = x.found ? money.get(Number(x.id)) : undefined;
    out.set(Number(x.id), {
      episodeId: Number(x.id),
      found: x.found,
      taType: x.ta_type_code,
      providerId: x.provider_id === null ? null : Number(x.provider_id),
      withChildren: x.with_children,
      pregnant: x.pregnant,
      bnbNights: Number(x.bnb_nights),
      bnbSpells: x.bnb_spells,
      grossPence: m?.grossPence ?? 0,
      pricedNights: m?.pricedNights ?? 0,
      netPence: m ? m.netPence : null,
      settledOn: x.settled_on,
    });
  }
  return out;
}

let rule: string | undefined;
/** Names the code that computes the kept facts: a row of another rule is recomputed. */
const keptRule = () =>
  (rule ??= createHash("sha256")
    .update([episodeFactsAt, episodeMoney, pieces].map((f) => f.toString()).join("\n"))
    .digest("hex")
    .slice(0, 16));

/**
 * Each episode's facts as at `asOf` (ADR 0057), from trial_episode_facts where kept (a settled
 * episode's row for any day from its `as_of` on; an open episode's row for that day alone),
 * the rest afresh by episodeFactsAt and stored. Rows are dropped by db/definitions/trial-kept.ts
 * on any change to what they read. `kept: false` computes all afresh and stores nothing.
 */
export async function trialFacts(db: Conn, episodeIds: readonly number[], asOf: IsoDate, kept = true): Promise<Map<number, EpisodeFacts>> {
  const ids = episodeIds.map(Number);
  if (!kept) return episodeFactsAt(db, ids, asOf);
  const out = new Map<number, EpisodeFacts>();
  const read = async (c: Conn, want: number[]) => {
    if (want.length === 0) return;
    // One index probe per episode (the kept rows of other days and episodes are not read).
    const rows = await sql<{
      episode_id: number;
      as_of: IsoDate;
      settled: boolean;
      found: boolean;
      ta_type_code: string | null;
      provider_id: number | null;
      with_children: boolean;
      pregnant: boolean;
      bnb_nights: number;
      bnb_spells: string | null;
      gross_pence: number;
      priced_nights: number;
      net_pence: number | null;
    }>`
      SELECT f.*
      FROM unnest(${want}::bigint[]) AS w(id)
      CROSS JOIN LATERAL (
        SELECT f.episode_id, f.as_of, f.settled, f.found, f.ta_type_code, f.provider_id, f.with_children, f.pregnant,
               f.bnb_nights, f.bnb_spells, f.gross_pence, f.priced_nights, f.net_pence
        FROM trial_episode_facts f
        WHERE f.episode_id = w.id AND f.as_of <= ${asOf}::date AND (f.as_of = ${asOf}::date OR f.settled) AND f.rule = ${keptRule()}
        ORDER BY f.as_of DESC
        LIMIT 1
      ) f`.execute(c);
    for (const x of rows.rows)
      out.set(Number(x.episode_id), {
        episodeId: Number(x.episode_id),
        found: x.found,
        taType: x.ta_type_code,
        providerId: x.provider_id === null ? null : Number(x.provider_id),
        withChildren: x.with_children,
        pregnant: x.pregnant,
        bnbNights: Number(x.bnb_nights),
        bnbSpells: x.bnb_spells,
        grossPence: Number(x.gross_pence),
        pricedNights: Number(x.priced_nights),
        netPence: x.net_pence === null ? null : Number(x.net_pence),
        settledOn: x.settled ? x.as_of : null,
      });
  };
  const missing = () => ids.filter((id) => !out.has(id));
  await read(db, ids);
  if (missing().length === 0) return out;
  if (db.isTransaction) {
    for (const [id, f] of await episodeFactsAt(db, missing(), asOf)) out.set(id, f);
    return out;
  }
  await db.transaction().execute(async (trx) => {
    // Writes to what the facts read wait until this commits, and this waits for those begun.
    await sql`SELECT pg_advisory_xact_lock(${TRIAL_KEPT_LOCK})`.execute(trx);
    // Another reader may have stored some while this one waited.
    await read(trx, missing());
    const fresh = [...(await episodeFactsAt(trx, missing(), asOf)).values()];
    for (const f of fresh) out.set(f.episodeId, f);
    // An open episode's rows of days no longer asked: not those of a change's start (its power).
    await sql`DELETE FROM trial_episode_facts
              WHERE NOT settled AND as_of < ${addDays(asOf, -1)}::date AND as_of NOT IN (SELECT start_date FROM trials)`.execute(trx);
    for (let i = 0; i < fresh.length; i += 1000)
      await trx
        .insertInto("trial_episode_facts")
        .values(
          fresh.slice(i, i + 1000).map((f) => ({
            episode_id: f.episodeId,
            as_of: f.settledOn ?? asOf,
            settled: f.settledOn !== null,
            rule: keptRule(),
            found: f.found,
            ta_type_code: f.taType,
            provider_id: f.providerId,
            with_children: f.withChildren,
            pregnant: f.pregnant,
            bnb_nights: f.bnbNights,
            bnb_spells: f.bnbSpells,
            gross_pence: f.grossPence,
            priced_nights: f.pricedNights,
            net_pence: f.netPence,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["episode_id", "as_of"]).doUpdateSet((eb) => ({
            settled: eb.ref("excluded.settled"),
            rule: eb.ref("excluded.rule"),
            found: eb.ref("excluded.found"),
            ta_type_code: eb.ref("excluded.ta_type_code"),
            provider_id: eb.ref("excluded.provider_id"),
            with_children: eb.ref("excluded.with_children"),
            pregnant: eb.ref("excluded.pregnant"),
            bnb_nights: eb.ref("excluded.bnb_nights"),
            bnb_spells: eb.ref("excluded.bnb_spells"),
            gross_pence: eb.ref("excluded.gross_pence"),
            priced_nights: eb.ref("excluded.priced_nights"),
            net_pence: eb.ref("excluded.net_pence"),
            computed_at: sql`now()`,
          })),
        )
        .execute();
  });
  return out;
}

/**
 * Gross and net cost of each episode's nights up to `asOf` (the clock starts at entry, so the
 * trial's window is the episode's own), with the nights that had a rate in force, priced in
 * SQL by the costing rules' one home (pieces in spend.server.ts over segment_pence and
 * weekly_subsidy_pence, db/definitions/money.ts).
 * - grossPence and pricedNights: the pieces with a rate (a piece is a placement's nights in
 *   one rate period and one charge period; cutting a weekly rate's nights at a charge change
 *   does not change their sum, segment_pence being anchored at the rate's own start). This
 *   was a second pricing of the same nights in trialEpisodes' query (a window over every rate
 *   of every unit: a second or more at a national council's size); the figures are the same
 *   (tests/features/trials/trials.db.test.ts checks them against the reference costOfStay).
 * - netPence: gross less the money rules' subsidy estimate, or null where any placement's
 *   subsidy cannot be estimated (no LHA figure).
 */
async function episodeMoney(
  db: Conn,
  episodeIds: number[],
  from: IsoDate | null,
  asOf: IsoDate,
): Promise<Map<number, { grossPence: number; pricedNights: number; netPence: number | null }>> {
  const out = new Map<number, { grossPence: number; pricedNights: number; netPence: number | null }>();
  if (episodeIds.length === 0 || from === null || from >= asOf) return out;
  const r = await sql<{ episode_id: number; known: boolean; net: number; gross: number; priced: number }>`
    WITH x AS (${pieces(from, asOf, false, sql<boolean>`p.episode_id = ANY(${episodeIds}::bigint[])`)}),
    per AS (
      SELECT x.placement_id, bool_and(x.subsidy IS NOT NULL) AS known, sum(x.gross) - coalesce(sum(x.subsidy), 0) AS net,
             sum(x.gross) FILTER (WHERE x.amount_pence IS NOT NULL) AS gross,
             sum(x.nights) FILTER (WHERE x.amount_pence IS NOT NULL) AS priced
      FROM x GROUP BY x.placement_id
    )
    SELECT p.episode_id, bool_and(per.known) AS known, sum(per.net)::bigint AS net,
           coalesce(sum(per.gross), 0)::bigint AS gross, coalesce(sum(per.priced), 0)::bigint AS priced
    FROM per JOIN placements p ON p.id = per.placement_id
    GROUP BY p.episode_id`.execute(db);
  for (const x of r.rows) {
    out.set(Number(x.episode_id), {
      grossPence: Number(x.gross),
      pricedNights: Number(x.priced),
      netPence: x.known ? Number(x.net) : null,
    });
  }
  return out;
}

/** Tagged households whose current or last episode began before the change started: not counted. */
export async function taggedBeforeStart(db: Conn, trial: Trial): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM trial_tags g
    WHERE g.trial_id = ${trial.id}
      AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.household_id = g.household_id AND e.start_date >= ${trial.start_date}::date)`.execute(
    db,
  );
  return Number(r.rows[0].n);
}

export async function trialGroups(db: Conn, trial: Trial, asOf: IsoDate, options: { detail?: boolean } = {}): Promise<TrialGroups> {
  const rows = await trialEpisodes(db, trial, asOf, options);
  const wanted = comparisonGroups(trial.comparison);
  const untouched = options.detail === true && trial.selection === "rule";
  return {
    asOf,
    windows: trialWindows(trial.start_date, trial.end_date, asOf),
    trial: rows.filter((r) => r.group === "trial"),
    before: wanted.includes("before") ? rows.filter((r) => r.group === "before") : null,
    concurrent: wanted.includes("concurrent") ? rows.filter((r) => r.group === "concurrent") : null,
    untouched: untouched
      ? { now: rows.filter((r) => r.group === "concurrent"), before: rows.filter((r) => r.group === "concurrent_before") }
      : null,
  };
}

/**
 * The council's own recent households for the power calculation: those the rule picks
 * entering TA in the 365 days before the change's start, as at the start (ADR 0035).
 */
export async function recentEpisodes(db: Conn, trial: Trial): Promise<TrialEpisode[]> {
  const start = addDays(trial.start_date, -365);
  const recent: Trial = {
    ...trial,
    selection: "rule",
    comparison: "before_after",
    start_date: start,
    end_date: addDays(trial.start_date, -1),
  };
  return trialEpisodes(db, recent, trial.start_date, { detail: true, onlyTrial: true });
}

/* ----------------------------------------------------------------- CSV */

export const TRIAL_CSV_HEADER = [
  "trial_id",
  "pseudonymous_id",
  "group",
  "entry_week",
  "days_in_ta",
  "censored",
  "household_type",
  "ta_type_at_entry",
  "gross_cost_pence",
  "priced_nights",
  "bnb_nights",
  "destination",
  "net_cost_pence",
] as const;

/** The anonymised rows behind a trial: no names, dates of birth, case references or exact dates. */
export async function trialCsvRows(db: Conn, trial: Trial, asOf: IsoDate) {
  const rows = await trialEpisodes(db, trial, asOf);
  return rows.map(
    (r) =>
      [
        trial.id,
        r.pseudonym,
        r.group,
        startOfWeek(r.origin),
        r.days,
        r.left ? "no" : "yes",
        r.withChildren ? "with children" : "without children",
        r.taType,
        r.grossPence,
        r.pricedNights,
        r.bnbNights,
        r.destination ?? "",
        r.netPence ?? "",
      ] as const,
  );
}

/* ---------------------------------------------------------------- forms */

export interface TrialFormValues {
  name: string;
  hypothesis: string;
  owner: string;
  start: { day: string; month: string; year: string };
  end: { day: string; month: string; year: string };
  primary: string;
  horizon: string;
  measures: string[];
  plannedSize: string;
  selection: string;
  children: string;
  provider: string;
  taTypes: string[];
  comparison: string;
}

/** Parses and checks the trial form: the data, or GOV.UK messages with the input kept. */
export async function parseTrialForm(
  db: Conn,
  form: FormData,
): Promise<{ ok: true; data: TrialInput } | { ok: false; errors: Record<string, string>; values: TrialFormValues }> {
  const input = trialFormInput(form);
  const values = input as unknown as TrialFormValues;
  const result = trialSchema.safeParse(input);
  if (!result.success) {
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "_form");
      if (!errors[key]) errors[key] = issue.message;
    }
    return { ok: false, errors, values };
  }
  const refErrors = await checkReferences(db, result.data);
  if (Object.keys(refErrors).length) return { ok: false, errors: refErrors, values };
  return { ok: true, data: result.data };
}

/** The form's values for an existing trial. */
export function trialToFormValues(t: Trial): TrialFormValues {
  const parts = (d: string | null) =>
    d
      ? { day: String(Number(d.slice(8, 10))), month: String(Number(d.slice(5, 7))), year: d.slice(0, 4) }
      : { day: "", month: "", year: "" };
  return {
    name: t.name,
    hypothesis: t.hypothesis,
    owner: t.owner,
    start: parts(t.start_date),
    end: parts(t.end_date),
    primary: t.primary_measure,
    horizon: String(t.primary_horizon),
    measures: t.measures.filter((m) => m !== t.primary_measure),
    plannedSize: t.planned_size === null ? "" : String(t.planned_size),
    selection: t.selection,
    children: t.rule_children,
    provider: t.rule_provider_id === null ? "" : String(t.rule_provider_id),
    taTypes: t.rule_ta_types,
    comparison: t.comparison,
  };
}

/** Choices for the form. */
export async function trialFormChoices(db: Conn) {
  const providers = await db.selectFrom("providers").select(["id", "name"]).orderBy("name").execute();
  const taTypes = await db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute();
  const measures = (Object.keys(MEASURES) as TrialMeasure[]).map((m) => ({ value: m, label: MEASURES[m] }));
  const horizons = HORIZONS.map((h) => ({ value: String(h), label: `${h} days` }));
  return { providers, taTypes, measures, horizons };
}

/**
 * For setting up a change (issue 19): from every household entering TA in the year to
 * `today`, the share leaving within each horizon (households watched that long) and the
 * households each group needs to detect a 10-point change with 80% power at 5%.
 */
export async function setUpPower(db: Conn, today: IsoDate) {
  const probe = {
    id: 0,
    name: "",
    hypothesis: "",
    owner: "",
    start_date: today,
    end_date: null,
    measures: ["length_of_stay"],
    selection: "rule",
    rule_children: "any",
    rule_provider_id: null,
    rule_ta_types: [],
    comparison: "before_after",
    primary_measure: "length_of_stay",
    primary_horizon: 90,
    planned_size: null,
    pseudonym_salt: "",
    created_by: null,
    created_at: new Date(0),
    updated_at: new Date(0),
  } as Trial;
  const recent = await recentEpisodes(db, probe);
  return HORIZONS.map((h) => {
    const watched = recent.filter((r) => r.followUp >= h);
    const left = watched.filter((r) => r.left && r.days <= h).length;
    const p0 = watched.length ? left / watched.length : null;
    const p1 = p0 === null ? null : p0 <= 0.85 ? p0 + 0.1 : p0 - 0.1;
    return {
      horizon: h,
      watched: watched.length,
      share: p0,
      perGroup: p0 === null || p1 === null || watched.length < 10 ? null : Math.ceil(sampleSizeTwoProportions(p0, p1)),
    };
  });
}
