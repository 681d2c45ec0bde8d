/** Loads generated demo data into an empty database in one transaction, in batches. */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import { hashPassword } from "~/lib/passwords";
import { DEMO_PASSWORD, DEMO_USERS } from "~/demo/users";
import { loadDemoCasework } from "./casework";
import { loadDemoContacts } from "./contacts";
import { loadDemoCaseFile } from "./casefile";
import { DEMO_COUNCIL, generateDemoData, type DemoData, type GenerateOptions } from "./generate";
import { applyDemoTrialEffects, seedDemoTrials } from "./trials";
import { loadDemoMoney } from "./money";
import { DEMO_DISTRICTS } from "./districts";
import { loadDemoStandards } from "./standards";
import { loadDemoLetters } from "./letters";

/** Households per episode rebuild in a bulk load. */
const EPISODE_CHUNK = 50_000;

async function insertBatches<T extends object>(trx: Transaction<DB>, table: keyof DB, rows: T[], size = 1000) {
  for (let i = 0; i < rows.length; i += size) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** The triggers that keep the household make-up by night (db/definitions/household-facts.ts), off during the load. */
const SEGMENT_TRIGGERS = [
  ["households", "households_fact_segments"],
  ["household_members", "household_members_fact_segments_insert"],
  ["member_pregnancies", "member_pregnancies_fact_segments_insert"],
  ["member_pregnancies", "member_pregnancies_fact_segments_update"],
] as const;

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const r = await db
    .selectFrom("households")
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const u = await db
    .selectFrom("users")
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return r.n === 0 && u.n === 0;
}

/** The demo council exactly as it is loaded: generated, then the seeded changes' effects applied. */
export function demoData(opts: GenerateOptions): DemoData {
  return applyDemoTrialEffects(generateDemoData(opts), opts.today);
}

export async function loadDemoData(db: Kysely<DB>, opts: GenerateOptions, onProgress?: (msg: string) => void): Promise<DemoData> {
  const data = demoData(opts);
  onProgress?.(`generated ${data.households.length} households, ${data.placements.length} placements, ${data.units.length} units`);
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("settings")
      .values([
        { key: "council_name", value: JSON.stringify(DEMO_COUNCIL.name) },
        { key: "council_gss", value: JSON.stringify(data.councilGss) },
      ])
      .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value") })))
      .execute();
    await trx
      .insertInto("users")
      .values(DEMO_USERS.map((u) => ({ ...u, password_hash: hash })))
      .execute();
    // The districts the demo council places into, by name; the addresses for notices are made
    // up for the demo (marked so), not the councils' real ones.
    await trx.insertInto("districts").values(DEMO_DISTRICTS).execute();
    await insertBatches(trx, "providers", data.providers);
    await insertBatches(trx, "properties", data.properties);
    await insertBatches(trx, "units", data.units);
    await insertBatches(trx, "unit_rates", data.rates);
    // Bulk load: the calendar triggers are switched off inside this transaction and the
    // calendar is filled in one statement afterwards, so the exclusion constraint still
    // checks every night (a row-by-row trigger made national-size loads take an hour).
    await sql`ALTER TABLE out_of_service DISABLE TRIGGER out_of_service_calendar`.execute(trx);
    await sql`ALTER TABLE placements DISABLE TRIGGER placements_calendar`.execute(trx);
    await insertBatches(trx, "out_of_service", data.outOfService);
    // The household make-up kept by night (ADR 0039) is built once, after the members and
    // their pregnancies are in, not once per batch: its triggers are switched off meanwhile.
    for (const [table, trigger] of SEGMENT_TRIGGERS)
      await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${sql.ref(trigger)}`.execute(trx);
    await insertBatches(trx, "households", data.households);
    await insertBatches(trx, "household_members", data.members);
    await insertBatches(trx, "placements", data.placements, 2000);
    await sql`INSERT INTO unit_calendar (unit_id, nights, out_of_service_id)
              SELECT unit_id, daterange(start_date, end_date, '[)'), id FROM out_of_service WHERE cancelled_at IS NULL`.execute(trx);
    await sql`INSERT INTO unit_calendar (unit_id, nights, placement_id)
              SELECT unit_id, daterange(start_date, end_date, '[)'), id FROM placements WHERE cancelled_at IS NULL`.execute(trx);
    await sql`ALTER TABLE placements ENABLE TRIGGER placements_calendar`.execute(trx);
    await sql`ALTER TABLE out_of_service ENABLE TRIGGER out_of_service_calendar`.execute(trx);
    // The demo's pregnancies were known before each household's first night in TA (or its
    // wait for a placement), as a council's would be when it places a pregnant household.
    await sql`
      UPDATE member_pregnancies mp SET from_date = least(mp.from_date, s.first_night)
      FROM (SELECT h.id, least(h.awaiting_since, (SELECT min(p.start_date) FROM placements p WHERE p.household_id = h.id), ${opts.today}::date) AS first_night
            FROM households h) s
      WHERE s.id = mp.household_id`.execute(trx);
    for (const [table, trigger] of SEGMENT_TRIGGERS)
      await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${sql.ref(trigger)}`.execute(trx);
    await sql`ANALYZE households, household_members, member_pregnancies`.execute(trx);
    await sql`SELECT refresh_household_fact_segments(NULL)`.execute(trx);
    for (const t of ["providers", "properties", "units", "out_of_service", "households", "placements"]) {
      await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), (SELECT coalesce(max(id), 1) FROM ${sql.table(t)}))`.execute(trx);
    }
    // Statistics for the rows just loaded, inside this transaction: without them the
    // planner takes the freshly filled tables for a few hundred rows.
    await sql`ANALYZE households, placements, episodes`.execute(trx);
    // Episodes in calls of up to 50,000 households: each call hash-joins its id list in one
    // pass over placements (migration 0013). One call for 900,000 households took about
    // seven minutes, its sorts and hashes spilling to disk.
    const ids = data.households.map((h) => h.id);
    for (let i = 0; i < ids.length; i += EPISODE_CHUNK) {
      await sql`SELECT rebuild_episodes(${sql.val(ids.slice(i, i + EPISODE_CHUNK))}::bigint[])`.execute(trx);
    }
    await seedDemoTrials(trx, opts.today);
    await loadDemoCasework(trx, opts.today);
    await loadDemoContacts(trx, opts.today);
    await loadDemoCaseFile(trx, opts.today);
    await loadDemoMoney(trx, data, opts.today);
    await loadDemoStandards(trx, opts.today);
    await loadDemoLetters(trx, opts.today, DEMO_COUNCIL.name);
  });
  // Fresh statistics, or the planner guesses at tables it has never seen (a find-a-unit
  // search took 340 ms on the demo before ANALYZE and 120 ms after).
  await sql`ANALYZE`.execute(db);
  return data;
}
