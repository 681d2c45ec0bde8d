/**
 * Opens the database: a pg pool when a connection string is given, otherwise an
 * embedded PostgreSQL (PGlite) in a data folder. Both return the same types:
 * `date` stays a "YYYY-MM-DD" string, int8 and numeric become numbers.
 * No Remix here: the app, the command line and the tests all open the database
 * through this module.
 */
import {
  Kysely,
  Migrator,
  PostgresDialect,
  sql,
  type Transaction,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Migration,
  type MigrationProvider,
  type PostgresPool,
  type PostgresPoolClient,
} from "kysely";
import type { Pool as PgPool } from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { mkdirSync } from "node:fs";
import type { DB } from "./schema";
import { createHash } from "node:crypto";
import { migrations } from "../../../db/migrations/index";
import { definitions } from "../../../db/definitions/index";

export type Engine = "pg" | "pglite";

/** A database or a transaction: data-access functions take either, and the caller owns the transaction. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
  /** The embedded database itself (PGlite only): `waypoint backup` dumps its data folder. */
  pglite?: PGlite;
}

const ENGINES = new WeakMap<object, Engine>();

/**
 * The engine behind a database opened here. PGlite has one connection, so work
 * that must keep one session (temporary tables) needs no connection of its
 * own there, and must not reserve it (that would stall every other query).
 */
export function engineOf(db: Kysely<DB>): Engine | undefined {
  return ENGINES.get(db);
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const asNumber = (v: string) => (v === null ? null : Number(v));

/** Turns an error from the database into another (the app maps a lost connection to a 503). */
export type ErrorMapper = (e: unknown) => unknown;

/** A dialect whose every query error passes through `map`, including connecting and BEGIN/COMMIT. */
function mappingDialect(inner: Dialect, map: ErrorMapper): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      const wrapped = new WeakSet<DatabaseConnection>();
      const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (e) {
          throw map(e);
        }
      };
      return {
        init: () => guard(() => driver.init()),
        acquireConnection: () =>
          guard(async () => {
            const connection = await driver.acquireConnection();
            if (!wrapped.has(connection)) {
              const execute = connection.executeQuery.bind(connection);
              connection.executeQuery = (q) => guard(() => execute(q));
              wrapped.add(connection);
            }
            return connection;
          }),
        beginTransaction: (c, s) => driver.beginTransaction(c, s),
        commitTransaction: (c) => driver.commitTransaction(c),
        rollbackTransaction: (c) => driver.rollbackTransaction(c),
        releaseConnection: (c) => driver.releaseConnection(c),
        destroy: () => driver.destroy(),
      };
    },
  };
}

/**
 * Limits on a session of the app (PostgreSQL only; 0 is no limit). The command line and
 * the migrations open the database without them: an import or a migration may rightly
 * run for minutes.
 */
export interface Timeouts {
  /** statement_timeout: the server cancels a statement that runs longer. */
  statementMs: number;
  /** idle_in_transaction_session_timeout: the server ends a session left idle inside a transaction this long. */
  idleInTransactionMs: number;
}

/**
 * How much longer than the statement timeout a query may go unanswered before the client
 * gives up on it: the server's own cancel comes first, and this only fires when nothing
 * comes back at all (the network, or the server, stalled).
 */
const READ_GRACE_MS = 5_000;

/**
 * The pool as Kysely borrows from it, ending a client whose query got no answer within
 * the read timeout. pg rejects that query but keeps the client waiting for the lost
 * answer; an ended client is dropped by the pool when it comes back, rather than lent
 * to the next request to stall again.
 */
function droppingStalledClients(pool: PgPool): PostgresPool {
  const lent = new WeakMap<object, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let borrowed = lent.get(client);
      if (!borrowed) {
        const query = async (sqlText: string, parameters: readonly unknown[]) => {
          try {
            return await client.query(sqlText, [...parameters]);
          } catch (e) {
            if (e instanceof Error && e.message === "Query read timeout") void client.end().catch(() => {});
            throw e;
          }
        };
        // Only the (sql, parameters) form: Kysely passes a cursor only when the dialect is
        // given one, and none is. pg-pool gives the client a new release() each time it is lent.
        borrowed = { query: query as unknown as PostgresPoolClient["query"], release: () => client.release() };
        lent.set(client, borrowed);
      }
      return borrowed;
    },
    end: () => pool.end(),
  };
}

