/**
 * The app's database: opened and migrated once per process. A failed start is
 * not cached, so the next request tries again rather than failing for ever.
 */
import { openDatabase, migrateToLatest, type Database } from "~/db/connect";
import { env } from "~/env.server";
import { setSetting } from "~/models/settings.server";

declare global {
  // eslint-disable-next-line no-var
  var __waypointDb: Promise<Database> | undefined;
}

export function getDatabase(): Promise<Database> {
  if (!global.__waypointDb) {
    const e = env();
    const opening = (async () => {
      const database = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.WAYPOINT_DATA_DIR });
      try {
        await migrateToLatest(database.db);
        if (e.WAYPOINT_COUNCIL_GSS) await setSetting(database.db, "council_gss", e.WAYPOINT_COUNCIL_GSS);
      } catch (err) {
        await database.close().catch(() => {});
        throw err;
      }
      return database;
    })();
    global.__waypointDb = opening;
    opening.catch(() => {
      if (global.__waypointDb === opening) global.__waypointDb = undefined;
    });
    installShutdown();
  }
  return global.__waypointDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}

let shutdownInstalled = false;
function installShutdown() {
  if (shutdownInstalled) return;
  shutdownInstalled = true;
  // The embedded database keeps the process alive and must be closed cleanly.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      const pending = global.__waypointDb;
      global.__waypointDb = undefined;
      try {
        if (pending) await (await pending).close();
      } catch {
        // closing a database that never opened
      }
      process.exit(0);
    });
  }
}
