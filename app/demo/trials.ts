/**
 * Demo changes (trials) for test and learn: one with a real effect, one with
 * none, one chosen by tags. The effect is made by a PURE transform of the
 * generated data before it is inserted: households without children entering
 * TA on or after the move-on offer's start mostly leave between day 28 and
 * day 42. Only nights are removed (an episode is cut short and any later
 * transfer dropped), so no unit is double-booked and no chain is broken.
 * Deterministic: the same data and day give the same result.
 */
import type { Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Destination } from "~/lib/vocabulary";
import { addDays, type IsoDate } from "~/lib/dates";
import { dependentChildren, type HouseholdMember } from "~/features/households/household";
import type { DemoData, GPlacement } from "./generate";

/** Days before "today" that each demo change started. */
const MOVE_ON_STARTS = -238;
const PREVENTION_STARTS = -480;
const WELCOME_STARTS = -90;

export function demoTrialDates(today: IsoDate) {
  return {
    moveOn: addDays(today, MOVE_ON_STARTS),
    prevention: addDays(today, PREVENTION_STARTS),
    welcome: addDays(today, WELCOME_STARTS),
  };
}

/** A small deterministic hash of a household id, in [0, 1). */
function unit(id: number, salt: number): number {
  let x = (id * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296; // ^ gives a signed 32-bit number: make it unsigned
}

const MOVE_ON_DESTINATIONS: Destination[] = ["private_rented", "private_rented", "social_housing", "supported_housing"];

/**
 * The move-on offer at day 28: for each household without children entering
 * TA on or after the start, three in four who would still be in TA at day 42
 * leave on a day between 28 and 42 instead (if that day has come).
 */
export function applyDemoTrialEffects(data: DemoData, today: IsoDate): DemoData {
  const start = demoTrialDates(today).moveOn;
  const members = new Map<number, HouseholdMember[]>();
  for (const m of data.members) {
    const list = members.get(m.household_id) ?? [];
    list.push({ name: m.name, dateOfBirth: m.date_of_birth, relationship: m.relationship, pregnant: m.pregnant, sex: m.sex });
    members.set(m.household_id, list);
  }
  const byHousehold = new Map<number, GPlacement[]>();
  for (const p of data.placements) {
    const list = byHousehold.get(p.household_id) ?? [];
    list.push(p);
    byHousehold.set(p.household_id, list);
  }
  const removed = new Set<number>();
  const changed = new Map<number, GPlacement>();
  for (const [hid, list] of byHousehold) {
    const stays = [...list].sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : a.id - b.id));
    const entry = stays[0].start_date;
    if (entry < start) continue;
    if (dependentChildren(members.get(hid) ?? [], entry).length > 0) continue;
    if (unit(hid, 1) >= 0.75) continue;
    const leave = addDays(entry, 28 + Math.floor(unit(hid, 2) * 15));
    if (leave > today) continue;
    const last = stays[stays.length - 1];
    if (last.end_date !== null && last.end_date <= leave) continue; // would have left by then anyway
    const kept = stays.filter((p) => p.start_date < leave);
    for (const p of stays) if (p.start_date >= leave) removed.add(p.id);
    const final = kept[kept.length - 1];
    changed.set(final.id, {
      ...final,
      end_date: leave,
      destination: MOVE_ON_DESTINATIONS[Math.floor(unit(hid, 3) * MOVE_ON_DESTINATIONS.length)],
      end_reason: "Left temporary accommodation (move-on offer)",
    });
  }
  return {
    ...data,
    placements: data.placements.filter((p) => !removed.has(p.id)).map((p) => changed.get(p.id) ?? p),
  };
}

/** Records the demo changes, and tags some households for the tag-chosen one. */
export async function seedDemoTrials(trx: Transaction<DB>, today: IsoDate): Promise<void> {
  const d = demoTrialDates(today);
  const analyst = await trx.selectFrom("users").select("id").where("role", "=", "analyst").orderBy("id").executeTakeFirst();
  const by = analyst?.id ?? null;
  await trx
    .insertInto("trials")
    .values([
      {
        name: "Move-on offer at day 28",
        hypothesis:
          "Offering every single household a move-on interview and a private rented offer at day 28 means they leave TA sooner, at lower cost.",
        owner: "Move-on squad",
        start_date: d.moveOn,
        // declared a week before the start (ADR 0035: the page says when the design was declared)
        created_at: new Date(`${addDays(d.moveOn, -7)}T09:00:00Z`),
        // households join for 150 days; the verdict is final from then (issue 19)
        end_date: addDays(d.moveOn, 150),
        measures: ["length_of_stay", "left_within", "cost"],
        primary_measure: "length_of_stay",
        primary_horizon: 90,
        selection: "rule",
        rule_children: "without",
        comparison: "before_after",
        created_by: by,
      },
      {
        name: "Prevention call for families",
        hypothesis: "A call from a prevention officer in the first week helps families in TA find a home sooner.",
        owner: "Families squad",
        start_date: d.prevention,
        // declared a week before the start (ADR 0035: the page says when the design was declared)
        created_at: new Date(`${addDays(d.prevention, -7)}T09:00:00Z`),
        // a long change: households join for 540 days, so the demo shows an interim verdict
        end_date: addDays(d.prevention, 540),
        measures: ["length_of_stay", "bnb"],
        primary_measure: "length_of_stay",
        primary_horizon: 180,
        selection: "rule",
        rule_children: "with",
        comparison: "before_after",
        created_by: by,
      },
      {
        name: "Welcome call in week one",
        hypothesis: "A welcome call from the household's officer in the first week cuts lost contact at exit.",
        owner: "Officer practice group",
        start_date: d.welcome,
        // declared a week before the start (ADR 0035: the page says when the design was declared)
        created_at: new Date(`${addDays(d.welcome, -7)}T09:00:00Z`),
        end_date: null,
        measures: ["exits", "length_of_stay"],
        primary_measure: "exits",
        primary_horizon: 56,
        planned_size: 40,
        selection: "tagged",
        comparison: "concurrent",
        created_by: by,
      },
    ])
    .execute();
  const welcome = await trx.selectFrom("trials").select("id").where("name", "=", "Welcome call in week one").executeTakeFirstOrThrow();
  // Tag every fifth household that entered TA since the welcome call started.
  const entrants = await trx
    .selectFrom("episodes")
    .select("household_id")
    .distinct()
    .where("start_date", ">=", d.welcome)
    .where("start_date", "<=", today)
    .orderBy("household_id")
    .execute();
  const tagged = entrants.filter((_, i) => i % 5 === 0).map((e) => ({ trial_id: welcome.id, household_id: e.household_id, tagged_by: by }));
  if (tagged.length) await trx.insertInto("trial_tags").values(tagged).execute();
}
