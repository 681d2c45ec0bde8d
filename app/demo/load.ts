/** Loads generated demo data into an empty database in one transaction, in batches. */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~/db/schema";
import { hashPassword } from "~/domain/passwords";
import { DEMO_PASSWORD, DEMO_USERS } from "~/demo/users";
import { DEMO_COUNCIL, generateDemoData, type DemoData, type GenerateOptions } from "./generate";
import { loadDemoMoney } from "./money";

async function insertBatches<T extends object>(trx: Transaction<DB>, table: keyof DB, rows: T[], size = 1000) {
  for (let i = 0; i < rows.length; i += size) {
    await trx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const r = await db.selectFrom("households").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const u = await db.selectFrom("users").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return r.n === 0 && u.n === 0;
}

export async function loadDemoData(db: Kysely<DB>, opts: GenerateOptions, onProgress?: (msg: string) => void): Promise<DemoData> {
  const data = generateDemoData(opts);
  onProgress?.(`generated ${data.households.length} households, ${data.placements.length} placements, ${data.units.length} units`);
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("settings").values([
      { key: "council_name", value: JSON.stringify(DEMO_COUNCIL.name) },
      { key: "council_gss", value: JSON.stringify(data.councilGss) },
    ]).onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value") }))).execute();
    await trx.insertInto("users").values(DEMO_USERS.map((u) => ({ ...u, password_hash: hash }))).execute();
    await insertBatches(trx, "providers", data.providers);
    await insertBatches(trx, "properties", data.properties);
    await insertBatches(trx, "units", data.units);
    await insertBatches(trx, "unit_rates", data.rates);
    await insertBatches(trx, "out_of_service", data.outOfService);
    await insertBatches(trx, "households", data.households);
    await insertBatches(trx, "household_members", data.members);
    await insertBatches(trx, "placements", data.placements, 500);
    for (const t of ["providers", "properties", "units", "out_of_service", "households", "placements"]) {
      await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), (SELECT coalesce(max(id), 1) FROM ${sql.table(t)}))`.execute(trx);
    }
    await sql`SELECT rebuild_episodes(array_agg(id)) FROM households`.execute(trx);
    await loadDemoMoney(trx, data, opts.today);
  });
  return data;
}
