/**
 * The app's database: opened and migrated once per process. A failed start is
 * not cached, so the next request tries again rather than failing for ever.
 */
import type { Kysely } from "kysely";
import { openDatabase, openPg, migrateToLatest, type Database, type ErrorMapper, type Timeouts } from "~/lib/db/connect";
import type { DB } from "~/lib/db/schema";
import { isConnectionError, isRecoveryConflict, isStatementTimeout, isWriteToMergedHousehold } from "~/lib/db/errors";
import { env } from "~/lib/env.server";
import { getSetting, setSetting } from "~/lib/settings.server";

declare global {
  var __waypointDb: Promise<Database> | undefined;
  // The read-only copy (READ_DATABASE_URL), when there is one.
  var __waypointReadDb: Promise<Database> | undefined;
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
/** A write to a merged household: a 409 page saying which household the case continues in (it changed nothing). */
const mergedHousehold = (e: unknown) =>
  new Response(`${(e as Error).message}. Nothing was saved.`, { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
const mapError = (e: unknown) =>
  isConnectionError(e) || isStatementTimeout(e) ? unavailable() : isWriteToMergedHousehold(e) ? mergedHousehold(e) : e;
// On the copy, a query the replay had to cancel (it needed rows the query still saw) is a "try again" too.
const mapReadError = (e: unknown) => (isRecoveryConflict(e) ? unavailable() : mapError(e));

const appTimeouts = (): Timeouts => {
  const e = env();
  return {
    statementMs: e.WAYPOINT_STATEMENT_TIMEOUT_SECONDS * 1000,
    idleInTransactionMs: e.WAYPOINT_IDLE_IN_TRANSACTION_SECONDS * 1000,
  };
};

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
    const opening = openAppDatabase({ mapError, timeouts: appTimeouts() });
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

/**
 * The read-only copy of the database the reports read from (READ_DATABASE_URL, a PostgreSQL
 * streaming replica, ADR 0029), or null when none is configured. Not migrated: a replica
 * replays the primary's schema, and refuses every write.
 */
export function getReadDatabase(): Promise<Database> | null {
  const url = env().READ_DATABASE_URL;
  if (!url) return null;
  if (!global.__waypointReadDb) {
    const opening = openPg(url, 10, mapReadError, appTimeouts());
    global.__waypointReadDb = opening;
    opening.catch(() => {
      if (global.__waypointReadDb === opening) global.__waypointReadDb = undefined;
    });
    installShutdown();
  }
  return global.__waypointReadDb;
}

/**
 * The database reports read from: the read-only copy when one is configured, else the primary.
 * Nothing may write through it. Report loaders use readForReport (app/lib/db/read-copy.server.ts),
 * which also reads the copy's lag and keeps every figure of a page to one snapshot.
 */
export async function getReadDb(): Promise<Kysely<DB>> {
  const copy = getReadDatabase();
  if (!copy) return getDb();
  try {
    return (await copy).db;
  } catch (e) {
    throw mapReadError(e);
  }
}

/** Closes the database, and its read-only copy (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  for (const key of ["__waypointDb", "__waypointReadDb"] as const) {
    const pending = global[key];
    global[key] = undefined;
    try {
      if (pending) await (await pending).close();
    } catch {
      // closing a database that never opened
    }
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
