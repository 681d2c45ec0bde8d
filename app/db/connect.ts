/**
 * Opens the database: a pg pool when a connection string is given, otherwise an
 * embedded PostgreSQL (PGlite) in a data folder. Both return the same types:
 * `date` stays a "YYYY-MM-DD" string, int8 and numeric become numbers.
 * No Remix here: the app, the command line and the tests all open the database
 * through this module.
 */
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from "kysely";
import { mkdirSync } from "node:fs";
import type { DB } from "./schema";
import { migrations } from "../../db/migrations/index";

export type Engine = "pg" | "pglite";

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const asNumber = (v: string) => (v === null ? null : Number(v));

export async function openPg(connectionString: string, poolSize = 10): Promise<Database> {
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
    types: { getTypeParser: typeParser as never },
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", (err) => console.warn(`database connection error: ${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "pg", close: () => db.destroy() };
}

export async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite, types } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: { btree_gist },
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: asNumber,
      [NUMERIC_OID]: asNumber,
    },
  });
  void types;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: "pglite",
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

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPg(opts.databaseUrl) : openPglite(opts.dataDir);
}
