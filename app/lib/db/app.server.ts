/**
 * The app's database: opened and migrated once per process. A failed start is
 * not cached, so the next request tries again rather than failing for ever.
 */
import { openDatabase, migrateToLatest, type Database, type ErrorMapper, type Timeouts } from "~/lib/db/connect";
import { isConnectionError, isStatementTimeout } from "~/lib/db/errors";
import { env } from "~/lib/env.server";
import { getSetting, setSetting } from "~/lib/settings.server";

declare global {
  var __waypointDb: Promise<Database> | undefined;
  // Set by app/cli/serve.mjs, which closes the database itself after requests finish.

  var __waypointManagedShutdown: boolean | undefined;
}

/**
 * What a request gets when PostgreSQL cannot be reached, or does not answer within the
 * app's timeouts: a 503 "try again" page (the root error boundary), never a crash or a
 * request that hangs. Thrown from the query layer, so every loader and action gets it
 * without a try/catch of its own.
 */
export function unavailable(): Response {
  return new Response("The database cannot be reached just now. Try again in a few minutes.", {
    status: 503,
    headers: { "Retry-After": "30" },
  });
}
const mapError = (e: unknown) => (isConnectionError(e) || isStatementTimeout(e) ? unavailable() : e);

/**
 * The database the environment selects (DATABASE_URL, else the embedded one in
 * WAYPOINT_DATA_DIR), migrated, with the council's district from WAYPOINT_COUNCIL_GSS.
 * The app and the command line both open it here. Only the app passes `timeouts`: the
 * command line's imports and loads may rightly run for minutes, and so may a migration,
 * so the migrations run first on connections without them, closed before the app's open.
 */
export async function openAppDatabase(
  opts: { mapError?: ErrorMapper; timeouts?: Timeouts } = {},
): Promise<Database & { migrated: string[] }> {
  const e = env();
  const open = (timeouts?: Timeouts) =>
    openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.WAYPOINT_DATA_DIR, mapError: opts.mapError, timeouts });
  const database = await open();
  let migrated: string[];
  try {
    migrated = await migrateToLatest(database.db);
    // Written only when it differs: a write moves the data version on, and every worker opens
    // the database on its first request, which would make every kept result stale.
    if (e.WAYPOINT_COUNCIL_GSS && (await getSetting(database.db, "council_gss")) !== e.WAYPOINT_COUNCIL_GSS)
      await setSetting(database.db, "council_gss", e.WAYPOINT_COUNCIL_GSS);
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  if (!opts.timeouts || database.engine !== "pg") return Object.assign(database, { migrated });
  await database.close();
  return Object.assign(await open(opts.timeouts), { migrated });
}

export function getDatabase(): Promise<Database> {
  if (!global.__waypointDb) {
    const e = env();
    const opening = openAppDatabase({
      mapError,
      timeouts: {
        statementMs: e.WAYPOINT_STATEMENT_TIMEOUT_SECONDS * 1000,
        idleInTransactionMs: e.WAYPOINT_IDLE_IN_TRANSACTION_SECONDS * 1000,
      },
    });
    global.__waypointDb = opening;
    opening.catch(() => {
      if (global.__waypointDb === opening) global.__waypointDb = undefined;
    });
    installShutdown();
  }
  return global.__waypointDb;
}

export async function getDb() {
  try {
    return (await getDatabase()).db;
  } catch (e) {
    throw mapError(e);
  }
}

/** Closes the database (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const pending = global.__waypointDb;
  global.__waypointDb = undefined;
  try {
    if (pending) await (await pending).close();
  } catch {
    // closing a database that never opened
  }
}

let shutdownInstalled = false;
function installShutdown() {
  if (shutdownInstalled || global.__waypointManagedShutdown) return;
  shutdownInstalled = true;
  // The embedded database keeps the process alive and must be closed cleanly.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      await closeDatabase();
      process.exit(0);
    });
  }
}