export async function openPg(connectionString: string, poolSize = 10, mapError?: ErrorMapper, timeouts?: Timeouts): Promise<Database> {
  const pg = await import("pg");
  const { Pool, types } = pg.default ?? pg;
  const typeParser = (oid: number) => {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID || oid === NUMERIC_OID) return asNumber;
    return types.getTypeParser(oid);
  };
  const pool = new Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    // No JIT compilation: the planner switches it on for any query it prices above
    // jit_above_cost, and on the reports at the large size compiling took 1.3 s of a
    // TA1 query that runs in 70 ms. Waypoint's queries are short; JIT never pays back.
    // work_mem 32 MB: at national size the sorts of the units by suitability and of the
    // households in TA spilled to disk at the default 4 MB. A pool of 10 connections with
    // a few sorts each stays well within a database server's memory.
    options: "-c jit=off -c work_mem=32MB",
    ...(timeouts && {
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      ...(timeouts.statementMs > 0 && { query_timeout: timeouts.statementMs + READ_GRACE_MS }),
    }),
    types: { getTypeParser: typeParser as never },
  });
  // Every client listens for errors all its life. pg-pool listens only while a client is
  // idle, and Kysely never does: a client lent to a request whose connection is cut (a
  // restart, a failover, pg_terminate_backend) emitted an unhandled 'error' and ended
  // the process. Its query rejects with the same error (a 503 for the request), and the
  // pool drops the client when it comes back, as it is no longer queryable.
  pool.on("connect", (client) => client.on("error", (err) => console.warn(`database connection lost: ${err.message}`)));
  // Already logged by the client's own listener; the pool replaces the client.
  pool.on("error", () => {});
  const dialect = new PostgresDialect({ pool: droppingStalledClients(pool) });
  const db = new Kysely<DB>({ dialect: mapError ? mappingDialect(dialect, mapError) : dialect });
  ENGINES.set(db, "pg");
  return { db, engine: "pg", close: () => db.destroy() };
}

/** `loadDataDir`: a data folder dumped by PGlite's dumpDataDir, loaded into a new (empty) `dataDir` (`waypoint restore`). */
export async function openPglite(dataDir: string, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const { PGlite, types } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: { btree_gist, pg_trgm },
    ...(opts.loadDataDir && { loadDataDir: opts.loadDataDir }),
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: asNumber,
      [NUMERIC_OID]: asNumber,
    },
  });
  void types;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  ENGINES.set(db, "pglite");
  return {
    db,
    engine: "pglite",
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Brings the database up to date: the schema migrations (frozen, in order), then the
 * current definitions of every function, trigger and view (db/definitions), applied again
 * when any of them changed since they were last applied. Returns what was applied.
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const migrated = (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  return [...migrated, ...(await applyDefinitions(db))];
}

/**
 * SQL text split into its statements at each top-level semicolon (not inside quotes,
 * dollar-quoted bodies or comments): PGlite runs one statement per query.
 */
export function sqlStatements(text: string): string[] {
  const out: string[] = [];
  const push = (statement: string) => {
    if (statement.replace(/--[^\n]*/g, "").trim()) out.push(statement.trim());
  };
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? text.length : close + 1;
    } else if (c === "-" && text[i + 1] === "-") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        i = close < 0 ? text.length : close + tag.length;
      } else i++;
    } else if (c === ";") {
      push(text.slice(start, i));
      start = ++i;
    } else i++;
  }
  push(text.slice(start));
  return out;
}

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

/** The definitions whose text differs from what the database last applied ("definition <name>" each). */
export async function applyDefinitions(db: Kysely<DB>): Promise<string[]> {
  const stale = async (conn: Kysely<DB>) => {
    const applied = new Map((await conn.selectFrom("schema_definitions").select(["name", "hash"]).execute()).map((r) => [r.name, r.hash]));
    return definitions.filter((d) => applied.get(d.name) !== hashOf(d.sql));
  };
  if ((await stale(db)).length === 0) return [];
  return db.transaction().execute(async (trx) => {
    // One process applies them; another starting at the same moment waits, then finds nothing to do.
    await sql`SELECT pg_advisory_xact_lock(7272720018)`.execute(trx);
    const changed = await stale(trx);
    if (changed.length === 0) return [];
    for (const d of definitions) for (const statement of sqlStatements(d.sql)) await sql.raw(statement).execute(trx);
    for (const d of changed) if (d.refresh) await sql.raw(d.refresh).execute(trx);
    for (const d of changed) {
      await trx
        .insertInto("schema_definitions")
        .values({ name: d.name, hash: hashOf(d.sql) })
        .onConflict((oc) => oc.column("name").doUpdateSet({ hash: hashOf(d.sql), applied_at: sql`now()` }))
        .execute();
    }
    return changed.map((d) => `definition ${d.name}`);
  });
}

/** The timeouts apply to PostgreSQL only: the embedded database runs in the process and cannot stall apart from it. */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  mapError?: ErrorMapper;
  timeouts?: Timeouts;
}): Promise<Database> {
  return opts.databaseUrl ? openPg(opts.databaseUrl, 10, opts.mapError, opts.timeouts) : openPglite(opts.dataDir);
}
